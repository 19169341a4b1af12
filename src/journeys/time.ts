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
 * coarsenTime with a one-period cache: events arrive in time order per journey, so most calls fall in
 * the same year or month as the previous one and need no Date object.
 */
export class Coarsener {
  private lo = Infinity;
  private hi = -Infinity;
  private value = NaN;
  constructor(readonly precision: DatePrecision) {}
  coarsen(ms: number): number {
    if (ms >= this.lo && ms < this.hi) return this.value;
    this.lo = floorToPrecision(ms, this.precision);
    this.hi = ceilToPrecision(ms, this.precision);
    this.value = coarsenTime(ms, this.precision);
    return this.value;
  }
}
