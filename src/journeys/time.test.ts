import { describe, expect, it } from 'vitest';
import { ceilToPrecision, Coarsener, coarsenTime, decimalYear, floorToPrecision } from './time';

describe('date coarsening', () => {
  const t = Date.UTC(2140, 6, 15, 13, 30);
  it('to the year or month, as decimal years', () => {
    expect(coarsenTime(t, 'year')).toBe(2140);
    expect(coarsenTime(t, 'month')).toBe(2140 + 6 / 12);
  });
  it('floor and ceil to period boundaries', () => {
    expect(floorToPrecision(t, 'year')).toBe(Date.UTC(2140, 0, 1));
    expect(ceilToPrecision(t, 'year')).toBe(Date.UTC(2141, 0, 1));
    expect(floorToPrecision(t, 'month')).toBe(Date.UTC(2140, 6, 1));
    expect(ceilToPrecision(Date.UTC(2140, 11, 3), 'month')).toBe(Date.UTC(2141, 0, 1));
  });
  it('the cached coarsener agrees with coarsenTime', () => {
    for (const p of ['year', 'month'] as const) {
      const c = new Coarsener(p, Date.UTC(2138, 5, 3), Date.UTC(2141, 2, 1));
      for (let ms = Date.UTC(2137, 0, 1); ms < Date.UTC(2143, 0, 1); ms += 9.7 * 86_400_000) expect(c.coarsen(ms)).toBe(coarsenTime(ms, p));
      expect(c.coarsen(Date.UTC(2139, 11, 31, 23, 59))).toBe(coarsenTime(Date.UTC(2139, 11, 31, 23, 59), p));
    }
  });
  it('decimalYear', () => expect(decimalYear(Date.UTC(2140, 0, 1))).toBe(2140));
});
