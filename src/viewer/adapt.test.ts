import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/index.ts';
import { reducedMotion } from '../app/settings.ts';
import { adaptConfig, PHONE_DPR_MAX } from './adapt.ts';

describe('adapting the config to the visitor', () => {
  const base = defaultConfig('test');

  it('leaves motion to the mosaic (motion.reduced applies there, once) and the base alone', () => {
    expect(adaptConfig(base, { reduced: true, phone: false })).toEqual(base);
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
  ] as const)('policy %s with the system asking %s: reduced %s', (policy, system, reduced) =>
    expect(reducedMotion({ ...base, motion: { ...base.motion, reducedMotion: policy } }, system)).toBe(reduced),
  );
});
