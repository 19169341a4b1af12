/**
 * Moderators' login: a name and a password, checked against an Argon2id hash in the database
 * (@node-rs/argon2; `npx noctiluca contributions moderator add <name>` sets one), then a cookie
 * session with a CSRF token from the venue server's own session machinery (../venue/sessions.ts),
 * scoped to /moderate. An unknown name costs the same hash check as a known one.
 */
import { hash, verify } from '@node-rs/argon2';
import type { IncomingHttpHeaders } from 'node:http';
import { CookieSessions, type SessionCheck } from '../venue/sessions.ts';
import type { ContributionStore } from './store.ts';

export const MODERATOR_COOKIE = 'noctiluca_moderator';
export const MODERATOR_PATH = '/moderate';
export const MIN_PASSWORD = 12;

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Checks a moderator's name: lowercase letters, digits, dots, dashes, underscores. */
export function moderatorNameProblem(name: string): string | null {
  return NAME.test(name) ? null : 'a moderator name is 1 to 64 lowercase letters, digits, dots, dashes or underscores, starting with a letter or digit';
}

export function passwordProblem(password: string): string | null {
  return password.length >= MIN_PASSWORD ? null : `a moderator password has at least ${MIN_PASSWORD} characters (a phrase of a few words is best)`;
}

/** The Argon2id hash of a password (the library's defaults: 19 MiB, 2 passes, as OWASP recommends). */
export const hashPassword = (password: string) => hash(password);

let dummy: Promise<string> | null = null;

export class ModeratorAuth {
  readonly sessions: CookieSessions;

  constructor(
    private readonly store: ContributionStore,
    now: () => number = Date.now,
  ) {
    this.sessions = new CookieSessions({ cookie: MODERATOR_COOKIE, path: MODERATOR_PATH, ttlMs: 8 * 3600_000, now });
  }

  /** A session for a right name and password, else null. */
  async login(name: unknown, password: unknown): Promise<{ setCookie: string; csrf: string; name: string } | null> {
    if (typeof name !== 'string' || typeof password !== 'string' || password.length > 1024 || name.length > 64) return null;
    const stored = NAME.test(name) ? await this.store.moderatorHash(name) : null;
    dummy ??= hash('not a password of anyone');
    const ok = await verify(stored ?? (await dummy), password).catch(() => false);
    if (!stored || !ok) return null;
    return { ...this.sessions.open(name), name };
  }

  check(headers: IncomingHttpHeaders, change: boolean): SessionCheck {
    return this.sessions.check(headers, change, 'refused: log in as a moderator first');
  }
}
