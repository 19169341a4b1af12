import { describe, expect, it } from 'vitest';
import { readParams } from './params.ts';

describe('readParams', () => {
  it('defaults to Harmonia, running, studio, the full look, no view offset', () => {
    expect(readParams('')).toEqual({ installation: 'harmonia', time: null, mode: 'studio', post: 'full', view: null });
  });
  it.each([
    ['?t=12.5', { time: 12.5 }],
    ['?t=abc', { time: null }],
    ['?t=', { time: null }],
    ['?installation=oral-symphony&mode=venue', { installation: 'oral-symphony', mode: 'venue' }],
    ['?mode=kiosk', { mode: 'studio' }],
    ['?mode=studio', { mode: 'studio' }],
    ['?post=pmndrs', { post: 'pmndrs' }],
    ['?view=3840,1080,1920,0,1920,1080', { view: [3840, 1080, 1920, 0, 1920, 1080] }],
    ['?view=1,2,3', { view: null }],
  ])('%s', (search, expected) => {
    expect(readParams(search)).toMatchObject(expected);
  });

  it('takes the default mode from the caller: a built site opens in view mode unless asked', () => {
    expect(readParams('', 'view').mode).toBe('view');
    expect(readParams('?mode=studio', 'view').mode).toBe('studio');
  });
});
