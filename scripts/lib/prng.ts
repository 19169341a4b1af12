/**
 * Small deterministic random numbers for sample data: same seed, same sequence, on every platform.
 * mulberry32 is a 32-bit generator with a good spread for its size; hash32 (the "lowbias32" integer
 * hash) is a bijection on 32-bit integers, so it turns indices into unique, opaque-looking ids and
 * derives independent per-item seeds from one master seed.
 */
import { createRandom as mulberry32 } from '../../src/layout/random.ts';

/** A bijective 32-bit integer hash (lowbias32): distinct inputs always give distinct outputs. */
export function hash32(x: number): number {
  x >>>= 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Combines a seed and a stream number into a new seed, for independent sub-streams (one per journey). */
export function mixSeed(seed: number, stream: number): number {
  return hash32((hash32(seed) ^ Math.imul(stream >>> 0, 0x9e3779b9)) >>> 0);
}

/** mulberry32: returns a function giving floats in [0, 1) (one implementation, shared with the layout). */
export { createRandom as mulberry32 } from '../../src/layout/random.ts';

/** A seeded random source with the few helpers sample-data generation needs. */
export class Rng {
  private readonly nextFloat: () => number;

  constructor(seed: number) {
    this.nextFloat = mulberry32(seed);
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextFloat();
  }

  /** Uniform float in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.nextFloat();
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.nextFloat() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.nextFloat() < p;
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.nextFloat() * items.length)];
  }

  /** One key of a weight table, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Partial<Record<K, number>>>): K {
    let total = 0;
    for (const k in weights) total += weights[k] ?? 0;
    let r = this.nextFloat() * total;
    let last: K | undefined;
    for (const k in weights) {
      const w = weights[k] ?? 0;
      if (w <= 0) continue;
      last = k;
      r -= w;
      if (r < 0) return k;
    }
    if (last === undefined) throw new Error('prng: weighted() needs at least one positive weight');
    return last;
  }

  /** Approximately normal (sum of three uniforms), mean 0, standard deviation `sd`. */
  gauss(sd: number): number {
    return (this.nextFloat() + this.nextFloat() + this.nextFloat() - 1.5) * 2 * sd;
  }
}
