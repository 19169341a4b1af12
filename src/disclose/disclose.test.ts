import { describe, expect, it } from 'vitest';
import type { BakedMosaic } from '../bake/artefact';
import { createBaker } from '../bake/bake';
import { EVENT_KINDS, type CareEvent, type ConsentTier, type EventKind } from '../data/events';
import { mulberry32, testSpec } from '../data/testing';
import { MS_PER_DAY } from '../journeys/time';
import { periodGrid, periodIndex, windowMs } from './grid';
import { TIER_GLOW, TIMING_MEASURES } from './policy';
import { createSecret, keyedOrder } from './secret';

const SECRET = 'c0ffee'.repeat(8);
const DAY = MS_PER_DAY;

interface Made {
  events: CareEvent[];
  ids: string[];
}

/** `n` journeys of 3–10 events on random days of 2140–2146, in two communities and two age bands. */
function journeys(n: number, seed: number, tier: (i: number) => ConsentTier = () => 'glow'): Made {
  const rnd = mulberry32(seed);
  const events: CareEvent[] = [];
  const ids: string[] = [];
  let line = 0;
  for (let i = 0; i < n; i++) {
    const id = `r-${i}`;
    ids.push(id);
    let t = Date.UTC(2140, 0, 1) + Math.floor(rnd() * 800) * DAY;
    const count = 3 + Math.floor(rnd() * 8);
    for (let e = 0; e < count && t < Date.UTC(2147, 0, 1); e++) {
      const kind: EventKind = rnd() < 0.1 ? 'missed' : rnd() < 0.2 ? 'emergency' : 'checkup';
      events.push({
        journeyId: id,
        time: t,
        kind,
        community: i % 2 ? 'Harbour' : 'Quay',
        ageBand: i % 3 ? '18-34' : '35-64',
        consent: tier(i),
        pain: rnd() < 0.5 ? Math.floor(rnd() * 10) : undefined,
        source: { file: 'j.csv', line: ++line },
      });
      t += Math.floor(60 + rnd() * 400) * DAY;
    }
  }
  return { events, ids };
}

function bake(made: Made, more: Parameters<typeof testSpec>[0] = {}, secret = SECRET): BakedMosaic {
  const b = createBaker(testSpec({ timelineSamples: 64, window: { start: '2140-01-01', end: '2146-12-31' }, ...more }), 'test', { secret });
  for (const e of made.events) b.event(e);
  return b.finish();
}

/** The raw events of each cell (by the true mapping, which needs the secret). */
function rawByCell(made: Made, secret = SECRET): CareEvent[][] {
  const order = keyedOrder(made.ids, secret);
  const byId = new Map<string, CareEvent[]>();
  for (const e of made.events) byId.set(e.journeyId, [...(byId.get(e.journeyId) ?? []), e]);
  return [...order].map((j) => byId.get(made.ids[j])!.sort((a, b) => a.time - b.time));
}

const yearOf = (t: number) => new Date(t).getUTCFullYear();

describe('disclosure: visits are days with care', () => {
  it('the procedures of one day are one visit: one slice lit at 128, one visit in the rate', () => {
    // Each journey: two visit days (2141 and 2144), each with six procedures at different hours.
    const events: CareEvent[] = [];
    const ids = Array.from({ length: 20 }, (_, i) => `v-${i}`);
    let line = 0;
    for (const id of ids)
      for (const year of [2141, 2144])
        for (const [h, kind] of (['checkup', 'cleaning', 'cleaning', 'screening', 'education', 'other'] as const).entries())
          events.push({ journeyId: id, time: Date.UTC(year, 4, 10, 9 + h), kind, community: 'Harbour', consent: 'card', source: { file: 'j.csv', line: ++line } });
    const m = bake({ events, ids }, { privacy: { minCommunitySize: 1, datePrecision: 'year' } });
    const S = m.timelineSamples;
    for (let c = 0; c < m.journeyCount; c++) {
      const lit: number[] = [];
      for (let s = 0; s < S; s++) if (m.timeline[2 * (c * S + s)] > 0) lit.push(m.timeline[2 * (c * S + s)]);
      expect(lit).toEqual([128, 128]);
      expect(m.measures.events[c]).toBe(12);
      expect(m.measures.visits_per_year[c]).toBeCloseTo(2 / 3, 5);
    }
  });
});

