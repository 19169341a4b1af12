/**
 * The phone remote's access: a password (remote.password in the venue file) opens a session,
 * kept in a cookie (HttpOnly, SameSite=Strict, path /remote) with a CSRF token the page sends back
 * in X-CSRF-Token; tools send the password as `Authorization: Bearer <password>` instead (no cookie,
 * so nothing a browser could forge). Every state-changing request also passes guard.ts.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { crossSiteRefusal, jsonBodyRefusal, type Refusal } from './guard.ts';

export const SESSION_COOKIE = 'noctiluca_remote';
const SESSION_MS = 12 * 3600_000;
const MAX_SESSIONS = 64;

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

function cookie(headers: IncomingHttpHeaders, name: string): string | null {
  for (const part of (headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

export type Access = { ok: true; by: 'session' | 'bearer' } | ({ ok: false } & Refusal);

export class RemoteAuth {
  private readonly secret: Buffer;
  private readonly sessions = new Map<string, { csrf: string; expires: number }>();

  constructor(
    password: string,
    private readonly now: () => number = Date.now,
  ) {
    this.secret = digest(password);
  }

  /** Constant-time comparison (of digests, so lengths never leak). */
  matches(password: unknown): boolean {
    return typeof password === 'string' && timingSafeEqual(digest(password), this.secret);
  }

  /** A new session for a right password: its cookie header and CSRF token; null for a wrong one. */
  login(password: unknown): { setCookie: string; csrf: string } | null {
    if (!this.matches(password)) return null;
    const now = this.now();
    for (const [id, s] of this.sessions) if (s.expires < now) this.sessions.delete(id);
    while (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    const id = randomBytes(24).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    this.sessions.set(id, { csrf, expires: now + SESSION_MS });
    return { setCookie: `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/remote; Max-Age=${SESSION_MS / 1000}`, csrf };
  }

  logout(headers: IncomingHttpHeaders): string {
    const id = cookie(headers, SESSION_COOKIE);
    if (id) this.sessions.delete(id);
    return `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/remote; Max-Age=0`;
  }

  /** Whether a request may read (`change` false) or change the show. */
  check(headers: IncomingHttpHeaders, change: boolean): Access {
    const auth = headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      if (!this.matches(auth.slice(7))) return { ok: false, status: 401, reason: 'refused: wrong token' };
      if (change) {
        const refused = crossSiteRefusal(headers, false) ?? jsonBodyRefusal(headers);
        if (refused) return { ok: false, ...refused };
      }
      return { ok: true, by: 'bearer' };
    }
    const id = cookie(headers, SESSION_COOKIE);
    const s = id ? this.sessions.get(id) : undefined;
    if (!s || s.expires < this.now()) return { ok: false, status: 401, reason: 'refused: log in first (or send Authorization: Bearer <password>)' };
    if (change) {
      const refused = crossSiteRefusal(headers, true) ?? jsonBodyRefusal(headers);
      if (refused) return { ok: false, ...refused };
      const token = headers['x-csrf-token'];
      if (typeof token !== 'string' || !safeEqual(token, s.csrf)) return { ok: false, status: 403, reason: 'refused: missing or wrong CSRF token' };
    }
    return { ok: true, by: 'session' };
  }

  /** The CSRF token of the request's session (the remote page asks again after a reload). */
  csrfOf(headers: IncomingHttpHeaders): string | null {
    const id = cookie(headers, SESSION_COOKIE);
    const s = id ? this.sessions.get(id) : undefined;
    return s && s.expires >= this.now() ? s.csrf : null;
  }
}

function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}
