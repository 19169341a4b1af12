import { describe, expect, it } from 'vitest';
import type { CareEvent } from '../data/events';
import { createEventLogParser, parseEventLogText } from '../data/eventLog';
import { syntheticEventLogCsv, testSpec } from '../data/testing';
import { TIER_CARD, TIER_GLOW, TIER_STORY } from '../disclose/policy';
import { createBaker } from './bake';
import { MEASURES } from './artefact';
import { encodeBake } from './codec';

const SECRET = '5eed'.repeat(16);
let line = 0;
const ev = (journeyId: string, date: string, more: Partial<CareEvent> = {}): CareEvent => ({
  journeyId,
  time: Date.parse(`${date}T00:00:00Z`),
  kind: 'checkup',
  source: { file: 't.csv', line: ++line },
  ...more,
});
const card = (journeyId: string, date: string, more: Partial<CareEvent> = {}) => ev(journeyId, date, { consent: 'card', ...more });

function bake(events: CareEvent[], spec = testSpec(), secret = SECRET) {
  const b = createBaker(spec, 'test', { secret });
  for (const e of events) b.event(e);
  return b.finish();
}
const k1 = testSpec({ privacy: { minCommunitySize: 1, datePrecision: 'year' } });

describe('bake: k over communities', () => {
  it('communities with fewer than k journeys merge into "other", and "other" itself is held to k', () => {
    const events: CareEvent[] = [];
    for (let i = 0; i < 12; i++) events.push(ev(`h${i}`, '2140-01-01', { community: 'Harbour' }));
    for (let i = 0; i < 13; i++) events.push(ev(`q${i}`, '2140-01-01', { community: 'Quay' }));
    for (let i = 0; i < 3; i++) events.push(ev(`small${i}`, '2140-01-01', { community: 'Tiny Hamlet' }));
    events.push(ev('lone', '2140-01-01', { community: 'Lonely Farm' }));
    const m = bake(events);
    // Tiny Hamlet and Lonely Farm make an "other" of 4 < 11: the smallest kept community joins it.
    expect(m.communities).toEqual(['Quay', 'other']);
    expect(m.report.mergedCommunities).toBe(3);
    expect(m.report.summary).toContain('2 communities with fewer than 11 journeys merged into "other"; 1 community merged into "other" too, so that it holds at least 11');
    const counts = [0, 0];
    for (const c of m.community) counts[c]++;
    expect(counts).toEqual([13, 16]);
    expect(JSON.stringify(m)).not.toContain('Tiny Hamlet');
  });

  it('small communities that together reach k stay one "other" beside the large ones', () => {
    const events: CareEvent[] = [];
    for (let i = 0; i < 12; i++) events.push(ev(`h${i}`, '2140-01-01', { community: 'Harbour' }));
    for (let i = 0; i < 6; i++) events.push(ev(`a${i}`, '2140-01-01', { community: 'Ash' }));
    for (let i = 0; i < 5; i++) events.push(ev(`b${i}`, '2140-01-01', { community: 'Birch' }));
    const m = bake(events);
    expect(m.communities).toEqual(['Harbour', 'other']);
    expect(m.report.mergedCommunities).toBe(2);
  });

  it('a journey\'s community is its latest event\'s; journeys without one are "unknown"', () => {
    const events: CareEvent[] = [];
    for (let i = 0; i < 2; i++) {
      events.push(ev(`m${i}`, '2141-01-01', { community: 'New' }), ev(`m${i}`, '2140-01-01', { community: 'Old' }));
      events.push(ev(`u${i}`, '2140-01-01'));
    }
    expect(bake(events, k1).communities).toEqual(['New', 'unknown']);
  });

  it('"unknown" is held to k like any name: one journey without a community is not a group of its own', () => {
    const events: CareEvent[] = [];
    for (let i = 0; i < 11; i++) events.push(ev(`h${i}`, '2140-01-01', { community: 'Harbour' }));
    events.push(ev('nowhere', '2140-01-01'));
    expect(bake(events).communities).toEqual(['other']);
  });
});