describe('disclosure: measures come from coarsened dates', () => {
  it('span, gaps, rates and pain trend reveal nothing finer than the year', () => {
    const made = journeys(300, 1, () => 'card');
    const m = bake(made, { privacy: { minCommunitySize: 1, datePrecision: 'year' } });
    const raw = rawByCell(made);
    for (let c = 0; c < m.journeyCount; c++) {
      const ev = raw[c];
      const first = yearOf(ev[0].time);
      const last = yearOf(ev[ev.length - 1].time);
      expect(m.measures.first_date[c]).toBe(first);
      expect(m.measures.last_date[c]).toBe(last);
      expect(m.measures.span_years[c]).toBe(last - first);
      const gapYears = m.measures.longest_gap_days[c] / 365.2425;
      expect(Math.abs(gapYears - Math.round(gapYears))).toBeLessThan(1e-4);
      // Visits are days with attended care, counted from the exact dates.
      const visits = new Set(ev.filter((e) => e.kind !== 'missed').map((e) => Math.floor(e.time / 86_400_000))).size;
      expect(m.measures.visits_per_year[c]).toBeCloseTo(visits / Math.max(last - first, 1), 4);
      const trend = m.measures.pain_trend[c];
      if (Number.isFinite(trend)) {
        // A least-squares slope over whole years: with two readings, (p1 - p0) / whole years.
        const painted = ev.filter((e) => e.pain !== undefined);
        if (painted.length === 2) expect(trend).toBeCloseTo((painted[1].pain! - painted[0].pain!) / (yearOf(painted[1].time) - yearOf(painted[0].time)), 4);
      }
    }
  });

  it('at month precision, measures are whole months', () => {
    const made = journeys(100, 2, () => 'card');
    const m = bake(made, { privacy: { minCommunitySize: 1, datePrecision: 'month' } });
    for (let c = 0; c < m.journeyCount; c++) {
      const months = m.measures.span_years[c] * 12;
      expect(Math.abs(months - Math.round(months))).toBeLessThan(1e-3);
      const gap = m.measures.longest_gap_days[c] / (365.2425 / 12);
      expect(Math.abs(gap - Math.round(gap))).toBeLessThan(1e-3);
    }
  });
});

describe('disclosure: the timeline', () => {
  it('every flash lies in a slice of its event\'s own year, at a keyed random slice, not the real one', () => {
    const made = journeys(600, 3, () => 'card');
    const m = bake(made, { privacy: { minCommunitySize: 1, datePrecision: 'year' } });
    const w = windowMs(m.window, m.precision);
    const grid = periodGrid(w.start, w.end, m.timelineSamples, m.precision);
    const raw = rawByCell(made);
    const S = m.timelineSamples;
    let events = 0;
    let realSliceLit = 0;
    let chance = 0;
    for (let c = 0; c < m.journeyCount; c++) {
      // Flashes per period group, from the artefact and from the truth.
      const lit = new Map<number, number>();
      for (let s = 0; s < S; s++) if (m.timeline[2 * (c * S + s)] > 0) lit.set(grid.groupOfSlice[s], (lit.get(grid.groupOfSlice[s]) ?? 0) + 1);
      const want = new Map<number, number>();
      for (const e of raw[c]) {
        if (e.kind === 'missed') continue;
        const g = grid.groupOfPeriod[periodIndex(grid, e.time)];
        want.set(g, (want.get(g) ?? 0) + 1);
        const s = Math.floor((e.time - grid.start) / grid.width);
        events++;
        if (m.timeline[2 * (c * S + s)] > 0) realSliceLit++;
        let n = 0;
        for (let q = grid.groupStart[g]; q < grid.groupEnd[g]; q++) if (m.timeline[2 * (c * S + q)] > 0) n++;
        chance += n / (grid.groupEnd[g] - grid.groupStart[g]);
      }
      // Every group that has events is lit, and none that has none (collisions may merge two flashes).
      expect([...lit.keys()].sort()).toEqual([...want.keys()].sort());
      for (const [g, n] of lit) expect(n).toBeLessThanOrEqual(want.get(g)!);
    }
    // The real slice is lit no more often than chance within the year (before: every time).
    expect(events).toBeGreaterThan(2000);
    expect(Math.abs(realSliceLit - chance) / events).toBeLessThan(0.03);
  });

  it('placements are keyed: another secret places the same events elsewhere', () => {
    const made = journeys(200, 4, () => 'card');
    const spec = { privacy: { minCommunitySize: 1, datePrecision: 'year' as const } };
    const a = bake(made, spec, SECRET);
    const other = createSecret();
    const b = bake(made, spec, other);
    const cellA = new Map([...keyedOrder(made.ids, SECRET)].map((j, c) => [j, c]));
    const cellB = new Map([...keyedOrder(made.ids, other)].map((j, c) => [j, c]));
    const S = a.timelineSamples;
    let differ = 0;
    for (let j = 0; j < made.ids.length; j++) {
      const ta = a.timeline.subarray(2 * S * cellA.get(j)!, 2 * S * (cellA.get(j)! + 1));
      const tb = b.timeline.subarray(2 * S * cellB.get(j)!, 2 * S * (cellB.get(j)! + 1));
      if (ta.some((v, i) => i % 2 === 0 && v !== tb[i])) differ++;
    }
    expect(differ).toBeGreaterThan(150);
  });
});

