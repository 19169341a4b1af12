/**
 * What the viewer changes in the installation's config for the visitor in front of it: the device
 * (phones: device pixel ratio capped, fewer particles). The result is applied through
 * InstallationController.applyConfig, so these are uniform and canvas changes, never a rebuild.
 * Reduced motion is not a config change: the viewer tells the controller (setReducedMotion) and the
 * mosaic applies the config's motion.reduced factors, as in every other mode (src/render/mosaic.ts). Slow devices are the page core's adaptive quality (src/app/parts/adaptiveQuality.tsx);
 * photosensitivity limits apply in every mode when settings become uniforms (src/render/safety.ts).
 */
import type { InstallationConfig } from '../config/index.ts';

export interface Adaptation {
  /** Motion is reduced (the visitor asked for it): told to the controller, not written into the config. */
  reduced: boolean;
  /** A phone or small touch device. */
  phone: boolean;
}

/** Phones draw at most this device pixel ratio (a 3x phone screen is 9x the pixels for the same view). */
export const PHONE_DPR_MAX = 1.5;
/** Phones draw this fraction of the ambient particles. */
export const PHONE_PARTICLES = 0.25;

/** The config to play for this visitor. Pure: the base config is not changed. */
export function adaptConfig(base: InstallationConfig, a: Adaptation): InstallationConfig {
  const c = structuredClone(base);
  if (a.phone) {
    c.display.dpr.max = Math.max(c.display.dpr.min, Math.min(c.display.dpr.max, PHONE_DPR_MAX));
    c.look.particles.count = Math.round(c.look.particles.count * PHONE_PARTICLES);
  }
  return c;
}
