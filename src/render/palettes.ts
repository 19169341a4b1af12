/**
 * The named palettes: the only list. Each is grounded in real bioluminescence and gives its colour
 * stops (sRGB hex, dark to bright: what artists write), its description (the config docs and the
 * tuning panel) and the words for its dark and bright ends (the legend and the accessible
 * description). A test checks the words against the stops' actual colours (colourFamily).
 *
 * Plain data and arithmetic (no three): the viewer's first screen reads it. The renderer converts
 * stops to linear RGB, so all colour maths happens in linear space.
 */

/** Stops the shader's palette uniform holds; other lengths are resampled (paletteLinear). */
export const PALETTE_SIZE = 5;

export interface PaletteDeclaration {
  /** sRGB "#rrggbb", dark to bright. */
  stops: readonly string[];
  /** What it is, in a phrase that names its colour. */
  description: string;
  /** The dark end and the bright end, in words a resident reads: "deep blue", "pale cyan". */
  words: readonly [string, string];
}

export const PALETTES = {
  noctiluca: {
    description: 'Noctiluca scintillans, the sea-sparkle dinoflagellate: blue near 470 nm',
    stops: ['#02102a', '#063a78', '#0f74c4', '#19c1d8', '#9cfff0'],
    words: ['deep blue', 'pale cyan'],
  },
  firefly: {
    description: 'firefly luciferin: yellow-green near 560 nm',
    stops: ['#0b1402', '#2f4a06', '#6f9a10', '#b8e02a', '#f4ff9a'],
    words: ['dark olive', 'pale yellow-green'],
  },
  gfp: {
    description: 'green fluorescent protein of Aequorea victoria: green near 509 nm',
    stops: ['#021208', '#05401e', '#0f8a3c', '#2fe070', '#b6ffcf'],
    words: ['dark green', 'pale mint'],
  },
  abyss: {
    description: 'deep-sea violet and blue photophores',
    stops: ['#0a0320', '#2a0b5e', '#5a23b0', '#8c5cf0', '#d6c2ff'],
    words: ['deep violet', 'pale lavender'],
  },
  foxfire: {
    description: 'foxfire, the glow of Armillaria and Panellus fungi: pale green near 520–530 nm',
    stops: ['#050f05', '#163d12', '#3f8a2a', '#8fd65a', '#e2ffc4'],
    words: ['dark green', 'pale green'],
  },
} satisfies Record<string, PaletteDeclaration>;

export type PaletteName = keyof typeof PALETTES;

/** The palette a config names when it names none (the schema's default). */
export const DEFAULT_PALETTE: PaletteName = 'noctiluca';

/** Every named palette (read at call time, so a test fixture that adds one is seen). */
export function paletteNames(): string[] {
  return Object.keys(PALETTES);
}

function named(name: string): PaletteDeclaration | undefined {
  // Own names only: "constructor" is not a palette.
  return Object.hasOwn(PALETTES, name) ? (PALETTES as Record<string, PaletteDeclaration>)[name] : undefined;
}

/** A palette (a name, or custom sRGB colours) as its sRGB stops, dark to bright; unknown names give the default. */
export function paletteStops(palette: string | readonly string[] | undefined): string[] {
  if (Array.isArray(palette) && palette.length >= 2) return [...palette];
  return [...(named(typeof palette === 'string' ? palette : DEFAULT_PALETTE) ?? PALETTES[DEFAULT_PALETTE]).stops];
}

/** The palette's dark and bright ends in words: its own for a named palette, from the colours for a custom one. */
export function paletteWords(palette: string | readonly string[] | undefined): [string, string] {
  if (Array.isArray(palette) && palette.length >= 2) return [colourWords(palette[0]), colourWords(palette[palette.length - 1])];
  const p = named(typeof palette === 'string' ? palette : DEFAULT_PALETTE) ?? PALETTES[DEFAULT_PALETTE];
  return [p.words[0], p.words[1]];
}

// ---- colour arithmetic ----

const hexRgb = (hex: string): [number, number, number] => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16) / 255) as [number, number, number];
const srgbToLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

