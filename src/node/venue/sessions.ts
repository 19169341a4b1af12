/**
 * Cookie sessions for the venue server's logged-in pages (the phone remote, the moderators' page):
 * a random session id in a cookie (HttpOnly, SameSite=Strict, scoped to the page's path) and a CSRF
 * token the page sends back in X-CSRF-Token with every change; each change also passes guard.ts
 * (same origin, JSON body). Who may open a session (a password, a moderator's name and password)
 * is the caller's business; this is what happens after.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { crossSiteRefusal, jsonBodyRefusal, type Refusal } from './guard.ts';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Compares two strings in constant time (their digests, so lengths never leak). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

export function cookieValue(headers: IncomingHttpHeaders, name: string): string | null {
  for (const part of (headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

export interface SessionOptions {
  cookie: string;
  /** The cookie's path: the browser sends it to nothing else. */
  path: string;
  ttlMs?: number;
  max?: number;
  now?: () => number;
}

export type SessionCheck = { ok: true; who: string } | ({ ok: false } & Refusal);

export class CookieSessions {
  private readonly sessions = new Map<string, { who: string; csrf: string; expires: number }>();
  private readonly ttlMs: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(private readonly o: SessionOptions) {
    this.ttlMs = o.ttlMs ?? 12 * 3600_000;
    this.max = o.max ?? 64;
    this.now = o.now ?? Date.now;
  }

  /** A new session for someone already verified: its Set-Cookie header and CSRF token. */
  open(who: string): { setCookie: string; csrf: string } {
    const now = this.now();
    for (const [id, s] of this.sessions) if (s.expires < now) this.sessions.delete(id);
    while (this.sessions.size >= this.max) this.sessions.delete(this.sessions.keys().next().value!);
    const id = randomBytes(24).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    this.sessions.set(id, { who, csrf, expires: now + this.ttlMs });
    return { setCookie: `${this.o.cookie}=${id}; HttpOnly; SameSite=Strict; Path=${this.o.path}; Max-Age=${Math.round(this.ttlMs / 1000)}`, csrf };
  }

  /** Ends the request's session; the Set-Cookie header that clears the cookie. */
  close(headers: IncomingHttpHeaders): string {
    const id = cookieValue(headers, this.o.cookie);
    if (id) this.sessions.delete(id);
    return `${this.o.cookie}=; HttpOnly; SameSite=Strict; Path=${this.o.path}; Max-Age=0`;
  }

  /** Ends every session of `who` (a moderator removed). */
  closeAll(who: string): void {
    for (const [id, s] of this.sessions) if (s.who === who) this.sessions.delete(id);
  }

  /** Whether the request's session may read (`change` false) or change state: same origin, JSON, the CSRF token. */
  check(headers: IncomingHttpHeaders, change: boolean, unauthenticated = 'refused: log in first'): SessionCheck {
    const id = cookieValue(headers, this.o.cookie);
    const s = id ? this.sessions.get(id) : undefined;
    if (!s || s.expires < this.now()) return { ok: false, status: 401, reason: unauthenticated };
    if (change) {
      const refused = crossSiteRefusal(headers, true) ?? jsonBodyRefusal(headers);
      if (refused) return { ok: false, ...refused };
      const token = headers['x-csrf-token'];
      if (typeof token !== 'string' || !safeEqual(token, s.csrf)) return { ok: false, status: 403, reason: 'refused: missing or wrong CSRF token' };
    }
    return { ok: true, who: s.who };
  }

  /** The CSRF token of the request's session (a page asks again after a reload). */
  csrfOf(headers: IncomingHttpHeaders): string | null {
    const id = cookieValue(headers, this.o.cookie);
    const s = id ? this.sessions.get(id) : undefined;
    return s && s.expires >= this.now() ? s.csrf : null;
  }
}
