/**
 * From a validated installation config to what each pipeline stage takes. One place where config
 * names meet renderer names, so neither has to know the other.
 */
import type { InstallationConfig } from '../config/index.ts';
import type { ChannelName, EncodingSpec, ResolvedChannel } from '../encode/cellTable.ts';
import type { LegendProps } from './Legend.tsx';
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

/**
 * Whether motion is reduced: config motion.reducedMotion "always", or "respect" and the visitor's
 * prefers-reduced-motion (the caller reads the media query; "never" ignores it).
 */
export function reducedMotion(c: InstallationConfig, prefersReducedMotion = false): boolean {
  const mode = c.motion.reducedMotion;
  return mode === 'always' || (mode === 'respect' && prefersReducedMotion);
}

/**
 * The mosaic's look and motion. `env.prefersReducedMotion` is the visitor's media query
 * (`matchMedia('(prefers-reduced-motion: reduce)').matches`); the result's `reducedMotion` says
 * whether the reduced factors (motion.reduced) apply.
 */
export function mosaicLook(c: InstallationConfig, env: { prefersReducedMotion?: boolean } = {}): MosaicLook {
  return {
    palette: c.look.palette as string | string[],
    background: c.look.background,
    gap: c.layout.gap,
    rim: c.look.rim * 1.5,
    core: 1,
    noise: c.look.noise,
    nucleus: c.look.nucleus,
    exposure: c.look.exposure,
    flash: 1.6,
    loopSeconds: c.motion.loopSeconds,
    hold: c.motion.hold ?? null,
    breathPeriod: c.motion.breathing.period,
    breathDepth: c.motion.breathing.depth,
    pulseDepth: 0.15,
    waves: { ...c.motion.waves },
    speed: c.motion.speed,
    reducedMotion: reducedMotion(c, env.prefersReducedMotion),
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

/** The legend's props from the config and the encoded channels (CellTable.channels). */
export function legendProps(c: InstallationConfig, channels: ResolvedChannel[]): LegendProps {
  const titles: Partial<Record<ChannelName, string>> = {};
  for (const [name, spec] of Object.entries(c.encoding)) {
    const t = (spec as { legend?: { title?: string } }).legend?.title;
    if (t) titles[name as ChannelName] = t;
  }
  return {
    channels,
    palette: c.look.palette as string | string[],
    position: c.look.legend.position,
    show: c.look.legend.show,
    titles,
  };
}
