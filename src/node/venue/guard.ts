/**
 * Refusing requests that another site could make a browser send, in layers that each hold on
 * their own:
 * - the Host header must name this machine (an IP literal, localhost) or a name the venue file
 *   allows (server.allowedHosts): a DNS-rebound name (evil.example resolving to the venue machine)
 *   is refused before anything else, so its pages cannot read or drive the server as same-origin;
 * and for state-changing requests (cross-site request forgery):
 * - Sec-Fetch-Site, set by the browser and not by pages: anything but "same-origin" is refused;
 * - Origin: when present it must be this server's own origin (the Host the request was sent to);
 *   "null" (sandboxed frames, some redirects) is refused;
 * - a JSON body (Content-Type application/json): an HTML form cannot send one, and a page's fetch
 *   cannot send one to another origin without a CORS preflight, which this server never grants;
 * - with a session cookie, a CSRF token from the login response in a header (X-CSRF-Token).
 * Pure functions of the request headers. The Host rule is the dev server's (src/node/routes/guard.ts,
 * isAllowedHost); the rest differs because the remote is reached from a phone with a password, not
 * from pages the server wrote a token into.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isAllowedHost } from '../routes/guard.ts';

export { isAllowedHost };

export interface Refusal {
  status: number;
  reason: string;
}

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Any request that names a host this server does not answer to (DNS rebinding). */
export function hostRefusal(headers: IncomingHttpHeaders, allowed: readonly string[]): Refusal | null {
  const host = header(headers, 'host');
  return isAllowedHost(host, allowed)
    ? null
    : { status: 403, reason: `refused: the request names the host ${JSON.stringify(host ?? '')}, which is not this venue server (add it to server.allowedHosts in the venue file)` };
}

/**
 * Why a browser request that changes state must be refused, or null when it comes from this origin.
 * `requireOrigin`: refuse when the browser says nothing of where the request comes from (cookie
 * sessions); tools that authenticate with a header need not send one.
 */
export function crossSiteRefusal(headers: IncomingHttpHeaders, requireOrigin: boolean): Refusal | null {
  const site = header(headers, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') return { status: 403, reason: `refused: the request comes from another site (Sec-Fetch-Site: ${site})` };
  const origin = header(headers, 'origin');
  const host = header(headers, 'host');
  if (origin !== undefined) {
    if (!host || (origin !== `http://${host}` && origin !== `https://${host}`)) return { status: 403, reason: 'refused: the request comes from another origin' };
  } else if (requireOrigin && site === undefined) {
    return { status: 403, reason: 'refused: the browser did not say where the request comes from (no Origin)' };
  }
  return null;
}

/** A JSON body is required: form posts (urlencoded, multipart, text/plain) are refused. */
export function jsonBodyRefusal(headers: IncomingHttpHeaders): Refusal | null {
  const type = (header(headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' ? null : { status: 415, reason: 'refused: expected a JSON body (Content-Type: application/json)' };
}

/** The WebSocket upgrade of an output link: a page on another origin may not open one. */
export function linkOriginRefusal(headers: IncomingHttpHeaders): Refusal | null {
  const origin = header(headers, 'origin');
  if (origin === undefined) return null; // not a browser: nothing to forge
  const host = header(headers, 'host');
  return host && (origin === `http://${host}` || origin === `https://${host}`) ? null : { status: 403, reason: 'refused: an output link from another origin' };
}
