import { describe, expect, it } from 'vitest';
import { readVenueParams } from './params.ts';

describe('readVenueParams', () => {
  it('defaults to one plain output', () => {
    expect(readVenueParams('')).toEqual({ wall: null, output: 0, outputAsked: null, calibrate: false });
  });
  it.each([
    ['?wall=3x2&output=4', { wall: { columns: 3, rows: 2 }, output: 4 }],
    ['?output=-1', { output: 0, outputAsked: '-1' }],
    ['?wall=2x1&output=5', { output: 5, outputAsked: '5' }],
    ['?wall=2x1&tile=1', { output: 1 }],
    ['?output=1&tile=0', { output: 1 }],
    ['?calibrate=1', { calibrate: true }],
  ])('%s', (search, expected) => expect(readVenueParams(search)).toMatchObject(expected));
});
