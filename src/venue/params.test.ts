import { describe, expect, it } from 'vitest';
import { readVenueParams } from './params.ts';

describe('readVenueParams', () => {
  it('defaults to one plain output', () => {
    expect(readVenueParams('')).toEqual({ wall: null, tile: 0, calibrate: false, now: null, adaptiveQuality: true });
  });
  it.each([
    ['?wall=3x2&tile=4', { wall: { columns: 3, rows: 2 }, tile: 4 }],
    ['?tile=-1', { tile: 0 }],
    ['?calibrate=1', { calibrate: true }],
    ['?now=2030-01-01T00:00:00Z', { now: Date.UTC(2030, 0, 1) }],
    ['?now=1893456000000', { now: 1893456000000 }],
    ['?quality=fixed', { adaptiveQuality: false }],
  ])('%s', (search, expected) => expect(readVenueParams(search)).toMatchObject(expected));
});
