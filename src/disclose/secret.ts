/**
 * The installation's secret and the keyed randomness it drives. Every permutation and placement of
 * the disclosure stage comes from here, so the same data baked with two secrets gives unrelated
 * orders and placements, and nobody without the secret (which is never published) can recompute
 * them from the raw ids.
 *
 * Keyed values are AES-128 (a pseudo-random permutation) of a public 106-bit hash of each input,
 * under a key derived from the secret with SHA-256: one block cipher call for all journeys at once.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { hash53 } from './hash';

/** A fresh secret: 32 random bytes as hex. */
export function createSecret(): string {
  return randomBytes(32).toString('hex');
}

/** A secret is 32 to 256 hex digits (the file may end with a newline). */
export function parseSecret(text: string): string | null {
  const s = text.trim();
  return /^[0-9a-f]{32,256}$/i.test(s) ? s.toLowerCase() : null;
}

export class Keyed {
  private readonly key: Buffer;
  constructor(secret: string, purpose: string) {
    this.key = createHash('sha256').update(`noctiluca/${purpose}\u0000${secret}`).digest().subarray(0, 16);
  }

  /** Four pseudo-random 32-bit words per input, as one array (words 4i … 4i + 3 belong to input i). */
  words(inputs: readonly string[]): Uint32Array {
    const n = inputs.length;
    const plain = new Uint32Array(n * 4);
    for (let i = 0; i < n; i++) {
      const a = hash53(inputs[i], 0x9e3779b9);
      const b = hash53(inputs[i], 0x85ebca6b);
      plain[4 * i] = a >>> 0;
      plain[4 * i + 1] = Math.floor(a / 4294967296);
      plain[4 * i + 2] = b >>> 0;
      plain[4 * i + 3] = Math.floor(b / 4294967296);
    }
    const cipher = createCipheriv('aes-128-ecb', this.key, null);
    cipher.setAutoPadding(false);
    const out = Buffer.concat([cipher.update(new Uint8Array(plain.buffer)), cipher.final()]);
    const words = new Uint32Array(n * 4);
    new Uint8Array(words.buffer).set(out);
    return words;
  }
}

/** The keyed words of each journey id: words 0–1 order the journeys, word 2 seeds their placements. */
export function journeyWords(ids: readonly string[], secret: string): Uint32Array {
  return new Keyed(secret, 'journeys').words(ids);
}

/** Journey indices in output order: by their keyed words (ties by id). */
export function orderFromWords(words: Uint32Array, ids: readonly string[]): Uint32Array {
  const order = Array.from({ length: ids.length }, (_, i) => i);
  order.sort((a, b) => words[4 * a] - words[4 * b] || words[4 * a + 1] - words[4 * b + 1] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  return Uint32Array.from(order);
}

/** The order journeys take in the artefact baked with `secret`: journey indices in output order. */
export function keyedOrder(ids: readonly string[], secret: string): Uint32Array {
  return orderFromWords(journeyWords(ids, secret), ids);
}
