/**
 * Rendering in pieces: a picture larger than the browser can draw at once is cut into pieces. Each piece
 * is drawn through a camera view offset over a *region* = its *core* plus a margin on every side
 * (clamped to the picture), and only the core is kept. The margin is there for the bloom: light
 * from outside a piece must reach into it exactly as it would in one big render.
 *
 * Why M = 6 * 2^levels (192 px for the default 5 levels): pmndrs' mipmap blur downsamples `levels`
 * times by 2 with a 13-tap filter reaching +-2 source texels (2.5 with bilinear taps), then
 * upsamples with a 9-tap tent reaching +-1 texel (1.5 with bilinear taps). At level i a source
 * texel is 2^(i-1) px and a target texel 2^i px, so the farthest a pixel can reach is
 *   sum_{i=1..L} 2.5 * 2^(i-1)  +  sum_{i=2..L} 1.5 * 2^i  + ~2  =  5.5 * 2^L - 6.5 px
 * (169.5 px for L = 5). Beyond a region's edge the blur reads black (it clamps to border), so a
 * core pixel is exact once the region reaches that far past it on every side. 6 * 2^L covers it
 * and is a multiple of 2^L: with cores also multiples of 2^L, every region starts on the same
 * 2^L-pixel grid as the whole picture, so each piece's mip texels cover the very pixels the big
 * render's would. At the picture's edges the region stops at the edge, as the big render does.
 */

/** A rectangle in output pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Piece {
  row: number;
  col: number;
  /** The pixels this piece contributes to the picture. */
  core: Rect;
  /** What the browser draws: the core plus the margin, clamped to the picture. */
  region: Rect;
}

export interface PiecePlan {
  width: number;
  height: number;
  margin: number;
  rows: number;
  cols: number;
  /** Row-major. */
  pieces: Piece[];
}

export interface PlanOptions {
  /** Largest region the browser draws (drawing buffer, viewport and screenshot limits). */
  maxRegion: [number, number];
  /** Bloom margin, px (see bloomMargin). */
  margin: number;
  /** Force this core size (tests, or a browser with odd limits); otherwise as few pieces as fit. */
  piece?: [number, number] | null;
  /** Cores are multiples of this (2^levels), so mip grids line up. */
  align?: number;
}

export { bloomAlign, bloomMargin } from '../../render/glowReach.ts';

interface Span {
  core: [number, number];
  region: [number, number];
}

function spans(total: number, core: number, margin: number): Span[] {
  const out: Span[] = [];
  for (let a = 0; a < total; a += core) {
    const b = Math.min(total, a + core);
    out.push({ core: [a, b], region: [Math.max(0, a - margin), Math.min(total, b + margin)] });
  }
  return out;
}

function split(total: number, max: number, margin: number, align: number, forced: number | undefined, axis: string): Span[] {
  if (forced !== undefined) return spans(total, Math.max(1, Math.floor(forced)), margin);
  if (total <= max) return [{ core: [0, total], region: [0, total] }];
  if (max - 2 * margin < align) {
    throw new Error(`stills: the bloom margin (${margin} px each side) leaves no room in a ${max} px ${axis} piece; this browser cannot piece this picture`);
  }
  for (let n = 2; ; n++) {
    const core = Math.ceil(total / n / align) * align;
    const s = spans(total, core, margin);
    if (s.every((t) => t.region[1] - t.region[0] <= max)) return s;
  }
}

/** Cuts a width x height picture into pieces (one piece when it fits the browser and no piece is forced). */
export function planPieces(width: number, height: number, options: PlanOptions): PiecePlan {
  const align = options.align ?? 1;
  const forced = options.piece ?? undefined;
  const xs = split(width, options.maxRegion[0], options.margin, align, forced?.[0], 'wide');
  const ys = split(height, options.maxRegion[1], options.margin, align, forced?.[1], 'high');
  const pieces: Piece[] = [];
  ys.forEach((sy, row) =>
    xs.forEach((sx, col) =>
      pieces.push({
        row,
        col,
        core: { x: sx.core[0], y: sy.core[0], width: sx.core[1] - sx.core[0], height: sy.core[1] - sy.core[0] },
        region: { x: sx.region[0], y: sy.region[0], width: sx.region[1] - sx.region[0], height: sy.region[1] - sy.region[0] },
      }),
    ),
  );
  return { width, height, margin: options.margin, rows: ys.length, cols: xs.length, pieces };
}

/**
 * The camera view offset that draws a piece's region. Always explicit, even for a single piece: it
 * also overrides a video wall the installation's config may set up (display.venue.wall).
 */
export function pieceView(plan: PiecePlan, piece: Piece): [number, number, number, number, number, number] {
  const r = piece.region;
  return [plan.width, plan.height, r.x, r.y, r.width, r.height];
}

/**
 * The order to draw pieces in: grouped by region size, so the one browser page is resized as few
 * times as possible (each resize costs a frame). Stitching does not care about the order.
 */
export function drawOrder(plan: PiecePlan): Piece[] {
  return [...plan.pieces].sort((a, b) => a.region.width - b.region.width || a.region.height - b.region.height || a.row - b.row || a.col - b.col);
}
