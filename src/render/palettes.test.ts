import { describe, expect, it } from 'vitest';
import { PALETTE_SIZE, PALETTES, paletteLinear } from './palettes.ts';

const srgbToLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const hex = (h: string) => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16) / 255);

describe('palettes', () => {
  it('has the five named bioluminescent palettes, dark to bright', () => {
    for (const name of ['noctiluca', 'firefly', 'gfp', 'abyss', 'foxfire']) {
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
