import { describe, expect, it } from 'vitest';
import { cellFromHash, cellHash } from './cellLink.ts';

describe('cell links', () => {
  it('#cell= carries the card number ("Journey 1483 of 3,000" is cell index 1482)', () => {
    expect(cellHash(1482)).toBe('#cell=1483');
    expect(cellFromHash('#cell=1483')).toBe(1482);
    for (const cell of [0, 1, 41, 2999]) expect(cellFromHash(cellHash(cell))).toBe(cell);
  });
  it('an older #tile= link, counted from 0, opens the same cell', () => {
    expect(cellFromHash('#tile=1482')).toBe(1482);
    expect(cellFromHash('#tile=0')).toBe(0);
  });
  it('anything else is not a cell link', () => {
    for (const hash of ['', '#cell=0', '#cell=', '#cell=-1', '#cell=1.5', '#cells=3', '#tile=x', '#cell=3&x']) expect(cellFromHash(hash)).toBeNull();
  });
});
