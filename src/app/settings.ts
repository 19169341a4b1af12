/**
 * From a validated installation config to what each pipeline stage takes. One place where config
 * names meet renderer names, so neither has to know the other.
 */
import type { InstallationConfig } from '../config/index.ts';
import type { EncodingSpec } from '../encode/tileTable.ts';
import type { LayoutOptions } from '../layout/layout.ts';
import type { MosaicLook } from '../render/mosaic.ts';
import type { PostLook } from '../render/post.ts';

/** The mosaic's aspect (width / height); the camera fits it into any viewport. */
export const MOSAIC_ASPECT = 16 / 9;

export function layoutOptions(c: InstallationConfig): LayoutOptions {
  return {
    kind: c.layout.kind === 'hex' ? 'hex' : 'voronoi',
    seed: c.layout.seed,
    relaxation: c.layout.relaxation,
    aspect: MOSAIC_ASPECT,
  };
}

export function encodingSpec(c: InstallationConfig): EncodingSpec {
  return c.encoding as EncodingSpec;
}

export function mosaicLook(c: InstallationConfig): MosaicLook {
  return {
    palette: c.look.palette as string | string[],
    background: c.look.background,
    gap: c.layout.gap,
    rim: c.look.rim * 1.5,
    core: 1,
    noise: c.look.noise,
    exposure: c.look.exposure,
    flash: 1.6,
    loopSeconds: c.motion.loopSeconds,
    hold: c.motion.hold ?? null,
    breathPeriod: c.motion.breathing.period,
    breathDepth: c.motion.breathing.depth,
  };
}

export function postLook(c: InstallationConfig): PostLook {
  return {
    bloom: { ...c.look.bloom },
    toneMapping: c.look.toneMapping,
    dithering: c.look.dithering,
  };
}
