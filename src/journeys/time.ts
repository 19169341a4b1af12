/** Time helpers: decimal years and date coarsening (privacy). */

export const MS_PER_DAY = 86_400_000;
/** Mean Gregorian year, used for spans and rates. */
export const MS_PER_YEAR = 365.2425 * MS_PER_DAY;

export type DatePrecision = 'year' | 'month';

/** Exact decimal year of a UTC time, e.g. 2140-07-02 → ≈2140.5. */
export function decimalYear(ms: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const start = Date.UTC(y, 0, 1);
  const end = Date.UTC(y + 1, 0, 1);
  return y + (ms - start) / (end - start);
}

/** Coarsen a UTC time to the start of its year (2140) or month (2140 + (month − 1) / 12), as a decimal year. */
export function coarsenTime(ms: number, precision: DatePrecision): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  return precision === 'year' ? y : y + d.getUTCMonth() / 12;
}

/** The first instant of the year/month containing `ms` (UTC ms). */
export function floorToPrecision(ms: number, precision: DatePrecision): number {
  const d = new Date(ms);
  return precision === 'year' ? Date.UTC(d.getUTCFullYear(), 0, 1) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The first instant of the year/month after the one containing `ms`. */
export function ceilToPrecision(ms: number, precision: DatePrecision): number {
  const d = new Date(ms);
  return precision === 'year' ? Date.UTC(d.getUTCFullYear() + 1, 0, 1) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/**
 * coarsenTime for many times: a table of the period boundaries between `minMs` and `maxMs` and a
 * binary search, with no Date objects (times outside the range fall back to coarsenTime).
 */
export class Coarsener {
  private readonly starts: Float64Array;
  private readonly values: Float64Array;
  constructor(
    readonly precision: DatePrecision,
    minMs: number,
    maxMs: number,
  ) {
    const starts: number[] = [];
    const values: number[] = [];
    if (Number.isFinite(minMs) && Number.isFinite(maxMs) && maxMs >= minMs) {
      for (let t = floorToPrecision(minMs, precision); t <= maxMs; t = ceilToPrecision(t, precision)) {
        starts.push(t);
        values.push(coarsenTime(t, precision));
      }
      starts.push(ceilToPrecision(maxMs, precision));
    }
    this.starts = Float64Array.from(starts);
    this.values = Float64Array.from(values);
  }
  coarsen(ms: number): number {
    const s = this.starts;
    const n = s.length;
    if (n < 2 || !(ms >= s[0] && ms < s[n - 1])) return coarsenTime(ms, this.precision);
    let lo = 0;
    let hi = n - 1; // s[lo] <= ms < s[hi]
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (s[mid] <= ms) lo = mid;
      else hi = mid;
    }
    return this.values[lo];
  }
}
