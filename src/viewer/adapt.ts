/**
 * What the viewer changes in the installation's config for the visitor in front of it: reduced
 * motion (prefers-reduced-motion or the page's toggle, scaled by the config's motion.reduced
 * factors) and the device (phones: device pixel ratio capped, fewer particles). The result is
 * applied through InstallationController.applyConfig, so these are uniform and canvas changes, never
 * a rebuild. Slow devices are the page core's adaptive quality (src/app/parts/adaptiveQuality.tsx);
 * photosensitivity limits apply in every mode when settings become uniforms (src/render/safety.ts).
 */
import type { InstallationConfig } from '../config/index.ts';

export interface Adaptation {
  /** Motion is reduced (the visitor asked for it). */
  reduced: boolean;
  /** A phone or small touch device. */
  phone: boolean;
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
  if (a.phone) {
    c.display.dpr.max = Math.max(c.display.dpr.min, Math.min(c.display.dpr.max, PHONE_DPR_MAX));
    c.look.particles.count = Math.round(c.look.particles.count * PHONE_PARTICLES);
  }
  return c;
}
