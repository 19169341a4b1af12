/**
 * Hex: a honeycomb. One lattice over the whole mosaic (rows staggered by half a cell), as many
 * columns and rows as fit the mosaic's aspect with hexagons within a few percent of regular and the
 * fewest spare places (left out evenly); communities are cut out of it afterwards. Reads no setting
 * of its own: the seed and relaxation change nothing here.
 */
import type { LayoutKind, PlaceContext, PlacedCells } from '../kind.ts';

/** Row spacing over column spacing of a regular pointy-top honeycomb. */
const REGULAR = Math.sqrt(3) / 2;

export const hex: LayoutKind = {
  name: 'hex',
  description: 'a honeycomb',
  settings: [],
  unavailable: null,
  place(ctx: PlaceContext): PlacedCells {
    const n = ctx.count;
    const [bx0, by0, bx1, by1] = ctx.domain.bounds;
    const w = bx1 - bx0;
    const h = by1 - by0;
    const { cols, rows } = lattice(n, w, h);
    const dx = w / (cols + 0.5);
    const dy = h / rows;
    const total = cols * rows;
    const points = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) {
      const q = Math.floor((k * total) / n);
      const r = Math.floor(q / cols);
      points[2 * k] = bx0 + ((q % cols) + 0.5 + (r % 2) * 0.5) * dx;
      points[2 * k + 1] = by0 + (r + 0.5) * dy;
    }
    // The hexagon that tiles this lattice exactly (regular when dy / dx is REGULAR).
    const hx = dx / 2;
    const hy = dy / 3;
    return {
      points,
      cell(p, out) {
        const x = points[2 * p];
        const y = points[2 * p + 1];
        out.set([x, y - 2 * hy, x + hx, y - hy, x + hx, y + hy, x, y + 2 * hy, x - hx, y + hy, x - hx, y - hy]);
        return 6;
      },
    };
  },
};

/** Columns and rows for n places in w x h: near-regular hexagons, fewest spare places. */
function lattice(n: number, w: number, h: number): { cols: number; rows: number } {
  const ideal = Math.max(1, Math.round(Math.sqrt((n * w * REGULAR) / h)));
  let best = { cols: ideal, rows: Math.ceil(n / ideal) };
  let bestScore = Infinity;
  for (let cols = Math.max(1, ideal - 4); cols <= ideal + 4; cols++) {
    const rows = Math.max(1, Math.ceil(n / cols));
    const distortion = Math.abs(Math.log(h / rows / (w / (cols + 0.5)) / REGULAR));
    // Spare places cost one each; a hexagon more than 6% off regular is not a choice at all, and
    // when no lattice comes that close (few places) the least distorted wins, whatever it leaves
    // spare: 16 places at 16:9 were one column of 16 slivers 14 times wider than tall.
    const score = cols * rows - n + (distortion > 0.06 ? 1e9 * distortion : distortion * n * 0.05);
    if (score < bestScore) {
      bestScore = score;
      best = { cols, rows };
    }
  }
  return best;
}
