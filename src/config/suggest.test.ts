import { describe, expect, it } from 'vitest';
import { closest, distance } from './suggest.ts';

describe('closest', () => {
  it.each([
    ['blom', ['bloom', 'background'], 'bloom'],
    ['loopSecs', ['loopSeconds', 'speed'], 'loopSeconds'],
    ['Palette', ['palette', 'exposure'], 'palette'],
    ['groupby', ['groupBy', 'gap'], 'groupBy'],
    ['sparkle', ['intensity', 'threshold', 'radius', 'levels'], null],
  ] as const)('%s → %s', (word, candidates, expected) => {
    expect(closest(word, candidates)).toBe(expected);
  });

  it('counts edits', () => {
    expect(distance('kitten', 'sitting')).toBe(3);
    expect(distance('', 'abc')).toBe(3);
  });
});
