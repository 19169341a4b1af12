import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/index.ts';
import { adaptConfig, guardFlashes, initialReduced, nextDprCap, PHONE_DPR_MAX } from './adapt.ts';

describe('adapting the config to the visitor', () => {
  const base = defaultConfig('test');

  it('reduces motion by the config factors and leaves the base alone', () => {
    const c = adaptConfig(base, { reduced: true, phone: false, dprCap: null });
    expect(c.motion.speed).toBeCloseTo(base.motion.speed * base.motion.reduced.speed);
    expect(c.motion.breathing.depth).toBeCloseTo(base.motion.breathing.depth * base.motion.reduced.breathing);
    expect(base.motion.speed).toBe(defaultConfig('test').motion.speed);
    expect(adaptConfig(base, { reduced: false, phone: false, dprCap: null })).toEqual(base);
  });

  it('caps the pixel ratio and thins particles on phones', () => {
    const c = adaptConfig({ ...base, display: { ...base.display, dpr: { min: 0.5, max: 3 } } }, { reduced: false, phone: true, dprCap: null });
    expect(c.display.dpr.max).toBe(PHONE_DPR_MAX);
    expect(c.look.particles.count).toBeLessThan(base.look.particles.count);
    expect(adaptConfig(base, { reduced: false, phone: false, dprCap: 0.1 }).display.dpr.max).toBe(base.display.dpr.min);
  });

  it.each([
    ['respect', true, true],
    ['respect', false, false],
    ['always', false, true],
    ['never', true, false],
  ] as const)('policy %s with the system asking %s: reduced %s', (policy, system, reduced) => expect(initialReduced(policy, system)).toBe(reduced));

  it('lowers the pixel ratio when frames are slow and raises it when fast', () => {
    expect(nextDprCap(Array(30).fill(50), 2, 0.5, 2)).toBe(1.5);
    expect(nextDprCap(Array(30).fill(50), 0.5, 0.5, 2)).toBe(0.5);
    expect(nextDprCap(Array(30).fill(16), 1, 0.5, 2)).toBe(1.25);
    expect(nextDprCap(Array(30).fill(25), 1, 0.5, 2)).toBe(1);
    expect(nextDprCap(Array(5).fill(100), 1, 0.5, 2)).toBe(1);
  });

  it('keeps flashes and breathing at or under three a second', () => {
    const fast = structuredClone(base);
    fast.motion.speed = 10;
    fast.motion.loopSeconds = 16;
    fast.data.timelineSamples = 64;
    fast.motion.breathing.period = 0.2;
    guardFlashes(fast);
    expect(fast.data.timelineSamples / (fast.motion.loopSeconds / fast.motion.speed)).toBeLessThanOrEqual(3 + 1e-9);
    expect(fast.motion.breathing.depth).toBeLessThanOrEqual(0.05);
    const calm = structuredClone(base);
    guardFlashes(calm);
    expect(calm).toEqual(base);
  });
});
