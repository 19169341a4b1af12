import { describe, expect, it } from 'vitest';
import type { CareEvent } from '../data/events';
import { createEventLogParser, parseEventLogText } from '../data/eventLog';
import { syntheticEventLogCsv, testSpec } from '../data/testing';
import { createBaker } from './bake';
import { MEASURES } from './artefact';
import { hash53, journeyOrder, mergeSmallGroups } from './privacy';

let line = 0;
const ev = (journeyId: string, date: string, more: Partial<CareEvent> = {}): CareEvent => ({
  journeyId,
  time: Date.parse(`${date}T00:00:00Z`),
  kind: 'checkup',
  source: { file: 't.csv', line: ++line },
  ...more,
});

function bake(events: CareEvent[], spec = testSpec()) {
  const b = createBaker(spec, 'test');
  for (const e of events) b.event(e);
  return b.finish();
}

describe('bake: privacy', () => {
  it('k-anonymity: communities with fewer than k journeys merge into "other"', () => {
    const events: CareEvent[] = [];
    for (let i = 0; i < 12; i++) events.push(ev(`big${i}`, '2140-01-01', { community: 'Harbour' }));
    for (let i = 0; i < 3; i++) events.push(ev(`small${i}`, '2140-01-01', { community: 'Tiny Hamlet' }));
    events.push(ev('lone', '2140-01-01', { community: 'Lonely Farm' }));
    const m = bake(events);
    expect(m.communities).toEqual(['Harbour', 'other']);
    expect(m.report.mergedCommunities).toBe(2);
    expect(m.report.summary).toContain('2 communities with fewer than 11 journeys merged into "other"');
    const counts = [0, 0];
    for (const c of m.community) counts[c]++;
    expect(counts).toEqual([12, 4]);
    expect(JSON.stringify(m)).not.toContain('Tiny Hamlet');
  });

  it('a journey\'s community is its latest event\'s; journeys without one are "unknown"', () => {
    const events: CareEvent[] = [];
    for (let i = 0; i < 2; i++) {
      events.push(ev(`m${i}`, '2141-01-01', { community: 'New' }), ev(`m${i}`, '2140-01-01', { community: 'Old' }));
      events.push(ev(`u${i}`, '2140-01-01'));
    }
    const m = bake(events, testSpec({ privacy: { minCommunitySize: 1, datePrecision: 'year' } }));
    expect(m.communities).toEqual(['New', 'unknown']);
  });

  it('dates are coarsened to the year by default: measures, event dates and window', () => {
    const m = bake([ev('a', '2140-07-15'), ev('a', '2143-11-02')]);
    expect(m.precision).toBe('year');
    expect(m.measures.first_date[0]).toBe(2140);
    expect(m.measures.last_date[0]).toBe(2143);
    expect([...m.eventDates]).toEqual([2140, 2143]);
    expect(m.window).toEqual({ start: 2140, end: 2144 });
  });

  it('dates are coarsened to the month by opt-in', () => {
    const m = bake([ev('a', '2140-07-15'), ev('a', '2143-11-02')], testSpec({ privacy: { minCommunitySize: 11, datePrecision: 'month' } }));
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

  it('stories only where consent_story is true (and not withdrawn later)', () => {
    const m = bake([
      ev('yes', '2140-01-01', { consentStory: true, story: 'I can smile again' }),
      ev('no', '2140-01-01', { consentStory: false, story: 'private words' }),
      ev('unasked', '2140-01-01', { story: 'never asked' }),
      ev('withdrawn', '2140-01-01', { consentStory: true, story: 'first yes' }),
      ev('withdrawn', '2141-01-01', { consentStory: false }),
    ]);
    const texts = Object.values(m.stories);
    expect(texts).toEqual(['I can smile again']);
    const bytes = JSON.stringify(m);
    for (const secret of ['private words', 'never asked', 'first yes']) expect(bytes).not.toContain(secret);
    const yesIndex = Number(Object.keys(m.stories)[0]);
    expect(m.measures.events[yesIndex]).toBe(1);
  });

  it('no journey ids in the artefact; order is by salted hash, independent of input order', () => {
    const ids = ['patient-0001', 'patient-0002', 'patient-0003', 'zeta', 'alpha'];
    const a = bake(ids.map((id, i) => ev(id, `214${i}-01-01`)));
    const b = bake([...ids].reverse().map((id) => ev(id, `214${ids.indexOf(id)}-01-01`)));
    expect([...a.measures.first_date]).toEqual([...b.measures.first_date]);
    const text = JSON.stringify({ ...a, report: null }, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v));
    for (const id of ids) expect(text).not.toContain(id);
    expect([...journeyOrder(ids)].map((i) => ids[i])).toEqual([...ids].sort((x, y) => hash53('noctiluca/journey-order/v1' + x) - hash53('noctiluca/journey-order/v1' + y)));
  });

  it('fields: categorical codes and numeric values from each journey\'s latest event, small categories merged', () => {
    const events: CareEvent[] = [];
    for (let i = 0; i < 12; i++) {
      events.push(ev(`j${i}`, '2140-01-01', { ageBand: 'old', extra: { income: '10', ward: 'East' } }));
      events.push(ev(`j${i}`, '2141-01-01', { ageBand: i === 0 ? '90+' : '20-29', access: 'tele', extra: { income: String(i), ward: '' } }));
    }
    const m = bake(events);
    const age = m.fields.age_band;
    expect(age.kind).toBe('categorical');
    if (age.kind === 'categorical') {
      expect(age.categories).toEqual(['20-29', 'other']);
      expect(age.codes.filter((c) => c === 1)).toHaveLength(1);
    }
    const income = m.fields.income;
    expect(income.kind).toBe('numeric');
    if (income.kind === 'numeric') expect([...income.values].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const ward = m.fields.ward;
    if (ward.kind === 'categorical') expect(ward.categories).toEqual(['East']);
    expect(m.fields.access.kind).toBe('categorical');
  });
});

describe('bake: shape and report', () => {
  it('fills every measure, the timeline and the event lists', () => {
    const m = bake([ev('a', '2140-01-01', { pain: 5 }), ev('a', '2141-01-01', { pain: 2, kind: 'filling' }), ev('b', '2142-05-01', { kind: 'emergency' })]);
    expect(m.journeyCount).toBe(2);
    for (const name of MEASURES) expect(m.measures[name]).toHaveLength(2);
    expect(m.timeline).toHaveLength(2 * 16 * 2);
    expect([...m.eventOffsets]).toEqual([0, m.eventOffsets[1], 3]);
    expect(m.eventKinds).toHaveLength(3);
  });

  it('report: rows read, skipped and the summary from the reader', () => {
    const b = createBaker(testSpec(), 'test');
    const s = parseEventLogText('journey_id,date,event\na,2140-01-01,checkup\nb,bad,checkup\n,2140-01-01,checkup\nc,2141-01-01,fluoride', 'journeys.csv', testSpec(), b);
    const m = b.finish({ rowsRead: s.rowsRead });
    expect(m.report).toMatchObject({ rowsRead: 4, rowsSkipped: 2 });
    expect(m.report.summary).toBe(
      '2 rows skipped: 1 bad date (line 3), 1 missing journey_id (line 4); 1 warning: 1 unknown event kind mapped to other (line 5)',
    );
    expect(m.report.warnings).toEqual(['1 unknown event kind mapped to other (line 5)']);
  });

  it('no events: an empty mosaic, not a crash', () => {
    const m = bake([]);
    expect(m.journeyCount).toBe(0);
    expect(m.eventOffsets).toHaveLength(1);
  });
});

describe('mergeSmallGroups', () => {
  it('keeps groups of at least k, sorted, "other" last', () => {
    const g = mergeSmallGroups(new Map([['b', 5], ['a', 5], ['c', 1], ['other', 2]]), 3);
    expect(g.names).toEqual(['a', 'b', 'other']);
    expect(g.merged).toBe(1);
    expect(g.codeOf.get('c')).toBe(2);
    expect(g.codeOf.get('other')).toBe(2);
  });
});

describe('bake: streaming at scale', () => {
  it('bakes 200k generated events, chunk by chunk', () => {
    const spec = testSpec({ timelineSamples: 64, privacy: { minCommunitySize: 11, datePrecision: 'year' } });
    const b = createBaker(spec, 'scale');
    const p = createEventLogParser('big.csv', spec, b);
    for (const chunk of syntheticEventLogCsv(200_000, 3)) p.push(chunk);
    const s = p.end();
    const m = b.finish({ rowsRead: s.rowsRead });
    expect(s.rowsRead).toBe(200_000);
    expect(m.report.rowsSkipped).toBe(0);
    expect(m.eventOffsets[m.journeyCount]).toBe(200_000);
    expect(m.journeyCount).toBeGreaterThan(25_000);
    expect(m.timeline).toHaveLength(m.journeyCount * 64 * 2);
    const w = m.measures.wellness;
    for (let i = 0; i < w.length; i++) if (!(w[i] >= 0 && w[i] <= 1)) throw new Error(`wellness ${w[i]} at ${i}`);
  }, 60_000);
});
