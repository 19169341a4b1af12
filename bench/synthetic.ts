/**
 * The benchmark's synthetic installations: n journeys built directly as a BakedMosaic by the one
 * synthetic-bake builder (src/encode/testBake.ts), seeded and Harmonia-shaped (five communities of
 * skewed sizes, 64 timeline samples). The config is Harmonia's with the name changed, so the page
 * runs the same layout, encoding and look as the shipped installation.
 */
import { readFileSync } from 'node:fs';
import type { BakedMosaic } from '../src/bake/artefact.ts';
import { encodeBake } from '../src/bake/codec.ts';
import { syntheticBake as build } from '../src/encode/testBake.ts';

const COMMUNITIES = ['Azure Bay', 'Lumen Heights', 'Coral Row', 'Tidewater', 'Glass Market'];

/** A baked mosaic of `n` journeys with Harmonia's shape (window, measures, 64 timeline samples). */
export function syntheticBake(n: number, opts: { samples?: number; seed?: number } = {}): BakedMosaic {
  return build(n, { samples: opts.samples ?? 64, seed: opts.seed ?? 7, communities: COMMUNITIES, window: { start: 2138, end: 2147 }, installation: `bench-${n}` });
}

/** The encoded artefact of a synthetic mosaic, as the dev server would send it. */
export function syntheticArtefact(n: number): Uint8Array {
  return encodeBake(syntheticBake(n));
}

const HARMONIA = new URL('../installations/harmonia/installation.json', import.meta.url);

/** Harmonia's installation.json with another name (and a data source that is never read). */
export function syntheticConfig(name: string): string {
  const config = JSON.parse(readFileSync(HARMONIA, 'utf8')) as Record<string, unknown> & { data: Record<string, unknown> };
  delete config.$schema;
  config.name = name;
  config.title = `Benchmark: ${name}`;
  config.data = { ...config.data, source: 'synthetic.csv' };
  return JSON.stringify(config, null, 2);
}
