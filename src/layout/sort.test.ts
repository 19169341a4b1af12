import { describe, expect, it } from 'vitest';
import { createRandom } from './random.ts';
import { SortedLazily, sortBy } from './sort.ts';

describe('sortBy and SortedLazily', () => {
  // Keys with ties, a wide range (several top digits) and non-finite values.
  const random = createRandom(5);
  const keys = Float64Array.from({ length: 5000 }, (_, i) => (i % 97 === 0 ? NaN : i % 89 === 0 ? Infinity : Math.floor(random() * 700) * (random() < 0.1 ? 1e4 : 1)));
  const reference = [...keys.keys()].sort((a, b) => {
    const ka = Number.isFinite(keys[a]) ? keys[a] : Infinity;
    const kb = Number.isFinite(keys[b]) ? keys[b] : Infinity;
    return ka - kb || a - b;
  });

  it('sort by key, non-finite last, ties by position', () => {
    const items = Uint32Array.from(keys.keys());
    sortBy(items, (i) => keys[i]);
    expect(Array.from(items)).toEqual(reference);
  });

  it('give the same order read lazily', () => {
    const lazy = new SortedLazily(Uint32Array.from(keys.keys()), (i) => keys[i]);
    expect(Array.from({ length: lazy.length }, (_, r) => lazy.at(r))).toEqual(reference);
  });
});
