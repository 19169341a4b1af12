import { describe, expect, it } from 'vitest';
import { FATIGUE, fireAndTire, writeLightTimeline } from './light.ts';

/** One journey's timeline bytes from its activity bytes (wellness = the sample index). */
const timeline = (activity: number[]) => Uint8Array.from(activity.flatMap((a, s) => [a, s]));
const flashes = (activity: number[]) => {
  const out = new Uint8Array(2 * activity.length);
  writeLightTimeline(timeline(activity), 1, activity.length, out);
  return [...out].filter((_, k) => k % 2 === 0);
};

describe('cells that fire and tire', () => {
  it('a rested cell flashes as brightly as its activity', () => {
    expect(fireAndTire(255, 0).flash).toBe(1);
    expect(fireAndTire(128, 0).flash).toBeCloseTo(128 / 255);
  });

  it('a second event right after the first flashes weaker, and the cell recovers slice by slice', () => {
    const a = Array(32).fill(0);
    a[4] = a[5] = a[14] = 128;
    const f = flashes(a);
    expect(f[4]).toBe(128);
    expect(f[5]).toBeLessThan(0.6 * f[4]); // tired
    expect(f[5]).toBeGreaterThan(0.4 * f[4]);
    expect(f[14]).toBeGreaterThan(0.95 * f[4]); // rested again after eight quiet slices
  });

  it('without an event in the slices before, nothing is tired: the loop start carries its end', () => {
    const a = Array(32).fill(0);
    a[31] = 255;
    a[0] = 255;
    const f = flashes(a);
    // Slice 0 follows slice 31 in the loop: its flash is tired by it.
    expect(f[0]).toBeLessThan(0.6 * 255);
    a[31] = 0;
    expect(flashes(a)[0]).toBe(255);
    expect(FATIGUE.warmup).toBeGreaterThan(0);
  });

  it('keeps the wellness bytes as they are', () => {
    const out = new Uint8Array(16);
    writeLightTimeline(timeline([0, 255, 0, 128, 0, 0, 0, 0]), 1, 8, out);
    expect([...out].filter((_, k) => k % 2 === 1)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
