/**
 * The guard of every dev-server route that changes state (save, presets, corner pin, and any later
 * one: a venue remote, a moderation API). Any web page the artist visits can send requests to
 * localhost: a plain HTML form, a no-cors fetch, a fetch with text/plain. A request is let through
 * only when all of these hold, else it is refused with 403 and a message:
 *
 * 1. the Host header names this machine (localhost, an IP literal, or a host the dev server allows),
 *    so a DNS-rebound name cannot pass for it;
 * 2. an Origin header, when sent (browsers always send it on POST), is the server's own origin;
 * 3. a Sec-Fetch-Site header, when sent, says same-origin;
 * 4. the body is declared JSON (`Content-Type: application/json`), which no form can send and which
 *    makes any cross-origin fetch ask permission first (a preflight this server never grants);
 * 5. the `X-Noctiluca-Session` header holds this dev-server session's token. The token reaches only
 *    pages this server served: it is written into index.html (a `<meta name="noctiluca-session">`),
 *    which another origin cannot read because the server sends no CORS headers.
 *
 * Tools on the artist's machine (curl, tests) send no Origin or Sec-Fetch-Site; they pass with the
 * token, which they can take from the served index.html like the studio does.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { RouteError } from './http.ts';

export const SESSION_HEADER = 'x-noctiluca-session';
export const SESSION_META = 'noctiluca-session';

export interface DevSession {
  /** A random token made when the dev server starts; it lives in memory only. */
  readonly token: string;
  /** Hosts the dev server accepts besides localhost and IP literals (Vite's `server.allowedHosts`). */
  readonly allowedHosts: readonly string[] | true;
}

export function createDevSession(allowedHosts: readonly string[] | true = []): DevSession {
  return { token: randomBytes(32).toString('base64url'), allowedHosts };
}

/** The `<meta>` tag index.html carries in development, so pages of this server can send the token. */
export function sessionMetaTag(session: DevSession): { tag: 'meta'; attrs: Record<string, string>; injectTo: 'head' } {
  return { tag: 'meta', attrs: { name: SESSION_META, content: session.token }, injectTo: 'head' };
}

/** Whether the Host header names this machine or a host the server allows (as Vite decides it). */
export function isAllowedHost(host: string | undefined, allowed: readonly string[] | true): boolean {
  if (allowed === true) return true;
  if (!host) return false;
  const h = host.trim().toLowerCase();
  let name: string;
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end > 0 && isIP(h.slice(1, end)) === 6;
  }
  const colon = h.indexOf(':');
  name = colon === -1 ? h : h.slice(0, colon);
  if (isIP(name) === 4) return true;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  return allowed.some((a) => a === name || (a.startsWith('.') && (a.slice(1) === name || name.endsWith(a))));
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Why a request does not come from a page of this server itself, or null when it does (checks 1–3). */
export function foreignOrigin(req: IncomingMessage, session: DevSession): string | null {
  const host = first(req.headers.host);
  if (!isAllowedHost(host, session.allowedHosts)) {
    return `the request names the host ${JSON.stringify(host ?? '')}, which is not this dev server`;
  }
  const origin = first(req.headers.origin);
  if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}`) {
    return `the request comes from another origin (${origin === 'null' ? 'an opaque origin' : JSON.stringify(origin)})`;
  }
  const site = first(req.headers['sec-fetch-site']);
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return `the request comes from another ${site === 'same-site' ? 'origin of this site' : 'site'} (Sec-Fetch-Site: ${site})`;
  }
  return null;
}

/** Why a state-changing request is refused (checks 1–5), or null when it may go on. */
export function refusal(req: IncomingMessage, session: DevSession): string | null {
  const foreign = foreignOrigin(req, session);
  if (foreign) return foreign;
  const type = (first(req.headers['content-type']) ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') return `the body must be declared as JSON (Content-Type: application/json), got ${JSON.stringify(type || 'none')}`;
  const token = first(req.headers[SESSION_HEADER]);
  if (!token) return `the request has no session token (${SESSION_HEADER}); only pages of this dev server can save`;
  const a = Buffer.from(token);
  const b = Buffer.from(session.token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return 'the session token is not this dev server\'s (was it restarted? reload the page)';
  return null;
}

/** Throw the 403 that refuses a state-changing request, unless it passes every check. */
export function guardStateChange(req: IncomingMessage, session: DevSession): void {
  const why = refusal(req, session);
  if (why) throw new RouteError(403, [`refused: ${why}; nothing was changed`]);
}
