/**
 * The named looks (config look.organism): the only list. A look is the organism the cells are: how a
 * cell's light is shaped (a point-like source, a lit membrane, a soft mycelial glow), how fast a care
 * event makes it flash and fade, how fast its ripple travels, how it shimmers and drifts. Colour is
 * not a look's: the palette (palettes.ts) and the encoding choose it, so any look takes any palette
 * (a look may lean its flashes towards a tint). The config schema lists the looks with their
 * descriptions; the renderer turns a look into uniforms (mosaic.ts); the GLSL of each model is one
 * function under shaders/light/.
 *
 * Plain data (no three): the schema and the docs read it.
 */

export interface LookDeclaration {
  /** What it is, in a phrase: the config docs and the tuning panel. */
  description: string;
  /** The light model in shaders/mosaic/cell.frag: 0 sea sparkle, 1 membrane, 2 fungal glow. */
  model: number;
  /** The light source: a radial glow around the cell's site, its size a fraction of the cell's inner radius. */
  core: { size: number; gain: number };
  /** Light scattered from the core through the cell's water, wider and fainter (fraction of the inner radius). */
  halo: { size: number; gain: number };
  /** Weight of the membrane (times config look.rim): the cell wall lit from inside. */
  membrane: number;
  /** Steady light of the cytoplasm, times the cell's glow: low for point-like flashes on near-black. */
  body: number;
  /**
   * A care event's flash, in fractions of a timeline slice: rise (to the peak) and decay (e-folding).
   * Fast rise and slower decay, like a dinoflagellate's ~20 ms rise and ~200 ms fade.
   */
  flash: { rise: number; decay: number; gain: number };
  /** Ripples from care events: how far they travel in one timeline slice, in cell radii. */
  ripple: { speed: number };
  /** Stirring's flash in real seconds (never faster than safety.ts allows). */
  stir: { rise: number; decay: number };
  /**
   * Noise-driven shimmer of each cell's steady light (the pulse channel's): its speed, a multiple of
   * the base rate (1 / motion.breathing.period, capped by safety.ts), and its depth.
   */
  shimmer: { speed: number; depth: number };
  /** How far the light source wanders inside its cell (fraction of the inner radius), and how fast (Hz). */
  drift: { amount: number; rate: number };
  /** Mycelial threads of light between the cells (0 none). */
  filaments: number;
  /** Flashes lean towards this colour (sRGB) by `mix`. */
  tint: { colour: string; mix: number };
  /** Softness of the cell's outline (fraction of the inner radius): small is crisp, large a soft blob. */
  edge: number;
}

export const LOOKS = {
  'sea-sparkle': {
    description:
      'sea sparkle: Noctiluca scintillans, sparse point-like flashes inside faint balloon cells on near-black water; fast flashes, quick ripples',
    model: 0,
    core: { size: 0.13, gain: 0.7 },
    halo: { size: 0.45, gain: 0.1 },
    membrane: 0.35,
    body: 0,
    flash: { rise: 0.04, decay: 0.28, gain: 1.3 },
    ripple: { speed: 6 },
    stir: { rise: 0.03, decay: 0.45 },
    shimmer: { speed: 1.4, depth: 0.22 },
    drift: { amount: 0.18, rate: 0.05 },
    filaments: 0,
    tint: { colour: '#d8fbff', mix: 0.35 },
    edge: 0.08,
  },
  membrane: {
    description: 'deep-sea membrane cells: each cell a lit membrane around a glowing cytoplasm and nucleus, like a colony of photocytes',
    model: 1,
    core: { size: 0.45, gain: 0.22 },
    halo: { size: 0.8, gain: 0.06 },
    membrane: 1,
    body: 0.55,
    flash: { rise: 0.06, decay: 0.35, gain: 1 },
    ripple: { speed: 4.5 },
    stir: { rise: 0.05, decay: 0.55 },
    shimmer: { speed: 1, depth: 0.15 },
    drift: { amount: 0.06, rate: 0.03 },
    filaments: 0,
    tint: { colour: '#e8ffff', mix: 0.15 },
    edge: 0.03,
  },
  'fungal-glow': {
    description:
      'fungal glow: foxfire of Armillaria and Mycena, soft slow swells of light joined by mycelial threads, leaning green-gold',
    model: 2,
    core: { size: 0.7, gain: 0.5 },
    halo: { size: 1.2, gain: 0.25 },
    membrane: 0.2,
    body: 0.15,
    flash: { rise: 0.3, decay: 1.1, gain: 0.8 },
    ripple: { speed: 2 },
    stir: { rise: 0.25, decay: 1.6 },
    shimmer: { speed: 0.5, depth: 0.2 },
    drift: { amount: 0.1, rate: 0.02 },
    filaments: 1,
    tint: { colour: '#e8d070', mix: 0.4 },
    edge: 0.5,
  },
} satisfies Record<string, LookDeclaration>;

export type LookName = keyof typeof LOOKS;

/** The look a config names when it names none (the schema's default). */
export const DEFAULT_LOOK: LookName = 'sea-sparkle';

/** Every look's name, in the order docs and panels list them. */
export function lookNames(): LookName[] {
  return Object.keys(LOOKS) as LookName[];
}

/** A look by name; an unknown name gives the default (the schema refuses unknown names first). */
export function look(name: string | undefined): LookDeclaration {
  return Object.hasOwn(LOOKS, name ?? '') ? (LOOKS as Record<string, LookDeclaration>)[name!] : LOOKS[DEFAULT_LOOK];
}
