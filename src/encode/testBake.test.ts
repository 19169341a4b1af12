import { describe, expect, it } from 'vitest';
import { decodeBake, encodeBake } from '../bake/codec.ts';
import { syntheticBake, testBake } from './testBake.ts';

describe('syntheticBake', () => {
  it('is plain without a seed: round-robin communities, ramps, a wellness pattern, no activity', () => {
    const b = testBake(4, { events: [1, 2, 3, 4] });
    expect(Array.from(b.community)).toEqual([0, 1, 2, 0]);
    expect(Array.from(b.measures.wellness)).toEqual([0, 1 / 3, 2 / 3, 1].map(Math.fround));
    expect(Array.from(b.measures.events)).toEqual([1, 2, 3, 4]);
    expect(b.timeline[2 * (2 * 8 + 5) + 1]).toBe((2 * 37 + 5) % 256);
    expect(b.timeline.filter((_, k) => k % 2 === 0).every((v) => v === 0)).toBe(true);
  });

  it('with a seed, is the same for the same seed, Harmonia-like, and survives the codec', () => {
    const opts = { seed: 7, samples: 64, communities: ['a', 'b', 'c', 'd', 'e'], window: { start: 2138, end: 2147 } };
    const a = syntheticBake(2000, opts);
    expect(encodeBake(syntheticBake(2000, opts))).toEqual(encodeBake(a));
    expect(encodeBake(syntheticBake(2000, { ...opts, seed: 8 }))).not.toEqual(encodeBake(a));
    const sizes = [0, 1, 2, 3, 4].map((c) => a.community.filter((x) => x === c).length);
    expect(Math.max(...sizes) / Math.min(...sizes)).toBeGreaterThan(2); // skewed, as real neighbourhoods are
    for (let i = 0; i < a.journeyCount; i++) {
      expect(a.measures.first_date[i]).toBeGreaterThanOrEqual(2138);
      expect(a.measures.last_date[i]).toBeLessThanOrEqual(2146);
      expect(a.measures.last_date[i]).toBeGreaterThanOrEqual(a.measures.first_date[i]);
    }
    const flashes = a.timeline.filter((v, k) => k % 2 === 0 && v > 0).length / (2000 * 64);
    expect(flashes).toBeGreaterThan(0.08);
    expect(flashes).toBeLessThan(0.16);
    const back = decodeBake(encodeBake(a).buffer as ArrayBuffer);
    expect(back.journeyCount).toBe(2000);
    expect(back.communities).toEqual(opts.communities);
  });
});
