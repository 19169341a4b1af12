/** A small, hand-made baked mosaic for unit tests of the stages after the bake. */
import { MEASURES, type BakedMosaic, type MeasureName } from '../bake/artefact.ts';

export function testBake(n: number, overrides: Partial<Record<MeasureName, number[]>> = {}): BakedMosaic {
  const measures = Object.fromEntries(
    MEASURES.map((m) => [m, Float32Array.from(overrides[m] ?? Array.from({ length: n }, (_, i) => i / Math.max(1, n - 1)))]),
  ) as Record<MeasureName, Float32Array>;
  const samples = 8;
  const timeline = new Uint8Array(n * samples * 2);
  for (let i = 0; i < n; i++) for (let s = 0; s < samples; s++) timeline[2 * (i * samples + s) + 1] = (i * 37 + s) % 256;
  return {
    format: 'noctiluca-bake',
    version: 1,
    installation: 'test',
    journeyCount: n,
    window: { start: 2140, end: 2146 },
    precision: 'year',
    communities: ['north', 'south', 'other'],
    community: Uint16Array.from({ length: n }, (_, i) => i % 3),
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
