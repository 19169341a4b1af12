/**
 * What the viewer changes in the installation's config for the visitor in front of it: reduced
 * motion (prefers-reduced-motion or the page's toggle, scaled by the config's motion.reduced
 * factors) and the device (phones: device pixel ratio capped, fewer particles; slow devices: a lower
 * pixel ratio). The result is applied through InstallationController.applyConfig, so these are
 * uniform and canvas changes, never a rebuild. A photosensitivity guard keeps flashes and breathing
 * at or under three a second.
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
  guardFlashes(c);
  let max = c.display.dpr.max;
  if (a.phone) {
    max = Math.min(max, PHONE_DPR_MAX);
    c.look.particles.count = Math.round(c.look.particles.count * PHONE_PARTICLES);
  }
  if (a.dprCap !== null) max = Math.min(max, a.dprCap);
  c.display.dpr.max = Math.max(c.display.dpr.min, max);
  return c;
}

/** Nothing on a resident's screen changes brightness more than this many times a second (WCAG 2.3.1: three). */
export const MAX_FLASHES_PER_SECOND = 3;

/**
 * Photosensitivity guard for residents' screens: care events flash once per timeline slice at most,
 * and a cell breathes at its pulse rate / breathing period; both are kept at or under
 * MAX_FLASHES_PER_SECOND whatever the config says, by lowering the speed (flashes) and the
 * breathing depth (breathing). Changes `c` in place.
 */
export function guardFlashes(c: InstallationConfig): void {
  const sliceSeconds = c.motion.loopSeconds / Math.max(1, c.data.timelineSamples);
  c.motion.speed = Math.min(c.motion.speed, sliceSeconds * MAX_FLASHES_PER_SECOND);
  const pulse = c.encoding.pulseRate as { value?: number; scale?: { range?: unknown } };
  const range = Array.isArray(pulse.scale?.range) ? (pulse.scale.range as number[]) : null;
  const rateMax = pulse.value ?? (range ? Math.max(...range.filter((v) => typeof v === 'number')) : 1.5);
  const breathsPerSecond = (rateMax * c.motion.speed) / Math.max(0.1, c.motion.breathing.period);
  if (breathsPerSecond > MAX_FLASHES_PER_SECOND) c.motion.breathing.depth = Math.min(c.motion.breathing.depth, 0.05);
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