describe('disclosure: consent tiers', () => {
  it('glow-tier cells of one class publish the same timing, timeline strength and wellness, with their own flash slices', () => {
    const made = journeys(400, 5);
    const m = bake(made);
    const S = m.timelineSamples;
    const w = windowMs(m.window, m.precision);
    const grid = periodGrid(w.start, w.end, S, m.precision);
    const classOf = (c: number) => `${m.community[c]}/${m.fields.age_band.kind === 'categorical' ? m.fields.age_band.codes[c] : ''}`;
    const signature = (c: number) => {
      const parts = TIMING_MEASURES.map((x) => m.measures[x][c]);
      const groups: string[] = [];
      for (let g = 0; g < grid.groupStart.length; g++) {
        const v: number[] = [];
        for (let s = grid.groupStart[g]; s < grid.groupEnd[g]; s++) v.push(m.timeline[2 * (c * S + s)]);
        groups.push(v.sort().join('.'));
      }
      const well = Array.from({ length: S }, (_, s) => m.timeline[2 * (c * S + s) + 1]);
      return JSON.stringify([parts, groups, well, m.eventOffsets[c + 1] - m.eventOffsets[c]]);
    };
    const byClass = new Map<string, number[]>();
    for (let c = 0; c < m.journeyCount; c++) if (m.tier[c] === TIER_GLOW) byClass.set(classOf(c), [...(byClass.get(classOf(c)) ?? []), c]);
    expect(byClass.size).toBeGreaterThan(1);
    for (const cells of byClass.values()) {
      expect(cells.length).toBeGreaterThanOrEqual(11);
      expect(new Set(cells.map(signature)).size).toBe(1);
      // …but not in unison: the slices differ from cell to cell.
      const exact = new Set(cells.map((c) => Array.from({ length: S }, (_, s) => m.timeline[2 * (c * S + s)]).join(',')));
      expect(exact.size).toBeGreaterThan(1);
    }
  });

  it('glow-tier cells keep their own sensitive measures', () => {
    const made = journeys(200, 6);
    const m = bake(made);
    const raw = rawByCell(made);
    for (let c = 0; c < m.journeyCount; c++) {
      expect(m.measures.events[c]).toBe(raw[c].length);
      expect(m.measures.emergency_share[c]).toBeCloseTo(raw[c].filter((e) => e.kind === 'emergency').length / raw[c].length, 5);
    }
    expect(m.eventDates).toHaveLength(0);
  });

  it('event lists sort kinds within a year: the order inside a year is finer than the precision', () => {
    const events: CareEvent[] = (['filling', 'checkup', 'emergency'] as const).map((kind, i) => ({
      journeyId: 'a',
      time: Date.UTC(2141, 2 + i * 3, 1),
      kind,
      consent: 'card',
      source: { file: 'j.csv', line: i + 1 },
    }));
    const m = bake({ events, ids: ['a'] }, { privacy: { minCommunitySize: 1, datePrecision: 'year' } });
    expect([...m.eventKinds].map((k) => EVENT_KINDS[k])).toEqual(['checkup', 'filling', 'emergency'].sort((x, y) => EVENT_KINDS.indexOf(x as EventKind) - EVENT_KINDS.indexOf(y as EventKind)));
  });
});