describe('bake: dates', () => {
  it('are coarsened to the year by default: measures, event dates and window', () => {
    const m = bake([card('a', '2140-07-15'), card('a', '2143-11-02')], k1);
    expect(m.precision).toBe('year');
    expect(m.measures.first_date[0]).toBe(2140);
    expect(m.measures.last_date[0]).toBe(2143);
    expect([...m.eventDates]).toEqual([2140, 2143]);
    expect(m.window).toEqual({ start: 2140, end: 2144 });
  });

  it('are coarsened to the month by opt-in', () => {
    const m = bake([card('a', '2140-07-15'), card('a', '2143-11-02')], testSpec({ privacy: { minCommunitySize: 1, datePrecision: 'month' } }));
    expect(m.measures.first_date[0]).toBeCloseTo(2140 + 6 / 12, 3); // Float32: 1/4096 year
    expect(m.eventDates[1]).toBeCloseTo(2143 + 10 / 12, 3);
    expect(m.window.start).toBeCloseTo(2140.5, 4);
    expect(m.window.end).toBeCloseTo(2143 + 11 / 12, 4);
  });

  it('a configured window is used, on year boundaries', () => {
    const m = bake([ev('a', '2140-07-15')], testSpec({ window: { start: '2138-01-01', end: '2146-12-31' } }));
    expect(m.window).toEqual({ start: 2138, end: 2147 });
  });

  it('a window that ends before it starts is a clear error', () => {
    expect(() => bake([ev('a', '2140-07-15')], testSpec({ window: { start: '2146-01-01', end: '2140-01-01' } }))).toThrow(
      /data\.window: end "2140-01-01" is not after start "2146-01-01"/,
    );
    expect(() => bake([ev('a', '2140-07-15')], testSpec({ window: { start: 'soon', end: null } }))).toThrow(/data\.window\.start: "soon"/);
  });
});

describe('bake: consent tiers', () => {
  it('the tier is the journey\'s latest answer; consent_story maps yes → story, no → glow; the lower of two answers wins', () => {
    const m = bake(
      [
        ev('none', '2140-01-01'),
        ev('c', '2140-01-01', { consent: 'card' }),
        ev('s', '2140-01-01', { consent: 'story' }),
        ev('legacy-yes', '2140-01-01', { consentStory: true }),
        ev('legacy-no', '2140-01-01', { consentStory: false }),
        ev('both', '2140-01-01', { consent: 'story', consentStory: false }),
        ev('withdrawn', '2140-01-01', { consent: 'story' }),
        ev('withdrawn', '2141-01-01', { consent: 'glow' }),
      ],
      k1,
    );
    const tiers = [...m.tier].sort();
    expect(tiers).toEqual([TIER_GLOW, TIER_GLOW, TIER_GLOW, TIER_GLOW, TIER_CARD, TIER_STORY, TIER_STORY]);
    expect(m.privacy).toEqual({ k: 1, synthetic: false });
  });

  it('stories only from rows that consented to them, on journeys still at the story tier', () => {
    const m = bake(
      [
        ev('yes', '2140-01-01', { consentStory: true, story: 'I can smile again' }),
        ev('tier', '2140-01-01', { consent: 'story', story: 'The van came at night' }),
        ev('card-only', '2140-01-01', { consent: 'card', story: 'card words' }),
        ev('no', '2140-01-01', { consentStory: false, story: 'private words' }),
        ev('unasked', '2140-01-01', { story: 'never asked' }),
        ev('withdrawn', '2140-01-01', { consentStory: true, story: 'first yes' }),
        ev('withdrawn', '2141-01-01', { consentStory: false }),
      ],
      k1,
    );
    expect(Object.values(m.stories).sort()).toEqual(['I can smile again', 'The van came at night']);
    const bytes = JSON.stringify(m);
    for (const secret of ['card words', 'private words', 'never asked', 'first yes']) expect(bytes).not.toContain(secret);
    for (const i of Object.keys(m.stories)) expect(m.tier[Number(i)]).toBe(TIER_STORY);
  });

  it('a glow-tier journey has no event list of its own; a card-tier one does', () => {
    const m = bake([ev('g', '2140-03-01'), ev('g', '2141-05-01'), card('c', '2140-03-01'), card('c', '2142-05-01', { kind: 'emergency' })], k1);
    const g = m.tier.indexOf(TIER_GLOW);
    const c = m.tier.indexOf(TIER_CARD);
    expect(m.eventOffsets[g + 1] - m.eventOffsets[g]).toBe(0);
    expect(m.eventOffsets[c + 1] - m.eventOffsets[c]).toBe(2);
    expect(m.measures.events[g]).toBe(2);
  });

  it('synthetic data shows every card', () => {
    const m = bake([ev('a', '2140-01-01'), ev('b', '2140-01-01', { consent: 'story', story: 'made up' })], testSpec({ privacy: { minCommunitySize: 1, datePrecision: 'year', synthetic: true } }));
    expect([...m.tier].sort()).toEqual([TIER_CARD, TIER_STORY]);
    expect(m.privacy.synthetic).toBe(true);
    expect(Object.values(m.stories)).toEqual(['made up']);
  });
});

