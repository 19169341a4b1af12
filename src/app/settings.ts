/**
 * From a validated installation config to what each pipeline stage takes. One place where config
 * names meet renderer names, so neither has to know the other.
 */
import { defaultConfig, type InstallationConfig } from '../config/index.ts';
import type { EncodingSpec } from '../encode/cellTable.ts';
import type { LayoutOptions } from '../layout/layout.ts';
import type { MosaicLook } from '../render/mosaic.ts';
import type { PostLook } from '../render/post.ts';

/**
 * An output's aspect as the layout takes it: five significant digits, so float noise (a zoomed view's
 * fullWidth / fullHeight) never lays the mosaic out again, while a band it could leave stays under
 * a pixel on any screen.
 */
export function roundAspect(aspect: number): number {
  return Number(aspect.toPrecision(5));
}

/** The layout options of a config, for an output of this aspect (width / height). */
export function layoutOptions(c: InstallationConfig, aspect: number): Omit<LayoutOptions, 'mask'> {
  return {
    kind: c.layout.kind,
    seed: c.layout.seed,
    relaxation: c.layout.relaxation,
    aspect: roundAspect(aspect),
  };
}

export function encodingSpec(c: InstallationConfig): EncodingSpec {
  return c.encoding as EncodingSpec;
}

/**
 * Whether motion is reduced: config motion.reducedMotion "always", or "respect" and the visitor's
 * prefers-reduced-motion (the caller reads the media query; "never" ignores it).
 */
export function reducedMotion(c: InstallationConfig, prefersReducedMotion = false): boolean {
  const mode = c.motion.reducedMotion;
  return mode === 'always' || (mode === 'respect' && prefersReducedMotion);
}

/**
 * The mosaic's look and motion. `reduced` says whether the reduced factors (motion.reduced) apply:
 * the controller decides (reducedMotion above, or a mode's own choice such as view mode's toggle).
 */
export function mosaicLook(c: InstallationConfig, reduced = false): MosaicLook {
  return {
    organism: c.look.organism,
    palette: c.look.palette as string | string[],
    background: c.look.background,
    gap: c.layout.gap,
    rim: c.look.rim,
    noise: c.look.noise,
    nucleus: c.look.nucleus,
    exposure: c.look.exposure,
    loopSeconds: c.motion.loopSeconds,
    hold: c.motion.hold ?? null,
    breathPeriod: c.motion.breathing.period,
    breathDepth: c.motion.breathing.depth,
    waves: { ...c.motion.waves },
    ripples: { ...c.motion.ripples },
    stirring: { strength: c.motion.stirring.strength, radius: c.motion.stirring.radius },
    speed: c.motion.speed,
    reducedMotion: reduced,
    reduced: { ...c.motion.reduced },
  };
}

export function postLook(c: InstallationConfig): PostLook {
  return {
    bloom: { ...c.look.bloom },
    toneMapping: c.look.toneMapping,
    dithering: c.look.dithering,
    particles: { ...c.look.particles },
  };
}

let defaultPost: PostLook | null = null;

/** The post-processing look before a config has loaded: the schema's defaults (the renderer has none of its own). */
export function defaultPostLook(): PostLook {
  return (defaultPost ??= postLook(defaultConfig('default')));
}
