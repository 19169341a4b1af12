import { describe, expect, it } from 'vitest';
import { colourFamilies, colourWords, PALETTE_SIZE, PALETTES, paletteLinear, paletteNames, paletteStops, paletteWords, phraseNamesColour } from './palettes.ts';

const srgbToLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const hex = (h: string) => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16) / 255);

describe('palettes', () => {
  it('has named palettes, each dark to bright', () => {
    expect(paletteNames().length).toBeGreaterThan(0);
    for (const name of paletteNames()) {
      const lin = paletteLinear(name);
      expect(lin).toHaveLength(PALETTE_SIZE);
      const l = lin.map(([r, g, b]) => 0.2126 * r + 0.7152 * g + 0.0722 * b);
      for (let k = 1; k < l.length; k++) expect(l[k]).toBeGreaterThan(l[k - 1]);
    }
  });

  it('converts sRGB stops to linear light', () => {
    const lin = paletteLinear('noctiluca');
    PALETTES.noctiluca.stops.forEach((h, k) => {
      hex(h).forEach((c, i) => expect(lin[k][i]).toBeCloseTo(srgbToLinear(c), 4));
    });
  });

  it('resamples custom palettes in linear space', () => {
    const lin = paletteLinear(['#000000', '#ffffff']);
    expect(lin).toHaveLength(PALETTE_SIZE);
    // The middle stop is half the light (0.5 linear), not half the sRGB code (0.214 linear).
    expect(lin[2][0]).toBeCloseTo(0.5, 5);
    expect(lin[0][0]).toBe(0);
    expect(lin[4][0]).toBeCloseTo(1, 5);
  });
});

describe('palette words and descriptions say the colours the stops are', () => {
  it.each(Object.entries(PALETTES))('%s', (_, p) => {
    const [dark, bright] = p.words;
    const first = p.stops[0];
    const last = p.stops[p.stops.length - 1];
    expect(phraseNamesColour(dark, first), `"${dark}" for ${first} (${colourFamilies(first)})`).toBe(true);
    expect(phraseNamesColour(bright, last), `"${bright}" for ${last} (${colourFamilies(last)})`).toBe(true);
    expect(dark).toMatch(/\b(dark|deep)\b/);
    expect(bright).toMatch(/\b(pale|light|bright)\b/);
    // The description names the colour of the palette's middle.
    const middle = p.stops[Math.floor(p.stops.length / 2)];
    expect(phraseNamesColour(p.description, middle), `"${p.description}" for ${middle} (${colourFamilies(middle)})`).toBe(true);
  });

  it('the check can fail: a red palette is not "deep blue"', () => {
    const red = ['#2a0202', '#780606', '#c40f0f', '#d81919', '#ff9c9c'];
    expect(phraseNamesColour('deep blue', red[0])).toBe(false);
    expect(phraseNamesColour('dark red', red[0])).toBe(true);
  });

  it('names a custom palette from its own colours', () => {
    expect(paletteWords(['#2a0202', '#ffd0d0'])).toEqual(['dark red', 'pale red']);
    expect(paletteWords(['#000000', '#ffffff'])).toEqual(['black', 'white']);
    expect(colourWords('#0f74c4')).toBe('blue');
    expect(paletteStops(['#000000', '#ffffff'])).toEqual(['#000000', '#ffffff']);
    expect(paletteStops('unknown')).toEqual(PALETTES.noctiluca.stops);
  });
});