describe('bake: ids and order', () => {
  it('no journey ids in the artefact; the order depends on the ids and the secret, not on input order', () => {
    const ids = ['patient-0001', 'patient-0002', 'patient-0003', 'zeta', 'alpha'];
    const a = bake(ids.map((id, i) => card(id, `214${i}-01-01`)), k1);
    const b = bake([...ids].reverse().map((id) => card(id, `214${ids.indexOf(id)}-01-01`)), k1);
    expect([...a.measures.first_date]).toEqual([...b.measures.first_date]);
    const text = JSON.stringify({ ...a, report: null }, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v));
    for (const id of ids) expect(text).not.toContain(id);
  });
});

describe('bake: fields', () => {
  it('categorical codes and numeric values from each journey\'s latest event; a small value and the "other" it makes merge further', () => {
    const events: CareEvent[] = [];
    for (let i = 0; i < 24; i++) {
      events.push(ev(`j${i}`, '2140-01-01', { ageBand: 'old', extra: { income: '10', ward: 'East' } }));
      events.push(ev(`j${i}`, '2141-01-01', { ageBand: i === 0 ? '90+' : i < 12 ? '20-29' : '30-39', access: 'tele', extra: { income: String(i), ward: '' } }));
    }
    const m = bake(events);
    const age = m.fields.age_band;
    expect(age.kind).toBe('categorical');
    // "90+" alone (1) would make an "other" of 1; 20-29 (11 journeys) joins it, 30-39 (12) stays.
    if (age.kind === 'categorical') {
      expect(age.categories).toEqual(['30-39', 'other']);
      expect(age.codes.filter((c) => c === 1)).toHaveLength(12);
    }
    const income = m.fields.income;
    expect(income.kind).toBe('numeric');
    const ward = m.fields.ward;
    if (ward.kind === 'categorical') expect(ward.categories).toEqual(['East']);
    expect(m.fields.access.kind).toBe('categorical');
  });
});

