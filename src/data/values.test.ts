import { describe, expect, it } from 'vitest';
import { parseAccessKind, parseBoolean, parseEventKind, parseIsoDate, parseNumber } from './values';

describe('parseIsoDate', () => {
  it.each([
    ['2140-03-04', Date.UTC(2140, 2, 4)],
    ['2140-03', Date.UTC(2140, 2, 1)],
    ['2140', Date.UTC(2140, 0, 1)],
    ['2140-03-04T05:06:07Z', Date.UTC(2140, 2, 4, 5, 6, 7)],
    ['2140-03-04T05:06:07.250+02:00', Date.UTC(2140, 2, 4, 3, 6, 7, 250)],
    ['2140-03-04 05:06', Date.UTC(2140, 2, 4, 5, 6)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    [' 2140-03-04 ', Date.UTC(2140, 2, 4)],
  ])('%s', (text, ms) => expect(parseIsoDate(text)).toBe(ms));
  it.each(['', '2140-13-01', '2023-02-29', '2140-04-31', '04/03/2140', '2140-3-4', 'tomorrow', '2140-03-04T25:00'])('rejects %j', (t) =>
    expect(parseIsoDate(t)).toBeNaN(),
  );
});

describe('cell values', () => {
  it('numbers', () => {
    expect(parseNumber('')).toBeUndefined();
    expect(parseNumber(' 3.5 ')).toBe(3.5);
    expect(parseNumber('3,5')).toBe(3.5);
    expect(parseNumber('1e2')).toBe(100);
    expect(parseNumber('3 apples')).toBeNaN();
    expect(parseNumber('1,000,000')).toBeNaN();
  });
  it('booleans', () => {
    expect(parseBoolean('Yes')).toBe(true);
    expect(parseBoolean('0')).toBe(false);
    expect(parseBoolean('')).toBeUndefined();
    expect(parseBoolean('perhaps')).toBeNull();
  });
  it('event and access kinds', () => {
    expect(parseEventKind(' Root_Canal ')).toBe('root-canal');
    expect(parseEventKind('no-show')).toBe('missed');
    expect(parseEventKind('whitening')).toBeNull();
    expect(parseAccessKind('Mobile Unit')).toBe('mobile-unit');
    expect(parseAccessKind('drone')).toBeNull();
  });
});
