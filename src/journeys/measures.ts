/**
 * Derived per-journey measures (docs/DATA.md defines each) and the wellness formula. Pure: works on
 * one journey's events, sorted by time, as parallel arrays.
 */
import type { MeasureName } from '../bake/artefact';
import { EVENT_KINDS as KINDS } from '../data/events';
import { MS_PER_DAY, MS_PER_YEAR } from './time';

export const KIND_MISSED = KINDS.indexOf('missed');
export const KIND_EMERGENCY = KINDS.indexOf('emergency');

/** One journey's events, sorted by time; entries [0, n) are used. */
export interface JourneyEvents {
  n: number;
  /** UTC ms. */
  time: Float64Array;
  /** Index into EVENT_KINDS. */
  kind: Uint8Array;
  /** 0–10, NaN when not recorded. */
  pain: Float32Array;
  /** −1 to 1, NaN when not recorded. */
  sentiment: Float32Array;
  /** 1 cost barrier, 0 none, −1 not recorded. */
  barrier: Int8Array;
  /**
   * 1 when the event is a visit: the first attended (not missed) event of its day (UTC), from the
   * exact dates (markVisits). A day with care is one visit however many procedures it recorded
   * (a Synthea dental visit writes a row per procedure); the other events of the day are 0.
   */
  visit: Uint8Array;
}

/** The UTC day of a time in ms (days since 1970-01-01). */
export const dayOf = (t: number) => Math.floor(t / MS_PER_DAY);

/**
 * Marks each journey event that is a visit (JourneyEvents.visit) from its exact time (`time` sorted),
 * into `visit` when given, and returns the number of visits. Call before the times are coarsened: a
 * visit is a day with care, whatever precision is published.
 */
export function markVisits(n: number, time: ArrayLike<number>, kind: ArrayLike<number>, visit: Uint8Array | null = null): number {
  let lastDay = NaN;
  let visits = 0;
  for (let i = 0; i < n; i++) {
    const d = kind[i] === KIND_MISSED ? NaN : dayOf(time[i]);
    const is = d === d && d !== lastDay ? 1 : 0;
    if (visit) visit[i] = is;
    if (is) (visits++, (lastDay = d));
  }
  return visits;
}

/** Raw measures: as in MEASURES, but first_date / last_date are exact UTC ms (the bake coarsens them). */
export type JourneyMeasures = Record<MeasureName, number>;

/** Wellness weights: each component is 0–1, higher is better; missing components drop out and the rest renormalise. */
export const WELLNESS_WEIGHTS = {
  /** 1 − pain / 10 of the latest pain recorded. */
  pain: 0.3,
  /** min(visits per year / 2, 1): two visits (days with attended care) a year is the usual recommendation. */
  regularity: 0.2,
  /** 1 − share of events that were emergencies. */
  emergency: 0.15,
  /** 1 − share of events that were missed appointments. */
  missed: 0.1,
  /** 1 − share of events (with cost_barrier recorded) that met a cost barrier. */
  barrier: 0.1,
  /** (mean sentiment + 1) / 2. */
  sentiment: 0.15,
} as const;

/** Components of wellness; NaN means "not known" and drops out. */
export interface WellnessParts {
  pain: number;
  regularity: number;
  emergency: number;
  missed: number;
  barrier: number;
  sentiment: number;
}

/** Weighted mean of the known components, 0–1 (0 if none is known). */
export function wellnessOf(p: WellnessParts): number {
  // Written out without helper closures: this runs for every timeline sample of every journey.
  const W = WELLNESS_WEIGHTS;
  let sum = 0;
  let wsum = 0;
  if (p.pain === p.pain) {
    sum += W.pain * (1 - p.pain / 10);
    wsum += W.pain;
  }
  if (p.regularity === p.regularity) {
    sum += W.regularity * p.regularity;
    wsum += W.regularity;
  }
  if (p.emergency === p.emergency) {
    sum += W.emergency * (1 - p.emergency);
    wsum += W.emergency;
  }
  if (p.missed === p.missed) {
    sum += W.missed * (1 - p.missed);
    wsum += W.missed;
  }
  if (p.barrier === p.barrier) {
    sum += W.barrier * (1 - p.barrier);
    wsum += W.barrier;
  }
  if (p.sentiment === p.sentiment) {
    sum += W.sentiment * ((p.sentiment + 1) / 2);
    wsum += W.sentiment;
  }
  if (wsum === 0) return 0;
  return Math.min(1, Math.max(0, sum / wsum));
}

/** Regularity component from a visit rate. */
export function regularityOf(visitsPerYear: number): number {
  return Math.min(visitsPerYear / 2, 1);
}

/**
 * Running counts over some of a journey's events (all of them for the measures, a trailing year for
 * each timeline sample): what the wellness formula reads besides pain and regularity. Events come
 * in with `add` and go out with `remove`, so a sliding window costs one step per event.
 */
