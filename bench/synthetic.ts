/**
 * Synthetic baked mosaics for the benchmark: n journeys built directly as a BakedMosaic (seeded, no
 * raw data), so 1M cells need neither 9M generated events nor a bake. The config is Harmonia's with
 * the name changed, so the page runs the same layout, encoding and look as the shipped installation.
 */
import { readFileSync } from 'node:fs';
import { MEASURES, type BakedMosaic, type MeasureName } from '../src/bake/artefact.ts';
import { encodeBake } from '../src/bake/codec.ts';

/** xorshift32: fast, seeded, good enough for synthetic data. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

const COMMUNITIES = ['Azure Bay', 'Lumen Heights', 'Coral Row', 'Tidewater', 'Glass Market'];

/** A baked mosaic of `n` journeys with Harmonia's shape (window, measures, 64 timeline samples). */
export function syntheticBake(n: number, opts: { samples?: number; seed?: number } = {}): BakedMosaic {
  const samples = opts.samples ?? 64;
  const rnd = random(opts.seed ?? 7);
  const community = new Uint16Array(n);
  for (let i = 0; i < n; i++) community[i] = Math.floor(rnd() * rnd() * COMMUNITIES.length * 1.6) % COMMUNITIES.length;
  const measures = {} as Record<MeasureName, Float32Array>;
  for (const m of MEASURES) measures[m] = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const first = 2138 + Math.floor(rnd() * 6);
    const span = 1 + Math.floor(rnd() * 8);
    measures.events[i] = 3 + Math.floor(rnd() * 10);
    measures.first_date[i] = first;
    measures.last_date[i] = Math.min(2146, first + span);
    measures.span_years[i] = span;
    measures.visits_per_year[i] = 0.3 + rnd() * 3;
    measures.longest_gap_days[i] = 30 + rnd() * 900;
    measures.emergency_share[i] = rnd() * rnd();
    measures.missed_share[i] = rnd() * 0.3;
    measures.barrier_share[i] = rnd() * 0.2;
    measures.pain_start[i] = Math.floor(rnd() * 10);
    measures.pain_end[i] = Math.floor(rnd() * 10);
    measures.pain_trend[i] = measures.pain_end[i] - measures.pain_start[i];
    measures.wellness[i] = rnd();
  }
  // Timeline: a few flashes per journey over a slowly varying wellness level.
  const timeline = new Uint8Array(n * samples * 2);
  for (let i = 0; i < n; i++) {
    let w = 60 + rnd() * 160;
    const base = i * samples * 2;
    for (let s = 0; s < samples; s++) {
      w = Math.min(255, Math.max(0, w + (rnd() - 0.5) * 24));
      timeline[base + 2 * s] = rnd() < 0.12 ? 80 + Math.floor(rnd() * 175) : 0;
      timeline[base + 2 * s + 1] = w;
    }
  }
  return {
    format: 'noctiluca-bake',
    version: 1,
    installation: `bench-${n}`,
    journeyCount: n,
    window: { start: 2138, end: 2147 },
    precision: 'year',
    communities: COMMUNITIES,
    community,
    measures,
    fields: {},
    timelineSamples: samples,
    timeline,
    eventOffsets: new Uint32Array(n + 1),
    eventDates: new Float32Array(0),
    eventKinds: new Uint8Array(0),
    stories: {},
    report: { rowsRead: n, rowsSkipped: 0, summary: '', warnings: [], mergedCommunities: 0 },
  };
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
