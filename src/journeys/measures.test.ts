import { describe, expect, it } from 'vitest';
import { computeMeasures, EventTally, journeyEventsFrom, markVisits, wellnessOf, WELLNESS_WEIGHTS } from './measures';
import { MS_PER_DAY, MS_PER_YEAR } from './time';

const D = (y: number, m = 1, d = 1) => Date.UTC(y, m - 1, d);

describe('derived measures', () => {
  const j = journeyEventsFrom([
    // deliberately out of order: measures see time order
    { time: D(2142, 1, 1), kind: 'filling', pain: 2, costBarrier: false, sentiment: 0.5 },
    { time: D(2140, 1, 1), kind: 'emergency', pain: 8, costBarrier: true, sentiment: -0.5 },
    { time: D(2141, 1, 1), kind: 'missed', costBarrier: true },
    { time: D(2141, 7, 1), kind: 'checkup' },
  ]);
  const m = computeMeasures(j);
  const span = (D(2142) - D(2140)) / MS_PER_YEAR;

  it('events counts every row, missed included', () => expect(m.events).toBe(4));
  it('first_date / last_date are the earliest and latest event (exact, ms)', () => {
    expect(m.first_date).toBe(D(2140));
    expect(m.last_date).toBe(D(2142));
  });
  it('span_years is last − first in mean Gregorian years', () => expect(m.span_years).toBeCloseTo(span, 9));
  it('visits_per_year is visits (days with attended care) / max(span, 1)', () => expect(m.visits_per_year).toBeCloseTo(3 / span, 9));
  it('longest_gap_days is the longest stretch between attended events (missed ones do not count)', () =>
    expect(m.longest_gap_days).toBe((D(2141, 7, 1) - D(2140)) / MS_PER_DAY));
  it('emergency_share and missed_share are shares of all events', () => {
    expect(m.emergency_share).toBe(0.25);
    expect(m.missed_share).toBe(0.25);
  });
  it('barrier_share is over events with cost_barrier recorded', () => expect(m.barrier_share).toBeCloseTo(2 / 3));
  it('pain_start / pain_end: first and last pain recorded', () => {
    expect(m.pain_start).toBe(8);
    expect(m.pain_end).toBe(2);
  });
  it('pain_trend is the least-squares slope in points per year', () => expect(m.pain_trend).toBeCloseTo(-6 / span, 6));
  it('wellness follows the documented formula', () => {
    const W = WELLNESS_WEIGHTS;
    const parts =
      W.pain * (1 - 2 / 10) +
      W.regularity * Math.min(3 / span / 2, 1) +
      W.emergency * 0.75 +
      W.missed * 0.75 +
      W.barrier * (1 - 2 / 3) +
      W.sentiment * ((0 + 1) / 2);
    const wsum = W.pain + W.regularity + W.emergency + W.missed + W.barrier + W.sentiment;
    expect(m.wellness).toBeCloseTo(parts / wsum, 9);
  });

  it('undefined measures are NaN; a single event has span 0 and no gap', () => {
    const one = computeMeasures(journeyEventsFrom([{ time: D(2140), kind: 'checkup' }]));
    expect(one).toMatchObject({ events: 1, span_years: 0, visits_per_year: 1, longest_gap_days: 0 });
    expect(one.barrier_share).toBeNaN();
    expect(one.pain_start).toBeNaN();
    expect(one.pain_end).toBeNaN();
    expect(one.pain_trend).toBeNaN();
    // only regularity (1/2), emergency (1) and missed (1) are known
    const W = WELLNESS_WEIGHTS;
    expect(one.wellness).toBeCloseTo((W.regularity * 0.5 + W.emergency + W.missed) / (W.regularity + W.emergency + W.missed));
  });
});

describe('visits', () => {
  // A Synthea dental visit writes a row per procedure: one day, six events, one visit.
  const day = (y: number, h: number) => Date.UTC(y, 2, 4, h);
  const j = journeyEventsFrom([
    ...(['checkup', 'cleaning', 'cleaning', 'screening', 'education', 'other'] as const).map((kind, h) => ({ time: day(2019, 9 + h), kind })),
    { time: day(2020, 9), kind: 'missed' },
    { time: day(2022, 9), kind: 'missed' },
    { time: day(2022, 11), kind: 'checkup' },
    { time: day(2022, 12), kind: 'cleaning' },
  ]);
  it('a day with attended care is one visit, however many events it holds; a missed appointment is none', () => {
    expect(Array.from(j.visit)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
    expect(markVisits(j.n, j.time, j.kind)).toBe(2);
  });
  it('visits_per_year counts visits, not events: 2 visits over 3 years', () => {
    const m = computeMeasures(j);
    expect(m.events).toBe(10);
    expect(m.visits_per_year).toBeCloseTo(2 / ((day(2022, 12) - day(2019, 9)) / MS_PER_YEAR), 9);
  });
});

describe('wellnessOf', () => {
  it('is 1 for the best case and 0 for the worst', () => {
    expect(wellnessOf({ pain: 0, regularity: 1, emergency: 0, missed: 0, barrier: 0, sentiment: 1 })).toBe(1);
    expect(wellnessOf({ pain: 10, regularity: 0, emergency: 1, missed: 1, barrier: 1, sentiment: -1 })).toBe(0);
  });
  it('drops unknown components and renormalises', () => {
    expect(wellnessOf({ pain: NaN, regularity: 1, emergency: NaN, missed: NaN, barrier: NaN, sentiment: NaN })).toBe(1);
    expect(wellnessOf({ pain: NaN, regularity: NaN, emergency: NaN, missed: NaN, barrier: NaN, sentiment: NaN })).toBe(0);
  });
});

describe('EventTally', () => {
  it('a sliding window (events in, events out) tallies what a fresh count of the same events does', () => {
    const kinds = ['checkup', 'missed', 'emergency', 'cleaning', 'missed', 'checkup'] as const;
    const j = journeyEventsFrom(
      kinds.map((kind, i) => ({ time: i * 86_400_000, kind, pain: i, sentiment: i % 2 ? 0.5 : -0.25, costBarrier: i % 3 === 0 ? true : i % 3 === 1 ? false : undefined })),
    );
    const sliding = new EventTally(j);
    for (let i = 0; i < j.n; i++) sliding.add(i);
    sliding.remove(0);
    sliding.remove(1);
    const fresh = new EventTally(j);
    for (let i = 2; i < j.n; i++) fresh.add(i);
    expect({ ...sliding }).toEqual({ ...fresh });
    expect([fresh.count, fresh.attended, fresh.missed, fresh.emergencies, fresh.barrierKnown, fresh.barrierTrue, fresh.sentCount]).toEqual([4, 3, 1, 1, 2, 1, 4]);
    expect(fresh.wellness(NaN, 2)).toBeCloseTo(wellnessOf({ pain: NaN, regularity: 1, emergency: 0.25, missed: 0.25, barrier: 0.5, sentiment: 0.125 }), 12);
  });
});
