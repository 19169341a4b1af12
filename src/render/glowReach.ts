/**
 * How far the glow reaches, for pictures drawn in parts (stills in pieces, a video wall's outputs):
 * a part drawn with this margin of the picture around it, on this pixel grid, glows exactly as the
 * whole picture would. Why these numbers: src/node/stills/pieces.ts's file comment.
 */

/** The margin a part needs around it for a mipmap bloom of `levels` levels (config look.bloom.levels), px. */
export function bloomMargin(levels: number): number {
  return levels > 0 ? 6 * 2 ** levels : 0;
}

/**
 * Pixel alignment for a part's origin: the glow (src/render/glow.ts) starts at 1/4 resolution with one
 * level fewer than pmndrs' count, so its coarsest texel spans 4 * 2^(levels - 1) = 2^(levels + 1) pixels.
 */
export function bloomAlign(levels: number): number {
  return 2 ** Math.max(0, levels + 1);
}
