import { describe, expect, it } from 'vitest';
import { MAX_STIR_SAMPLES, STIR_FATIGUE, STIR_RETAIN_SECONDS, StirRecord, quantiseStir } from './stir.ts';

describe('the stirring record', () => {
  it('records disturbances in time order, quantised, and tells listeners', () => {
    const r = new StirRecord();
    const heard: number[] = [];
    r.onRecord((s) => heard.push(s.length));
    r.stir([{ t: 2.00049, x: 0.123456, y: 0.5, strength: 1 }, { t: 1, x: 0.9, y: 0.9 }], 0.05);
    expect(r.list().map((s) => s.t)).toEqual([1, 2]);
    expect(r.list()[1].x).toBe(0.1235);
    expect(heard).toEqual([2]);
    // Added from elsewhere (a relay): not told again.
    r.add([{ t: 1.5, x: 0.2, y: 0.2, r: 0.05, a: 0.7 }]);
    expect(heard).toEqual([2]);
    expect(r.list().map((s) => s.t)).toEqual([1, 1.5, 2]);
  });

  it('stirring the same spot again and again gives weaker flashes, which recover with rest', () => {
    const r = new StirRecord();
    const a = (t: number) => r.stir([{ t, x: 0.5, y: 0.5 }], 0.05)[0]?.a ?? 0;
    const first = a(0);
    let last = first;
    for (let k = 1; k <= 8; k++) last = a(k * 0.1);
    expect(first).toBe(1);
    expect(last).toBeLessThan(0.5);
    // Elsewhere is rested.
    expect(r.stir([{ t: 1, x: 0.1, y: 0.9 }], 0.05)[0].a).toBe(1);
    // After a long rest (five recovery times) the spot is nearly rested again.
    expect(a(1 + 5 * STIR_FATIGUE.recoverySeconds)).toBeGreaterThan(0.95);
  });

  it('gives a frame the samples up to its time within a span, the newest at most', () => {
    const r = new StirRecord();
    r.add(Array.from({ length: 10 }, (_, k) => ({ t: k, x: 0.5, y: 0.5, r: 0.05, a: 1 })));
    expect(r.window(5, 2)).toEqual([4, 6]); // 3 < t ≤ 5
    expect(r.window(5, 100, 1)).toEqual([5, 6]);
    expect(r.window(-1, 5)).toEqual([0, 0]);
    expect(MAX_STIR_SAMPLES).toBeGreaterThan(100);
  });

  it('drops samples older than its retention behind the newest, and a replay replaces everything', () => {
    const r = new StirRecord();
    r.add([{ t: 0, x: 0, y: 0, r: 0.05, a: 1 }]);
    r.add([{ t: STIR_RETAIN_SECONDS + 1, x: 0, y: 0, r: 0.05, a: 1 }]);
    expect(r.length).toBe(1);
    const v = r.version;
    r.replace([{ t: 3, x: 0.3, y: 0.3, r: 0.05, a: 0.5 }]);
    expect(r.version).toBeGreaterThan(v);
    expect(r.list()).toEqual([quantiseStir({ t: 3, x: 0.3, y: 0.3, r: 0.05, a: 0.5 })]);
  });

  it('refuses what is not a number', () => {
    const r = new StirRecord();
    r.stir([{ t: NaN, x: 0, y: 0 }], 0.05);
    r.add([{ t: 1, x: Infinity, y: 0, r: 0.05, a: 1 }]);
    expect(r.length).toBe(0);
  });
});
