/**
 * Withdrawal codes: 80 random bits, written as four groups of four letters and digits (Crockford's
 * base 32: no I, L, O or U, so nothing is misread, and a code typed with those letters or in lower
 * case still matches). The database keeps only a SHA-256 of the code: 80 random bits need no slow
 * hash to resist guessing, and a leaked database cannot withdraw anything. A code works once.
 */
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A fresh code, e.g. "7K2M-QX9D-4HTB-8RWE". */
export function newWithdrawalCode(): string {
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let s = '';
  for (let i = 0; i < 16; i++) {
    s = ALPHABET[Number(bits & 31n)] + s;
    bits >>= 5n;
  }
  return s.match(/.{4}/g)!.join('-');
}

/** The code as typed, in its one canonical form, or null when it cannot be a code. */
export function normaliseCode(typed: unknown): string | null {
  if (typeof typed !== 'string' || typed.length > 64) return null;
  const s = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(s) ? s : null;
}

/** What the database keeps of a code. */
export function codeHash(code: string): Buffer {
  return createHash('sha256').update(`noctiluca/withdraw/${normaliseCode(code) ?? code}`, 'utf8').digest();
}
