/**
 * Voronoi: organic cells. Each group's journeys are scattered over its region on a jittered grid
 * (one point per grid cell), then every point is relaxed together (Lloyd), so group borders stay
 * contiguous but cells are rounded rather than boxed.
 */
import { Delaunay } from 'd3-delaunay';
import type { LayoutKind, PlaceContext, PlacedCells } from '../kind.ts';
import { createRandom } from '../random.ts';

export const voronoi: LayoutKind = {
  name: 'voronoi',
  description: 'organic cells',
  settings: ['seed', 'relaxation'],
  unavailable: null,
  place(ctx: PlaceContext): PlacedCells {
    const n = ctx.count;
    const points = new Float64Array(2 * n);
    const pointGroup = new Uint32Array(n);
    const random = createRandom(ctx.seed);
    let p = 0;
    for (let g = 0; g < ctx.members.length; g++) {
      p = scatterStratified(ctx.members[g].length, ctx.regions, g, random, points, p, pointGroup);
    }
    const delaunay = new Delaunay(points);
    const cells = delaunay.voronoi([0, 0, ctx.width, ctx.height]);
    for (let it = 0; it < ctx.relaxation; it++) {
      relaxOnce(cells, points, n);
      delaunay.update();
      cells.update();
    }
    return {
      points,
      pointGroup,
      cell(q) {
        const poly = cells.cellPolygon(q);
        if (!poly) return [];
        const ring: [number, number][] = [];
        for (let k = 0; k < poly.length - 1; k++) ring.push([poly[k][0], poly[k][1]]);
        return ring;
      },
    };
  },
};

/** `count` points spread evenly over region g: one per cell of a jittered grid. Returns the next free slot. */
function scatterStratified(
  count: number,
  regions: Float64Array,
  g: number,
  random: () => number,
  points: Float64Array,
  start: number,
  pointGroup: Uint32Array,
): number {
  if (count === 0) return start;
  const [x0, y0, x1, y1] = regions.subarray(4 * g, 4 * g + 4);
  const w = x1 - x0;
  const h = y1 - y0;
  const cols = Math.max(1, Math.round(Math.sqrt((count * w) / h)));
  const rows = Math.max(1, Math.ceil(count / cols));
  const total = cols * rows;
  for (let k = 0; k < count; k++) {
    const cell = Math.floor((k * total) / count);
    const cx = cell % cols;
    const cy = Math.floor(cell / cols);
    points[2 * (start + k)] = x0 + ((cx + 0.15 + 0.7 * random()) / cols) * w;
    points[2 * (start + k) + 1] = y0 + ((cy + 0.15 + 0.7 * random()) / rows) * h;
    pointGroup[start + k] = g;
  }
  return start + count;
}

/** One Lloyd step: move every site to its cell's centroid. */
function relaxOnce(cells: ReturnType<Delaunay<Float64Array>['voronoi']>, points: Float64Array, n: number) {
  for (let i = 0; i < n; i++) {
    const poly = cells.cellPolygon(i);
    if (!poly) continue;
    const [cx, cy] = centroid(poly);
    if (Number.isFinite(cx)) {
      points[2 * i] = cx;
      points[2 * i + 1] = cy;
    }
  }
}

function centroid(poly: ArrayLike<ArrayLike<number>>): [number, number] {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let k = 0; k < poly.length - 1; k++) {
    const [x0, y0] = [poly[k][0], poly[k][1]];
    const [x1, y1] = [poly[k + 1][0], poly[k + 1][1]];
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  return a === 0 ? [NaN, NaN] : [cx / (3 * a), cy / (3 * a)];
}
