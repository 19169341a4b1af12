/** Test helpers for the intake: a collecting sink and a spec with defaults. Not used by the app. */
import type { CareEvent, DataSpec, EventSink, RowIssue } from './events';
import { createRandom as mulberry32 } from '../layout/random.ts';

export function collectingSink(): EventSink & { events: CareEvent[]; issues: RowIssue[] } {
  const events: CareEvent[] = [];
  const issues: RowIssue[] = [];
  return { events, issues, event: (e) => events.push(e), issue: (i) => issues.push(i) };
}

export function testSpec(overrides: Partial<DataSpec> = {}): DataSpec {
  return {
    source: 'journeys.csv',
    format: 'event-log',
    columns: {},
    window: { start: null, end: null },
    timelineSamples: 16,
    privacy: { minCommunitySize: 11, datePrecision: 'year' },
    communityFrom: null,
    ...overrides,
  };
}

/** A small seeded PRNG (mulberry32) for generated test data. */
export { createRandom as mulberry32 } from '../layout/random.ts';

const KINDS = ['checkup', 'cleaning', 'filling', 'extraction', 'root-canal', 'emergency', 'education', 'screening', 'missed'];
const COMMUNITIES = ['Harbour', 'Old Town', 'Eastfield', 'Søndre', 'Hillcrest', 'Riverside'];

/**
 * Generate a synthetic event-log CSV (`events` rows, ~6–7 events per journey) in chunks, for
 * streaming tests and the bench. Rows of one journey are contiguous and roughly in time order.
 */
export function* syntheticEventLogCsv(events: number, seed = 1, chunkRows = 10_000): Generator<string> {
  const rnd = mulberry32(seed);
  let rows: string[] = ['journey_id,date,event,community,age_band,access,cost_barrier,pain,sentiment,consent_story,story,income'];
  let written = 0;
  let journey = 0;
  const access = ['clinic', 'mobile-unit', 'tele', 'nanobot', 'none'];
  while (written < events) {
    journey++;
    const n = Math.min(events - written, 1 + Math.floor(rnd() * 12));
    const community = COMMUNITIES[Math.floor(rnd() * COMMUNITIES.length)];
    const age = `${10 * Math.floor(rnd() * 8)}-${10 * Math.floor(rnd() * 8) + 9}`;
    let t = Date.UTC(2138, 0, 1) + rnd() * 3 * 365 * 86_400_000;
    const consent = rnd() < 0.2;
    for (let i = 0; i < n; i++) {
      t += rnd() * 300 * 86_400_000;
      const d = new Date(t).toISOString().slice(0, 10);
      const kind = KINDS[Math.floor(rnd() * KINDS.length)];
      const pain = rnd() < 0.7 ? String(Math.floor(rnd() * 11)) : '';
      const sentiment = rnd() < 0.5 ? (rnd() * 2 - 1).toFixed(2) : '';
      const story = consent && i === n - 1 ? '"A story, with a comma"' : '';
      rows.push(
        `j${journey.toString(36)},${d},${kind},${community},${age},${access[Math.floor(rnd() * 5)]},${rnd() < 0.2},${pain},${sentiment},${consent},${story},${Math.floor(rnd() * 5)}`,
      );
      written++;
      if (rows.length >= chunkRows) {
        yield rows.join('\n') + '\n';
        rows = [];
      }
    }
  }
  if (rows.length) yield rows.join('\n') + '\n';
}