/**
 * A palette (a name, or a custom list of >= 2 sRGB colours) as PALETTE_SIZE linear-RGB stops.
 * Custom lists of other lengths are resampled by interpolating in linear space.
 */
export function paletteLinear(palette: string | readonly string[]): [number, number, number][] {
  const lin = paletteStops(palette).map((h) => hexRgb(h).map(srgbToLinear) as [number, number, number]);
  if (lin.length === PALETTE_SIZE) return lin;
  return Array.from({ length: PALETTE_SIZE }, (_, k) => {
    const x = (k / (PALETTE_SIZE - 1)) * (lin.length - 1);
    const i = Math.min(Math.floor(x), lin.length - 2);
    const f = x - i;
    return [0, 1, 2].map((c) => lin[i][c] + (lin[i + 1][c] - lin[i][c]) * f) as [number, number, number];
  });
}

/** Colour families by HSL hue (degrees; ranges overlap where names do), with the words that name them. */
export const COLOUR_FAMILIES: readonly { name: string; words: readonly string[]; hue: readonly [number, number] }[] = [
  { name: 'red', words: ['red', 'crimson', 'scarlet'], hue: [340, 380] },
  { name: 'orange', words: ['orange', 'amber'], hue: [15, 45] },
  { name: 'yellow', words: ['yellow', 'gold'], hue: [40, 70] },
  { name: 'yellow-green', words: ['yellow-green', 'olive', 'lime', 'chartreuse'], hue: [60, 100] },
  { name: 'green', words: ['green', 'mint', 'emerald', 'jade'], hue: [85, 165] },
  { name: 'cyan', words: ['cyan', 'teal', 'turquoise', 'aqua'], hue: [160, 200] },
  { name: 'blue', words: ['blue', 'azure', 'navy', 'sapphire'], hue: [195, 250] },
  { name: 'violet', words: ['violet', 'purple', 'indigo', 'lavender'], hue: [245, 300] },
  { name: 'magenta', words: ['magenta', 'pink', 'rose', 'fuchsia'], hue: [295, 345] },
];

/** Hue (degrees), saturation and lightness (0–1) of an sRGB colour. */
export function hsl(hex: string): { hue: number; saturation: number; lightness: number } {
  const [r, g, b] = hexRgb(hex);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return { hue: 0, saturation: 0, lightness: l };
  let h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  h *= 60;
  return { hue: h < 0 ? h + 360 : h, saturation: d / (1 - Math.abs(2 * l - 1)), lightness: l };
}

/** The families a colour belongs to (one or two where ranges overlap); none for greys. */
export function colourFamilies(hex: string): string[] {
  const { hue, saturation } = hsl(hex);
  if (saturation < 0.12) return [];
  return COLOUR_FAMILIES.filter((f) => (hue >= f.hue[0] && hue <= f.hue[1]) || (hue + 360 >= f.hue[0] && hue + 360 <= f.hue[1])).map((f) => f.name);
}

/** A colour in two words a resident reads: "deep blue", "pale green", "grey". */
export function colourWords(hex: string): string {
  const { hue, saturation, lightness } = hsl(hex);
  const tone = lightness < 0.3 ? 'dark ' : lightness > 0.72 ? 'pale ' : '';
  if (saturation < 0.12) return lightness < 0.15 ? 'black' : lightness > 0.9 ? 'white' : `${tone}grey`;
  // The family whose range centre is nearest.
  const centre = (f: (typeof COLOUR_FAMILIES)[number]) => (f.hue[0] + f.hue[1]) / 2;
  const dist = (f: (typeof COLOUR_FAMILIES)[number]) => Math.min(...[hue, hue + 360].map((h) => Math.abs(h - centre(f))));
  const family = [...COLOUR_FAMILIES].sort((a, b) => dist(a) - dist(b))[0];
  return `${tone}${family.name}`;
}

/** Whether a phrase ("pale mint") names one of the colour's families. */
export function phraseNamesColour(phrase: string, hex: string): boolean {
  const p = phrase.toLowerCase();
  const families = colourFamilies(hex);
  return COLOUR_FAMILIES.some((f) => families.includes(f.name) && f.words.some((w) => p.includes(w)));
}
