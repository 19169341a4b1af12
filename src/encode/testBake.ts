/**
 * Synthetic baked mosaics, built directly as a BakedMosaic (no raw data, no bake step): small and
 * plain for the unit tests of the stages after the bake, large and Harmonia-like for the benchmark
 * (bench/synthetic.ts), so 1M cells need neither 9M generated events nor a bake. One builder: the
 * same shape either way, values from plain ramps or from a seed.
 */
import { BAKE_VERSION, MEASURES, type BakedMosaic, type MeasureName } from '../bake/artefact.ts';
import { createRandom } from '../layout/random.ts';

export interface SyntheticOptions {
  /** Timeline samples per journey (default 8). */
  samples?: number;
  /** Community names (default north, south, other). */
  communities?: readonly string[];
  /** The time window the timelines cover, decimal years (default 2140 to 2146). */
  window?: { start: number; end: number };
  /**
   * Without a seed, plain values: journey i is in community i mod k, every measure is the ramp
   * i / (n − 1), the timeline's wellness is (37 i + s) mod 256 and there is no activity. With a
   * seed, values as a real installation's: skewed community sizes, measures in their usual ranges,
   * a few flashes per journey over a slowly varying wellness.
   */
  seed?: number;
  /** Measures given outright (the others as above). */
  measures?: Partial<Record<MeasureName, ArrayLike<number>>>;
  /** The bake's installation name (default "test"). */
  installation?: string;
}

/** Journey i's measures as a seeded installation has them. */
function randomMeasures(n: number, rnd: () => number, window: { start: number; end: number }): Record<MeasureName, Float32Array> {
  const m = Object.fromEntries(MEASURES.map((k) => [k, new Float32Array(n)])) as Record<MeasureName, Float32Array>;
  const years = Math.max(1, window.end - window.start);
  for (let i = 0; i < n; i++) {
    const first = window.start + Math.floor(rnd() * Math.min(6, years));
    const span = 1 + Math.floor(rnd() * 8);
    m.events[i] = 3 + Math.floor(rnd() * 10);
    m.first_date[i] = first;
    m.last_date[i] = Math.min(window.end - 1, first + span);
    m.span_years[i] = span;
    m.visits_per_year[i] = 0.3 + rnd() * 3;
    m.longest_gap_days[i] = 30 + rnd() * 900;
    m.emergency_share[i] = rnd() * rnd();
    m.missed_share[i] = rnd() * 0.3;
    m.barrier_share[i] = rnd() * 0.2;
    m.pain_start[i] = Math.floor(rnd() * 10);
    m.pain_end[i] = Math.floor(rnd() * 10);
    m.pain_trend[i] = m.pain_end[i] - m.pain_start[i];
    m.wellness[i] = rnd();
  }
  return m;
}

/** A baked mosaic of `n` journeys (see SyntheticOptions). */
export function syntheticBake(n: number, opts: SyntheticOptions = {}): BakedMosaic {
  const samples = opts.samples ?? 8;
  const communities = [...(opts.communities ?? ['north', 'south', 'other'])];
  const window = opts.window ?? { start: 2140, end: 2146 };
  const rnd = opts.seed === undefined ? null : createRandom(opts.seed);
  const k = communities.length;
  const community = Uint16Array.from({ length: n }, (_, i) => (rnd ? Math.floor(rnd() * rnd() * k * 1.6) % k : i % k));
  const measures = rnd
    ? randomMeasures(n, rnd, window)
    : (Object.fromEntries(MEASURES.map((m) => [m, Float32Array.from({ length: n }, (_, i) => i / Math.max(1, n - 1))])) as Record<MeasureName, Float32Array>);
  for (const [name, values] of Object.entries(opts.measures ?? {})) measures[name as MeasureName] = Float32Array.from(values);
  const timeline = new Uint8Array(n * samples * 2);
  for (let i = 0; i < n; i++) {
    const base = i * samples * 2;
    let w = rnd ? 60 + rnd() * 160 : 0;
    for (let s = 0; s < samples; s++) {
      if (rnd) {
        w = Math.min(255, Math.max(0, w + (rnd() - 0.5) * 24));
        timeline[base + 2 * s] = rnd() < 0.12 ? 80 + Math.floor(rnd() * 175) : 0;
        timeline[base + 2 * s + 1] = w;
      } else timeline[base + 2 * s + 1] = (i * 37 + s) % 256;
    }
  }
  return {
    format: 'noctiluca-bake',
    version: BAKE_VERSION,
    installation: opts.installation ?? 'test',
    journeyCount: n,
    window,
    precision: 'year',
    costFlag: 'barrier',
    // Every cell at the card tier; a seeded (benchmark) mosaic is declared synthetic, as it is.
    privacy: { k: 11, synthetic: rnd !== null },
    tier: new Uint8Array(n).fill(1),
    communities,
    community,
    measures,
    fields: { access: { kind: 'categorical', categories: ['clinic', 'tele'], codes: Uint16Array.from({ length: n }, (_, i) => i % 2) } },
    timelineSamples: samples,
    timeline,
    eventOffsets: new Uint32Array(n + 1),
    eventDates: new Float32Array(0),
    eventKinds: new Uint8Array(0),
    stories: {},
    report: { rowsRead: n, rowsSkipped: 0, summary: '', warnings: [], mergedCommunities: 0 },
  };
}

/** The unit tests' plain bake: `syntheticBake(n)` with some measures given outright. */
export function testBake(n: number, overrides: Partial<Record<MeasureName, number[]>> = {}): BakedMosaic {
  return syntheticBake(n, { measures: overrides });
}
