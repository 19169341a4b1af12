import { describe, expect, it } from 'vitest';
import { readParams } from './params.ts';

describe('readParams', () => {
  it('defaults to Harmonia, running, the full look, no view offset', () => {
    expect(readParams('')).toEqual({ installation: 'harmonia', time: null, now: null, post: 'full', view: null });
  });
  it.each([
    ['?t=12.5', { time: 12.5 }],
    ['?t=abc', { time: null }],
    ['?t=', { time: null }],
    ['?installation=oral-symphony&mode=venue', { installation: 'oral-symphony' }],
    ['?post=pmndrs', { post: 'pmndrs' }],
    ['?view=3840,1080,1920,0,1920,1080', { view: [3840, 1080, 1920, 0, 1920, 1080] }],
    ['?view=1,2,3', { view: null }],
    ['?now=2030-01-01T00:00:00Z', { now: Date.UTC(2030, 0, 1) }],
    ['?now=1893456000000', { now: 1893456000000 }],
  ])('%s', (search, expected) => {
    expect(readParams(search)).toMatchObject(expected);
  });
});
