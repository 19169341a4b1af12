import { describe, expect, it } from 'vitest';
import { qualityFixed } from './adaptiveQuality.tsx';
import { QualityController, qualityLadder, type QualityStep } from './quality.ts';

const ladder = qualityLadder({ dprMax: 2, dprMin: 0.75, bloomLevels: 6, floor: 0.5 });

/** Runs `frames` frames where the interval depends on the current step; returns the steps taken. */
function run(c: QualityController, frames: number, interval: (s: QualityStep, k: number) => number): number[] {
  const trace: number[] = [];
  for (let k = 0; k < frames; k++) {
    c.sample(interval(c.current, k));
    trace.push(c.step);
  }
  return trace;
}

describe('qualityLadder', () => {
  it('lowers resolution and bloom levels in turn, down to the floors and no further', () => {
    expect(ladder[0]).toEqual({ dpr: 2, bloomLevels: 6, quality: 1 });
    const last = ladder[ladder.length - 1];
    expect(last.dpr).toBe(0.75);
    expect(last.bloomLevels).toBe(3);
    for (let k = 1; k < ladder.length; k++) {
      const [a, b] = [ladder[k - 1], ladder[k]];
      expect(b.dpr <= a.dpr && b.bloomLevels <= a.bloomLevels && (b.dpr < a.dpr || b.bloomLevels < a.bloomLevels)).toBe(true);
    }
  });
  it('is one step when there is nothing to lower', () => {
    expect(qualityLadder({ dprMax: 1, dprMin: 1, bloomLevels: 1, floor: 1 })).toHaveLength(1);
  });
});

describe('QualityController', () => {
  it('keeps full quality while the target is held', () => {
    const c = new QualityController(ladder, 60);
    run(c, 3000, () => 16.7);
    expect(c.step).toBe(0);
    expect(c.changes).toBe(0);
  });
  it('steps down a slow machine to the floor, and never past it', () => {
    const c = new QualityController(ladder, 60);
    run(c, 5000, () => 40);
    expect(c.step).toBe(ladder.length - 1);
    expect(c.current.dpr).toBeGreaterThanOrEqual(0.75);
    expect(c.current.bloomLevels).toBeGreaterThanOrEqual(3);
  });
  it('drops only as far as needed, then comes back up when the load goes away', () => {
    const c = new QualityController(ladder, 60);
    // Frame time proportional to pixels drawn: 30 ms at dpr 2, so dpr ~1.4 holds 60 fps.
    const trace = run(c, 4000, (s) => 30 * (s.dpr / 2) ** 2);
    expect(c.current.dpr).toBeLessThan(2);
    expect(30 * (c.current.dpr / 2) ** 2).toBeLessThan(16.7 * 1.25);
    expect(c.step).toBeLessThan(ladder.length - 1);
    expect(trace.length).toBe(4000);
    run(c, 20000, () => 8); // the other show on the GPU ended
    expect(c.step).toBe(0);
  });
  it('does not oscillate on the edge: failed raises back off', () => {
    const c = new QualityController(ladder, 60);
    // Step 0 misses the target; step 1 holds it.
    run(c, 60 * 60 * 10, (s) => (s.dpr === 2 && s.bloomLevels === 6 ? 25 : 16.7)); // ten minutes at 60 fps
    expect(c.step).toBe(1);
    expect(c.changes).toBeLessThanOrEqual(20); // a few probes whose spacing doubles (to ~4 min), not one every few seconds
  });
  it('ignores single hitches and the long intervals of a hidden window', () => {
    const c = new QualityController(ladder, 60);
    run(c, 3000, (_, k) => (k % 40 === 0 ? 200 : k % 500 === 0 ? 30_000 : 16.7));
    expect(c.step).toBe(0);
  });
});

describe('qualityFixed', () => {
  it.each([
    ['?quality=fixed', true],
    ['?mode=venue&quality=fixed', true],
    ['', false],
    ['?quality=adaptive', false],
  ])('%s: %s', (search, fixed) => expect(qualityFixed(search)).toBe(fixed));
});
