/**
 * Talking to the dev server's routes from a page it served (src/node/routes/). A route that changes
 * files takes a same-origin JSON request with the session token, which the dev server writes into
 * index.html as `<meta name="noctiluca-session">`; a page on another origin can neither read that
 * page nor send this header. A built site has no token and no routes.
 */

const SESSION_META = 'noctiluca-session';
const SESSION_HEADER = 'X-Noctiluca-Session';

/** This page's session token, or null when the page was not served by the dev server. */
export function devSessionToken(): string | null {
  return document.querySelector(`meta[name="${SESSION_META}"]`)?.getAttribute('content') ?? null;
}

/** POST `body` as JSON to a dev-server route (a URL of this page's own origin) with the session token. */
export function postToDevServer(url: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const token = devSessionToken();
  if (token) headers[SESSION_HEADER] = token;
  return fetch(url, { method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin', cache: 'no-store' });
}
