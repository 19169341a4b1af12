/**
 * The precision grid of a timeline: how the `samples` slices of the window fall into the periods
 * (years or months) of the declared date precision. The disclosure stage places every event in a
 * slice of its own period's group, and the risk report reads the timeline through the same grid, so
 * both agree on what "the year of a flash" means.
 *
 * A slice belongs to the period that holds its centre; the slices of one period form a group (a run of
 * slices). A period whose span holds no slice centre (slices wider than a month) joins the group of
 * the slice holding its midpoint. The window always starts and ends on period boundaries.
 */
import { ceilToPrecision, coarsenTime, floorToPrecision, type DatePrecision } from '../journeys/time';

export interface PeriodGrid {
  precision: DatePrecision;
  samples: number;
  start: number;
  end: number;
  /** Slice width, ms. */
  width: number;
  /** Period boundaries from the window's start to its end (UTC ms), length periods + 1. */
  periodStarts: Float64Array;
  /** Each period as a coarsened decimal year (2140, or 2140 + month / 12). */
  periodValue: Float64Array;
  /** Group of each period. */
  groupOfPeriod: Int32Array;
  /** Slices [groupStart[g], groupEnd[g]) form group g; groups are in time order. */
  groupStart: Int32Array;
  groupEnd: Int32Array;
  /** Group of each slice. */
  groupOfSlice: Int32Array;
}

/** Window bounds of a baked mosaic (coarsened decimal years) back to UTC ms. */
export function windowMs(w: { start: number; end: number }, precision: DatePrecision): { start: number; end: number } {
  const toMs = (d: number) => {
    const y = Math.floor(d + 1e-6);
    const m = precision === 'month' ? Math.round((d - y) * 12) : 0;
    return Date.UTC(y, m, 1);
  };
  return { start: toMs(w.start), end: toMs(w.end) };
}

export function periodGrid(start: number, end: number, samples: number, precision: DatePrecision): PeriodGrid {
  const S = Math.max(1, Math.floor(samples));
  const bounds: number[] = [];
  for (let t = floorToPrecision(start, precision); t < end; t = ceilToPrecision(t, precision)) bounds.push(t);
  bounds.push(end);
  const periodStarts = Float64Array.from(bounds);
  const P = periodStarts.length - 1;
  const width = (end - start) / S;
  const periodOf = (t: number) => {
    let lo = 0;
    let hi = P; // periodStarts[lo] <= t < periodStarts[hi]
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (periodStarts[mid] <= t) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  const sliceOf = (t: number) => Math.min(S - 1, Math.max(0, Math.floor((t - start) / width)));
  const periodOfSlice = new Int32Array(S);
  for (let s = 0; s < S; s++) periodOfSlice[s] = periodOf(start + (s + 0.5) * width);
  const groupOfSlice = new Int32Array(S);
  const gs: number[] = [];
  const ge: number[] = [];
  for (let s = 0; s < S; s++) {
    if (s === 0 || periodOfSlice[s] !== periodOfSlice[s - 1]) {
      gs.push(s);
      ge.push(s + 1);
    } else ge[ge.length - 1] = s + 1;
    groupOfSlice[s] = gs.length - 1;
  }
  const groupOfPeriod = new Int32Array(P);
  for (let p = 0; p < P; p++) groupOfPeriod[p] = groupOfSlice[sliceOf((periodStarts[p] + periodStarts[p + 1]) / 2)];
  for (let s = 0; s < S; s++) groupOfPeriod[periodOfSlice[s]] = groupOfSlice[s];
  const periodValue = Float64Array.from({ length: P }, (_, p) => coarsenTime(periodStarts[p], precision));
  return { precision, samples: S, start, end, width, periodStarts, periodValue, groupOfPeriod, groupStart: Int32Array.from(gs), groupEnd: Int32Array.from(ge), groupOfSlice };
}

/** Index of the period holding `t`, or −1 when `t` lies outside the window. */
export function periodIndex(grid: PeriodGrid, t: number): number {
  const ps = grid.periodStarts;
  const P = ps.length - 1;
  if (!(t >= ps[0] && t < ps[P])) return -1;
  let lo = 0;
  let hi = P;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ps[mid] <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}
