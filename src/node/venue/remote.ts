/**
 * The phone remote's access: a password (remote.password in the venue file) opens a session,
 * kept in a cookie (HttpOnly, SameSite=Strict, path /remote) with a CSRF token the page sends back
 * in X-CSRF-Token; tools send the password as `Authorization: Bearer <password>` instead (no cookie,
 * so nothing a browser could forge). Every state-changing request also passes guard.ts.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { crossSiteRefusal, jsonBodyRefusal, type Refusal } from './guard.ts';
import { CookieSessions } from './sessions.ts';

export const SESSION_COOKIE = 'noctiluca_remote';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export type Access = { ok: true; by: 'session' | 'bearer' } | ({ ok: false } & Refusal);

export class RemoteAuth {
  private readonly secret: Buffer;
  private readonly sessions: CookieSessions;

  constructor(password: string, now: () => number = Date.now) {
    this.secret = digest(password);
    this.sessions = new CookieSessions({ cookie: SESSION_COOKIE, path: '/remote', now });
  }

  /** Constant-time comparison (of digests, so lengths never leak). */
  matches(password: unknown): boolean {
    return typeof password === 'string' && timingSafeEqual(digest(password), this.secret);
  }

  /** A new session for a right password: its cookie header and CSRF token; null for a wrong one. */
  login(password: unknown): { setCookie: string; csrf: string } | null {
    return this.matches(password) ? this.sessions.open('remote') : null;
  }

  logout(headers: IncomingHttpHeaders): string {
    return this.sessions.close(headers);
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
    const s = this.sessions.check(headers, change, 'refused: log in first (or send Authorization: Bearer <password>)');
    return s.ok ? { ok: true, by: 'session' } : s;
  }

  /** The CSRF token of the request's session (the remote page asks again after a reload). */
  csrfOf(headers: IncomingHttpHeaders): string | null {
    return this.sessions.csrfOf(headers);
  }
}