export class EventTally {
  count = 0;
  missed = 0;
  /** Visits: days with attended care (JourneyEvents.visit). */
  visits = 0;
  emergencies = 0;
  barrierKnown = 0;
  barrierTrue = 0;
  sentCount = 0;
  sentSum = 0;

  constructor(private readonly j: JourneyEvents) {}

  /** Attended events (not missed appointments). */
  get attended(): number {
    return this.count - this.missed;
  }

  add(i: number): void {
    this.step(i, 1);
  }

  remove(i: number): void {
    this.step(i, -1);
  }

  private step(i: number, d: 1 | -1): void {
    const { kind, barrier, sentiment, visit } = this.j;
    const k = kind[i];
    this.count += d;
    this.visits += d * visit[i];
    if (k === KIND_MISSED) this.missed += d;
    if (k === KIND_EMERGENCY) this.emergencies += d;
    if (barrier[i] >= 0) {
      this.barrierKnown += d;
      if (barrier[i] === 1) this.barrierTrue += d;
    }
    const s = sentiment[i];
    if (!Number.isNaN(s)) {
      this.sentCount += d;
      this.sentSum += d * s;
    }
  }

  /** Wellness from the tallied events, the latest pain and a visit rate. */
  wellness(pain: number, visitsPerYear: number): number {
    const n = this.count;
    return wellnessOf({
      pain,
      regularity: regularityOf(visitsPerYear),
      emergency: n ? this.emergencies / n : NaN,
      missed: n ? this.missed / n : NaN,
      barrier: this.barrierKnown ? this.barrierTrue / this.barrierKnown : NaN,
      sentiment: this.sentCount ? this.sentSum / this.sentCount : NaN,
    });
  }
}

/** Compute every measure for one journey (n ≥ 1). */
export function computeMeasures(j: JourneyEvents): JourneyMeasures {
  const { n, time, kind, pain } = j;
  const tally = new EventTally(j);
  let painStart = NaN;
  let painEnd = NaN;
  let longestGap = 0;
  let lastVisit = NaN;
  // Least-squares slope of pain over time, in years relative to the first event (keeps sums small).
  let pn = 0;
  let st = 0;
  let sp = 0;
  let stt = 0;
  let stp = 0;
  const t0 = time[0];
  for (let i = 0; i < n; i++) {
    tally.add(i);
    if (kind[i] !== KIND_MISSED) {
      if (!Number.isNaN(lastVisit)) longestGap = Math.max(longestGap, time[i] - lastVisit);
      lastVisit = time[i];
    }
    const p = pain[i];
    if (!Number.isNaN(p)) {
      if (Number.isNaN(painStart)) painStart = p;
      painEnd = p;
      const x = (time[i] - t0) / MS_PER_YEAR;
      pn++;
      st += x;
      sp += p;
      stt += x * x;
      stp += x * p;
    }
  }
  const span = (time[n - 1] - time[0]) / MS_PER_YEAR;
  const visitsPerYear = tally.visits / Math.max(span, 1);
  const denom = pn * stt - st * st;
  const painTrend = pn >= 2 && denom > 1e-12 ? (pn * stp - st * sp) / denom : NaN;
  const m: JourneyMeasures = {
    events: n,
    first_date: time[0],
    last_date: time[n - 1],
    span_years: span,
    visits_per_year: visitsPerYear,
    longest_gap_days: longestGap / MS_PER_DAY,
    emergency_share: tally.emergencies / n,
    missed_share: tally.missed / n,
    barrier_share: tally.barrierKnown ? tally.barrierTrue / tally.barrierKnown : NaN,
    pain_start: painStart,
    pain_end: painEnd,
    pain_trend: painTrend,
    wellness: tally.wellness(painEnd, visitsPerYear),
  };
  return m;
}

/** Build a JourneyEvents from plain records (tests, small tools); sorts by time, stable. */
export function journeyEventsFrom(
  events: Array<{ time: number; kind: (typeof KINDS)[number]; pain?: number; sentiment?: number; costBarrier?: boolean }>,
): JourneyEvents {
  const sorted = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.time - b.e.time || a.i - b.i);
  const n = sorted.length;
  const j: JourneyEvents = {
    n,
    time: new Float64Array(n),
    kind: new Uint8Array(n),
    pain: new Float32Array(n),
    sentiment: new Float32Array(n),
    barrier: new Int8Array(n),
    visit: new Uint8Array(n),
  };
  sorted.forEach(({ e }, i) => {
    j.time[i] = e.time;
    j.kind[i] = KINDS.indexOf(e.kind);
    j.pain[i] = e.pain ?? NaN;
    j.sentiment[i] = e.sentiment ?? NaN;
    j.barrier[i] = e.costBarrier === undefined ? -1 : e.costBarrier ? 1 : 0;
  });
  markVisits(n, j.time, j.kind, j.visit);
  return j;
}
