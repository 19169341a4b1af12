import { describe, expect, it } from 'vitest';
import { boundedStep, createClock, gpuTime, MAX_FRAME_STEP, parseEpoch } from './clock.ts';

function fakeSources(mono0 = 1000, wall0 = Date.UTC(2030, 0, 1)) {
  const t = { mono: mono0, wall: wall0 };
  return { t, sources: { monotonicMs: () => t.mono, wallMs: () => t.wall } };
}

describe('createClock: page time', () => {
  it('counts seconds since creation, and resumes from a frozen moment', () => {
    const { t, sources } = fakeSources();
    const c = createClock(null, sources);
    t.mono += 2500;
    expect(c.now()).toBeCloseTo(2.5);
    c.set(10);
    t.mono += 5000;
    expect(c.now()).toBe(10);
    c.set(null);
    t.mono += 1000;
    expect(c.now()).toBeCloseTo(11);
  });
  it('accepts a bare monotonic source (the old signature)', () => {
    let ms = 0;
    const c = createClock(null, () => ms);
    ms = 750;
    expect(c.now()).toBeCloseTo(0.75);
  });
  it('lands on the current time after a long pause of the page (no accumulation of deltas)', () => {
    const { t, sources } = fakeSources();
    const c = createClock(null, sources);
    t.mono += 3_600_000; // an hour hidden
    expect(c.now()).toBeCloseTo(3600);
  });
});

describe('createClock: wall-clock time', () => {
  it('counts from the epoch on the wall clock, whenever the page started', () => {
    const epoch = Date.UTC(2030, 0, 1);
    const a = fakeSources(0, epoch + 100_000);
    const b = fakeSources(999_999, epoch + 101_300); // a second machine, started 1.3 s later
    const ca = createClock(null, a.sources);
    const cb = createClock(null, b.sources);
    ca.setEpoch(epoch);
    cb.setEpoch(epoch);
    a.t.wall = b.t.wall = epoch + 200_000;
    a.t.mono += 99_000;
    b.t.mono += 7;
    expect(ca.now()).toBeCloseTo(200);
    expect(cb.now()).toBeCloseTo(200);
  });
  it('?t= still freezes; resuming follows the wall, not the frozen moment', () => {
    const epoch = Date.UTC(2030, 0, 1);
    const { t, sources } = fakeSources(0, epoch + 50_000);
    const c = createClock(12.5, sources);
    c.setEpoch(epoch);
    expect(c.now()).toBe(12.5);
    t.wall += 10_000;
    expect(c.now()).toBe(12.5);
    c.set(null);
    expect(c.now()).toBeCloseTo(60);
  });
  it('setWall samples the frame at a given wall-clock instant; without an epoch it counts from page load', () => {
    const epoch = Date.UTC(2030, 0, 1);
    const { sources } = fakeSources(0, epoch + 5_000);
    const c = createClock(null, sources);
    c.setWall(epoch + 8_000);
    expect(c.now()).toBeCloseTo(3); // page time: 3 s after load
    c.setEpoch(epoch);
    expect(c.now()).toBeCloseTo(8);
    c.setWall(null);
    expect(c.now()).toBeCloseTo(5);
  });
  it('leaving wall-clock mode does not jump', () => {
    const epoch = Date.UTC(2030, 0, 1);
    const { t, sources } = fakeSources(0, epoch + 40_000);
    const c = createClock(null, sources);
    c.setEpoch(epoch);
    c.setEpoch(null);
    expect(c.now()).toBeCloseTo(40);
    t.mono += 1000;
    expect(c.now()).toBeCloseTo(41);
  });
});

describe('boundedStep', () => {
  it.each([
    [0.016, 0.016],
    [-1, 0],
    [30, MAX_FRAME_STEP],
    [Number.NaN, 0],
    [Infinity, 0],
  ])('%s → %s', (d, expected) => expect(boundedStep(d)).toBe(expected));
});

describe('gpuTime', () => {
  it('passes ordinary session times through', () => {
    expect(gpuTime(12.5, 48)).toBe(12.5);
    expect(gpuTime(3600 * 8, 48)).toBe(3600 * 8);
  });
  it('wraps large and negative times to a whole number of loops (the timeline moment is kept)', () => {
    const year = 365 * 24 * 3600 + 0.25;
    const w = gpuTime(year, 48);
    expect(w).toBeGreaterThanOrEqual(0);
    expect(w).toBeLessThan(65536);
    expect((w / 48) % 1).toBeCloseTo((year / 48) % 1, 6);
    const n = gpuTime(-100, 48);
    expect(n).toBeGreaterThan(0);
    expect(((n / 48) % 1) - (((-100 / 48) % 1) + 1)).toBeCloseTo(0, 6);
  });
  it('is the same on every output for the same time', () => {
    expect(gpuTime(1e9 + 0.125, 37)).toBe(gpuTime(1e9 + 0.125, 37));
  });
});

describe('parseEpoch', () => {
  it.each([
    ['2030-01-01T00:00:00Z', Date.UTC(2030, 0, 1)],
    ['1893456000000', 1893456000000],
    ['', null],
    [null, null],
    ['soon', null],
  ])('%s', (v, expected) => expect(parseEpoch(v)).toBe(expected));
});
