/** Baked mosaics with given care events, for the sound's unit tests. */
import type { BakedMosaic } from '../bake/artefact.ts';
import { EVENT_KINDS } from '../data/events.ts';
import { testBake } from '../encode/testBake.ts';
import { sliceOf } from './score.ts';

const MISSED = EVENT_KINDS.indexOf('missed');

/**
 * A bake of `n` journeys in communities north, south, other (j % 3) with these events (dates in
 * decimal years), published both ways: in the event lists and as timeline activity (src/journeys/timeline.ts).
 */
export function bakeWith(n: number, events: { journey: number; date: number; kind: number }[], samples = 8): BakedMosaic {
  const b = testBake(n);
  b.timelineSamples = samples;
  b.timeline = new Uint8Array(n * samples * 2);
  const inSlice = new Uint32Array(n * samples);
  for (const e of events) if (e.kind !== MISSED) inSlice[e.journey * samples + sliceOf(e.date, b.window, samples)]++;
  inSlice.forEach((count, i) => (b.timeline[2 * i] = count === 0 ? 0 : count === 1 ? 128 : 255));
  const sorted = [...events].sort((a, c) => a.journey - c.journey || a.date - c.date);
  b.eventOffsets = new Uint32Array(n + 1);
  for (const e of sorted) b.eventOffsets[e.journey + 1]++;
  for (let j = 0; j < n; j++) b.eventOffsets[j + 1] += b.eventOffsets[j];
  b.eventDates = Float32Array.from(sorted, (e) => e.date);
  b.eventKinds = Uint8Array.from(sorted, (e) => e.kind);
  return b;
}

