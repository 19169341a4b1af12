/**
 * Hex: a honeycomb. One lattice over the whole mosaic, walked column by column in a serpentine, so
 * each group takes a contiguous run of it; every cell is the same regular hexagon. Reads no setting
 * of its own: the seed and relaxation change nothing here.
 */
import type { LayoutKind, PlaceContext, PlacedCells } from '../kind.ts';

export const hex: LayoutKind = {
  name: 'hex',
  description: 'a honeycomb',
  settings: [],
  unavailable: null,
  place(ctx: PlaceContext): PlacedCells {
    const { width, height } = ctx;
    const n = ctx.members.reduce((s, m) => s + m.length, 0);
    const points = new Float64Array(2 * ctx.count);
    const pointGroup = new Uint32Array(ctx.count);
    // Pointy-top hexes: column spacing dx, row spacing 0.75 * hex height.
    const dx = Math.sqrt((width * height * 2) / (Math.sqrt(3) * n)) * 0.98;
    const dy = (dx * Math.sqrt(3)) / 2;
    const cols = Math.max(1, Math.floor(width / dx));
    const rows = Math.ceil(n / cols);
    const sy = Math.min(dy, height / rows);
    const lattice: [number, number][] = [];
    for (let c = 0; c < cols; c++) {
      for (let r = 0; r < rows; r++) {
        const row = c % 2 === 0 ? r : rows - 1 - r; // serpentine, so runs stay contiguous
        lattice.push([(c + 0.5 + (row % 2) * 0.5) * (width / (cols + 0.5)), (row + 0.5) * sy + (height - rows * sy) / 2]);
      }
    }
    let p = 0;
    ctx.members.forEach((m, g) => {
      for (let k = 0; k < m.length; k++, p++) {
        points[2 * p] = lattice[p][0];
        points[2 * p + 1] = lattice[p][1];
        pointGroup[p] = g;
      }
    });
    // A regular hexagon of the lattice's spacing; cells at the border stay whole: simpler and prettier.
    const radius = Math.sqrt((width * 2) / (Math.sqrt(3) * ctx.count)) * 0.98 / Math.sqrt(3);
    return {
      points,
      pointGroup,
      cell(q) {
        const [x, y] = [points[2 * q], points[2 * q + 1]];
        return Array.from({ length: 6 }, (_, k) => {
          const a = Math.PI / 6 + (k * Math.PI) / 3;
          return [x + radius * Math.cos(a), y + radius * Math.sin(a)] as [number, number];
        });
      },
    };
  },
};
