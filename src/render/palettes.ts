import { Color } from 'three';

/**
 * Named palettes grounded in real bioluminescence, dark to bright. Stops are sRGB hex (what artists
 * write); the renderer converts them to linear RGB so all colour maths happens in linear space.
 */
export const PALETTE_SIZE = 5;

export const PALETTES: Record<string, { stops: string[]; description: string }> = {
  noctiluca: {
    description: 'Noctiluca scintillans, the sea-sparkle dinoflagellate: blue near 470 nm',
    stops: ['#02102a', '#063a78', '#0f74c4', '#19c1d8', '#9cfff0'],
  },
  firefly: {
    description: 'Firefly luciferin: yellow-green near 560 nm',
    stops: ['#0b1402', '#2f4a06', '#6f9a10', '#b8e02a', '#f4ff9a'],
  },
  gfp: {
    description: 'Green fluorescent protein of Aequorea victoria: green near 509 nm',
    stops: ['#021208', '#05401e', '#0f8a3c', '#2fe070', '#b6ffcf'],
  },
  abyss: {
    description: 'Deep-sea violet and blue photophores',
    stops: ['#0a0320', '#2a0b5e', '#5a23b0', '#8c5cf0', '#d6c2ff'],
  },
  foxfire: {
    description: 'Foxfire, the glow of Armillaria and Panellus fungi: pale green near 520–530 nm',
    stops: ['#050f05', '#163d12', '#3f8a2a', '#8fd65a', '#e2ffc4'],
  },
};

/**
 * A palette (a name, or a custom list of >= 2 sRGB colours) as PALETTE_SIZE linear-RGB stops.
 * Custom lists of other lengths are resampled by interpolating in linear space.
 */
export function paletteLinear(palette: string | string[]): [number, number, number][] {
  const hex = Array.isArray(palette) ? palette : (PALETTES[palette] ?? PALETTES.noctiluca).stops;
  const lin = hex.map((h) => {
    const c = new Color(h); // three converts sRGB CSS colours to the linear working space
    return [c.r, c.g, c.b] as [number, number, number];
  });
  if (lin.length === PALETTE_SIZE) return lin;
  return Array.from({ length: PALETTE_SIZE }, (_, k) => {
    const x = (k / (PALETTE_SIZE - 1)) * (lin.length - 1);
    const i = Math.min(Math.floor(x), lin.length - 2);
    const f = x - i;
    return [0, 1, 2].map((c) => lin[i][c] + (lin[i + 1][c] - lin[i][c]) * f) as [number, number, number];
  });
}
