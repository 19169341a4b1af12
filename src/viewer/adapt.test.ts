import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/index.ts';
import { adaptConfig, initialReduced, PHONE_DPR_MAX } from './adapt.ts';

describe('adapting the config to the visitor', () => {
  const base = defaultConfig('test');

  it('reduces motion by the config factors and leaves the base alone', () => {
    const c = adaptConfig(base, { reduced: true, phone: false });
    expect(c.motion.speed).toBeCloseTo(base.motion.speed * base.motion.reduced.speed);
    expect(c.motion.breathing.depth).toBeCloseTo(base.motion.breathing.depth * base.motion.reduced.breathing);
    expect(base.motion.speed).toBe(defaultConfig('test').motion.speed);
    expect(adaptConfig(base, { reduced: false, phone: false })).toEqual(base);
  });

  it('caps the pixel ratio and thins particles on phones', () => {
    const c = adaptConfig({ ...base, display: { ...base.display, dpr: { min: 0.5, max: 3 } } }, { reduced: false, phone: true });
    expect(c.display.dpr.max).toBe(PHONE_DPR_MAX);
    expect(c.look.particles.count).toBeLessThan(base.look.particles.count);
    const tiny = adaptConfig({ ...base, display: { ...base.display, dpr: { min: 2, max: 3 } } }, { reduced: false, phone: true });
    expect(tiny.display.dpr.max).toBe(2); // never under the config's own minimum
  });

  it.each([
    ['respect', true, true],
    ['respect', false, false],
    ['always', false, true],
    ['never', true, false],
  ] as const)('policy %s with the system asking %s: reduced %s', (policy, system, reduced) => expect(initialReduced(policy, system)).toBe(reduced));
});
