/**
 * Video walls: each output (a screen or projector, on its own machine or window) draws its part of
 * one large virtual canvas. Outputs are numbered row by row from 0 (top-left), like
 * display.venue.cornerPin. Pure functions: every output computes its own part from the same inputs.
 */
import type { Overscan, View, WallSpec } from '../app/contract.ts';

export type { Overscan, WallSpec };

/**
 * Why this page must not draw the output its URL names, or null when it may: a number that is no
 * output (`?output=x`, `-1`), or an output the wall does not have (`?output=5` on a 2x1 wall, or any
 * but 0 without a wall). A refused output draws nothing but the notice, rather than another output's
 * part: a wall showing one part twice looks fine from the back of the room and is wrong.
 * @param wall the wall and where it comes from ("?wall=2x1" or "display.venue.wall"), null for one screen
 */
export function outputRefusal(wall: { columns: number; rows: number; from: string } | null, asked: string | null): string | null {
  if (asked === null) return null;
  const n = Number(asked);
  const outputs = wall ? wall.columns * wall.rows : 1;
  const size = wall ? `${wall.columns}x${wall.rows}` : '1x1';
  const range = outputs === 1 ? 'its one output is 0' : `its outputs are 0 to ${outputs - 1}, row by row`;
  const fix = `Nothing is drawn here: fix output= in this screen's URL${wall ? `, or the wall (${wall.from})` : ', or give the installation a wall (display.venue.wall, or ?wall=CxR)'}.`;
  if (asked.trim() === '' || !Number.isInteger(n) || n < 0) return `This screen's URL asks for output "${asked}", which is not an output number (${size} wall: ${range}). ${fix}`;
  if (n >= outputs) return `This screen's URL asks for output ${n}, which is not on the ${size} wall (${wall ? wall.from : 'one screen'}): ${range}. ${fix}`;
  return null;
}

/**
 * The view offset of the `output`-th output (row by row from 0) of a wall whose outputs are each `width` x `height` CSS pixels.
 * Neighbouring outputs start `width + bezel - overlap` apart on the virtual canvas.
 */
export function wallViewOffset(wall: WallSpec, output: number, width: number, height: number): View {
  const { columns, rows } = wall;
  if (!Number.isInteger(output) || output < 0 || output >= columns * rows) {
    throw new RangeError(`wall: output ${output} is not on a ${columns}x${rows} wall (outputs 0 to ${columns * rows - 1}, row by row)`);
  }
  const col = output % columns;
  const row = Math.floor(output / columns);
  const stepX = width + wall.bezel - wall.overlap;
  const stepY = height + wall.bezel - wall.overlap;
  return [width + (columns - 1) * stepX, height + (rows - 1) * stepY, col * stepX, row * stepY, width, height];
}

/**
 * How much of the wall's picture an output draws around its own part so that its glow is the whole
 * picture's: light from a neighbour's cells reaches `margin` pixels across the seam, and the glow's
 * coarsest texels sit on an `align`-pixel grid of the whole canvas (src/render/glowReach.ts). The
 * drawn region starts on that grid and spans a whole number of its steps (so every mip level halves
 * exactly and its texels cover the whole picture's), or stops at the picture's edge, as the whole
 * picture does. Only the output's own part is shown. Zero margin (no glow): nothing more is drawn.
 */
export function glowOverscan(view: View, margin: number, align: number): Overscan {
  const [fullWidth, fullHeight, x, y, width, height] = view;
  if (margin <= 0) return { left: 0, top: 0, right: 0, bottom: 0 };
  const a = Math.max(1, align);
  const span = (p: number, size: number, full: number): [number, number] => {
    const start = Math.max(0, Math.floor((p - margin) / a) * a);
    const end = Math.min(full, start + Math.ceil((p + size + margin - start) / a) * a);
    return [p - start, Math.max(0, end - (p + size))];
  };
  const [left, right] = span(x, width, fullWidth);
  const [top, bottom] = span(y, height, fullHeight);
  return { left, top, right, bottom };
}

/** Which edges of an output meet a neighbour (and so get an edge-blend ramp). */
export function neighbourEdges(wall: Pick<WallSpec, 'columns' | 'rows'>, output: number) {
  const col = output % wall.columns;
  const row = Math.floor(output / wall.columns);
  return { left: col > 0, right: col < wall.columns - 1, top: row > 0, bottom: row < wall.rows - 1 };
}

/**
 * Edge-blend attenuation at distance `d` pixels into an overlap of `overlap` pixels, as the factor
 * that multiplies this output's (gamma-encoded) pixel values. In linear light the two projectors'
 * weights w and 1 - w add up to one across the overlap; encoded values need w^(1/gamma). Distance 0
 * is the outer edge of the overlap (this output alone is dimmest there).
 */
export function blendFactor(d: number, overlap: number, gamma: number): number {
  if (overlap <= 0 || d >= overlap) return 1;
  if (d <= 0) return 0;
  const x = d / overlap;
  const w = x * x * (3 - 2 * x); // smoothstep: no visible kink where the ramp starts and ends
  return Math.pow(w, 1 / gamma);
}

/** Parses `?wall=3x2`; null when absent or malformed. */
export function parseWall(value: string | null): { columns: number; rows: number } | null {
  const m = /^(\d{1,2})x(\d{1,2})$/i.exec((value ?? '').trim());
  if (!m) return null;
  const columns = Number(m[1]);
  const rows = Number(m[2]);
  return columns >= 1 && rows >= 1 && columns <= 32 && rows <= 32 ? { columns, rows } : null;
}