describe('bake: shape and report', () => {
  it('fills every measure, the timeline and the event lists', () => {
    const m = bake([card('a', '2140-01-01', { pain: 5 }), card('a', '2141-01-01', { pain: 2, kind: 'filling' }), card('b', '2142-05-01', { kind: 'emergency' })], k1);
    expect(m.journeyCount).toBe(2);
    for (const name of MEASURES) expect(m.measures[name]).toHaveLength(2);
    expect(m.timeline).toHaveLength(2 * 16 * 2);
    expect(m.tier).toHaveLength(2);
    expect([...m.eventOffsets]).toEqual([0, m.eventOffsets[1], 3]);
    expect(m.eventKinds).toHaveLength(3);
  });

  it('report: rows read, skipped and the summary from the reader', () => {
    const b = createBaker(testSpec(), 'test', { secret: SECRET });
    const s = parseEventLogText('journey_id,date,event\na,2140-01-01,checkup\nb,bad,checkup\n,2140-01-01,checkup\nc,2141-01-01,fluoride', 'journeys.csv', testSpec(), b);
    const m = b.finish({ rowsRead: s.rowsRead });
    expect(m.report).toMatchObject({ rowsRead: 4, rowsSkipped: 2 });
    expect(m.report.summary).toBe(
      '2 rows skipped: 1 bad date (line 3), 1 missing journey_id (line 4); 1 warning: 1 unknown event kind mapped to other (line 5)',
    );
    expect(m.report.warnings[0]).toBe('1 unknown event kind mapped to other (line 5)');
    // Two journeys cannot be held to k = 11: the bake says so (and `noctiluca privacy` refuses it).
    expect(m.report.warnings.at(-1)).toMatch(/too few to hold k = 11; this mosaic cannot be published/);
  });

  it('no events: an empty mosaic, not a crash', () => {
    const m = bake([]);
    expect(m.journeyCount).toBe(0);
    expect(m.eventOffsets).toHaveLength(1);
  });
});

describe('bake: streaming at scale', () => {
  it('bakes 200k generated events, chunk by chunk', () => {
    const spec = testSpec({ timelineSamples: 64, privacy: { minCommunitySize: 11, datePrecision: 'year' } });
    const b = createBaker(spec, 'scale', { secret: SECRET });
    const p = createEventLogParser('big.csv', spec, b);
    for (const chunk of syntheticEventLogCsv(200_000, 3)) p.push(chunk);
    const s = p.end();
    const m = b.finish({ rowsRead: s.rowsRead });
    expect(s.rowsRead).toBe(200_000);
    expect(m.report.rowsSkipped).toBe(0);
    let events = 0;
    for (let j = 0; j < m.journeyCount; j++) events += m.measures.events[j];
    expect(events).toBe(200_000);
    expect(m.journeyCount).toBeGreaterThan(25_000);
    expect(m.timeline).toHaveLength(m.journeyCount * 64 * 2);
    const w = m.measures.wellness;
    for (let i = 0; i < w.length; i++) if (!(w[i] >= 0 && w[i] <= 1)) throw new Error(`wellness ${w[i]} at ${i}`);
  }, 60_000);
});

describe('bake: a fork', () => {
  it('bakes the same bytes as reading everything again, and leaves the baker it came from as it was', () => {
    // A data file with issues, extra columns, stories and consent, then events added after it (residents' contributions).
    const spec = testSpec({ timelineSamples: 32, privacy: { minCommunitySize: 3, datePrecision: 'year' } });
    const csv = [...syntheticEventLogCsv(3_000, 11)].join('') + 'x1,bad,checkup\n,2140-01-01,checkup\nx2,2141-01-01,fluoride\n';
    const later = (n: number) =>
      Array.from({ length: n }, (_, i) => card(`contribution-${i}`, `214${i % 5}-06-01`, { community: i % 2 ? 'Harbour' : 'Quay', pain: i % 7, story: `story ${i}`, consent: i % 3 ? 'card' : 'story' }));
    const fresh = (extra: CareEvent[]) => {
      const b = createBaker(spec, 'fork', { secret: SECRET });
      const s = parseEventLogText(csv, 'journeys.csv', spec, b);
      for (const e of extra) b.event(e);
      return encodeBake(b.finish({ rowsRead: s.rowsRead + extra.length }));
    };
    const base = createBaker(spec, 'fork', { secret: SECRET });
    const s = parseEventLogText(csv, 'journeys.csv', spec, base);
    const before = base.stats();
    for (const n of [0, 1, 40, 3]) {
      const f = base.fork();
      const extra = later(n);
      for (const e of extra) f.event(e);
      expect(Buffer.from(encodeBake(f.finish({ rowsRead: s.rowsRead + n }))).equals(Buffer.from(fresh(extra)))).toBe(true);
    }
    expect(base.stats()).toEqual(before);
  });
});
