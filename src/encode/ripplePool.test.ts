import { describe, expect, it } from 'vitest';
import { packTimeline } from './cellTable.ts';
import { POOL_MAX_HEIGHT, POOL_MIN_HEIGHT, flashMoment, poolRipples, pooledFieldSize } from './ripplePool.ts';

const SAMPLES = 8;

/** A light timeline for cells with these activity bytes per slice (wellness 0), packed as the GPU has it. */
function timelineOf(activity: number[][]) {
  const timeline = new Uint8Array(2 * SAMPLES * activity.length);
  activity.forEach((a, j) => a.forEach((v, s) => (timeline[2 * (j * SAMPLES + s)] = v)));
  return packTimeline({ journeyCount: activity.length, timeline, timelineSamples: SAMPLES });
}

const site = (...xy: number[]) => Uint16Array.from(xy.map((v) => Math.round(v * 65535)));
const decode = (pool: ReturnType<typeof poolRipples>, texel: number, s: number) => {
  const i = 4 * (s * pool.width * pool.height + texel);
  return { amplitude: (pool.data[i] / 255) ** 2 * pool.scale, moment: pool.data[i + 1] / 255, at: [pool.data[i + 2] / 255, pool.data[i + 3] / 255] };
};

describe('pooled ripples', () => {
  it('sums the flashes of the cells in a texel, per slice, and keeps their weighted mean moment', () => {
    // Cells 0 and 1 in the bottom-left texel of a 2x2 grid, cell 2 in the top-right one.
    const quiet = Array(SAMPLES).fill(0);
    const a0 = [...quiet];
    const a1 = [...quiet];
    const a2 = [...quiet];
    a0[3] = 255;
    a1[3] = 85;
    a2[5] = 255;
    const timeline = timelineOf([a0, a1, a2]);
    const pool = poolRipples(site(0.1, 0.1, 0.4, 0.3, 0.9, 0.8), 3, timeline, 2, 2);
    expect(pool.samples).toBe(SAMPLES);
    // The fire-and-tire model (light.ts) leaves a rested cell's flash as its activity.
    const light = (cell: number, s: number) => timeline.data[2 * (s * timeline.count + cell)] / 255;
    const sum = light(0, 3) + light(1, 3);
    expect(pool.scale).toBeCloseTo(sum, 5);
    const bottomLeft = decode(pool, 0, 3);
    expect(bottomLeft.amplitude).toBeCloseTo(sum, 2);
    const mean = (light(0, 3) * flashMoment(0, 3) + light(1, 3) * flashMoment(1, 3)) / sum;
    expect(bottomLeft.moment).toBeCloseTo(mean, 2);
    // Where in the texel (2 texels across the mosaic: site 0.1 is 0.2 into the first).
    const w0 = light(0, 3) / sum;
    expect(bottomLeft.at[0]).toBeCloseTo(w0 * 0.2 + (1 - w0) * 0.8, 2);
    expect(bottomLeft.at[1]).toBeCloseTo(w0 * 0.2 + (1 - w0) * 0.6, 2);
    expect(decode(pool, 3, 5).amplitude).toBeCloseTo(light(2, 5), 2);
    expect(decode(pool, 3, 5).moment).toBeCloseTo(flashMoment(2, 5), 2);
    // Nothing where nobody flashed.
    expect(decode(pool, 0, 5).amplitude).toBe(0);
    expect(decode(pool, 1, 3).amplitude).toBe(0);
    expect(decode(pool, 3, 3).amplitude).toBe(0);
  });

  it('keeps a faint flash beside a crowded texel, and is the same bytes every time', () => {
    const busy = Array.from({ length: 200 }, () => [255, 0, 0, 0, 0, 0, 0, 0]);
    const faint = [3, 0, 0, 0, 0, 0, 0, 0];
    const cells = [...busy, faint];
    const xy = [...busy.flatMap(() => [0.1, 0.1]), 0.9, 0.9];
    const timeline = timelineOf(cells);
    const a = poolRipples(site(...xy), cells.length, timeline, 4, 4);
    const b = poolRipples(site(...xy), cells.length, timeline, 4, 4);
    expect(a.data).toEqual(b.data);
    expect(a.data[4 * 15]).toBeGreaterThan(0);
  });

  it('uses the GPU\'s hash for the flash moment (shaders/lib/hash.glsl, lowbias32 of cell × 4099 + slice)', () => {
    // Reference values: the same formula in arbitrary-precision arithmetic masked to 32 bits (Python).
    expect(flashMoment(0, 0)).toBe(0);
    expect(flashMoment(1, 2)).toBeCloseTo(0.06808429956436157, 12);
    expect(flashMoment(4098, 7)).toBeCloseTo(0.9608616828918457, 12);
    expect(flashMoment(999_999, 63)).toBeCloseTo(0.6834524273872375, 12);
  });

  it('sizes the field at about three cell radii a texel, within its bounds', () => {
    expect(pooledFieldSize([16 / 9, 1], 1 / 300)).toEqual([178, 100]);
    expect(pooledFieldSize([16 / 9, 1], 1 / 1500)[1]).toBe(POOL_MAX_HEIGHT);
    expect(pooledFieldSize([16 / 9, 1], 1 / 20)[1]).toBe(POOL_MIN_HEIGHT);
  });
});
