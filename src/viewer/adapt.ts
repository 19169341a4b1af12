/**
 * What the viewer changes in the installation's config for the visitor in front of it: reduced
 * motion (prefers-reduced-motion or the page's toggle, scaled by the config's motion.reduced
 * factors) and the device (phones: device pixel ratio capped, fewer particles; slow devices: a lower
 * pixel ratio). The result is applied through InstallationController.applyConfig, so these are
 * uniform and canvas changes, never a rebuild.
 */
import type { InstallationConfig } from '../config/index.ts';

export interface Adaptation {
  /** Motion is reduced (the visitor asked for it). */
  reduced: boolean;
  /** A phone or small touch device. */
  phone: boolean;
  /** Upper bound on the device pixel ratio from the adaptive-quality loop, or null for none. */
  dprCap: number | null;
}

/** Phones draw at most this device pixel ratio (a 3x phone screen is 9x the pixels for the same view). */
export const PHONE_DPR_MAX = 1.5;
/** Phones draw this fraction of the ambient particles. */
export const PHONE_PARTICLES = 0.25;

/** Whether motion starts reduced: the config's policy, then the visitor's system setting. */
export function initialReduced(policy: InstallationConfig['motion']['reducedMotion'], prefersReduced: boolean): boolean {
  return policy === 'always' ? true : policy === 'never' ? false : prefersReduced;
}

/** The config to play for this visitor. Pure: the base config is not changed. */
export function adaptConfig(base: InstallationConfig, a: Adaptation): InstallationConfig {
  const c = structuredClone(base);
  if (a.reduced) {
    const r = c.motion.reduced;
    c.motion.speed *= r.speed;
    c.motion.breathing.depth *= r.breathing;
    c.motion.waves.strength *= r.waves;
  }
  let max = c.display.dpr.max;
  if (a.phone) {
    max = Math.min(max, PHONE_DPR_MAX);
    c.look.particles.count = Math.round(c.look.particles.count * PHONE_PARTICLES);
  }
  if (a.dprCap !== null) max = Math.min(max, a.dprCap);
  c.display.dpr.max = Math.max(c.display.dpr.min, max);
  return c;
}

/**
 * Adaptive pixel ratio: from the recent frame intervals (ms), the next cap. Below ~30 fps the cap
 * drops by a quarter (not below `min`); above ~55 fps it rises again towards `max`.
 */
export function nextDprCap(intervals: number[], cap: number, min: number, max: number): number {
  if (intervals.length < 20) return cap;
  const sorted = [...intervals].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  if (median > 1000 / 30) return Math.max(min, Math.round(cap * 0.75 * 100) / 100);
  if (median < 1000 / 55) return Math.min(max, Math.round(cap * 1.25 * 100) / 100);
  return cap;
}
