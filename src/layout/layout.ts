/**
 * Stage: lay out. Journeys become cells of a mosaic in "mosaic space": x in [0, aspect], y in [0, 1].
 *
 * Grouped layouts give each group (e.g. a community) a region from a squarified treemap, sized by its
 * journey count, scatter that many stratified points in it, then relax all points together (Lloyd), so
 * group borders stay contiguous but cells are organic rather than boxed. Within a group, journeys are
 * placed by their `order` value from the region's centre outwards.
 *
 * Every cell is stored as a convex polygon of at most MAX_CORNERS corners (more are simplified away,
 * which only shrinks a cell, never overlaps a neighbour): one representation for every layout kind,
 * so the GPU draws them all the same way.
 */
import { Delaunay } from 'd3-delaunay';
import { hierarchy, treemap, treemapSquarify } from 'd3-hierarchy';
import { createRandom } from './random.ts';

export const MAX_CORNERS = 8;

export interface LayoutInput {
  count: number;
  /** Per journey: group index (e.g. community), or undefined for one group. */
  groups?: ArrayLike<number>;
  /** Per journey: ordering value within its group (smaller sits nearer the group's centre). */
  order?: ArrayLike<number>;
}

export interface LayoutOptions {
  kind: 'voronoi' | 'hex';
  seed: number;
  /** Lloyd relaxation iterations (voronoi). */
  relaxation: number;
  /** Width of mosaic space; height is 1. */
  aspect: number;
}

export interface MosaicLayout {
  count: number;
  width: number;
  height: number;
  /** Per cell (= per journey, same index): site x, y. */
  sites: Float64Array;
  /** Per cell: MAX_CORNERS (x, y) corners, absolute, counter-clockwise; unused corners repeat the site. */
  corners: Float32Array;
  cornerCount: Uint8Array;
  /** Per group index: its region [x0, y0, x1, y1] (for labels and legends). */
  groupRegions: Float64Array;
}

/** Lay out `input.count` journeys as cells. Pure: the same input and options give the same layout. */
export function layoutMosaic(input: LayoutInput, opts: LayoutOptions): MosaicLayout {
  const n = input.count;
  const width = opts.aspect;
  const height = 1;
  const groupOf = (i: number) => (input.groups ? input.groups[i] : 0);
  let groupCount = 1;
  if (input.groups) for (let i = 0; i < n; i++) groupCount = Math.max(groupCount, input.groups[i] + 1);

  // Members of each group, ordered by the order channel (stable on index for ties).
  const members: number[][] = Array.from({ length: groupCount }, () => []);
  for (let i = 0; i < n; i++) members[groupOf(i)].push(i);
  if (input.order) {
    const order = input.order;
    const key = (i: number) => (Number.isFinite(order[i]) ? order[i] : Infinity);
    for (const m of members) m.sort((a, b) => key(a) - key(b) || a - b);
  }

  const regions = groupRegions(members.map((m) => m.length), width, height);
  const points = new Float64Array(2 * n);
  const pointGroup = new Uint32Array(n);
  const random = createRandom(opts.seed);

  if (opts.kind === 'hex') {
    placeHex(members, regions, width, height, points, pointGroup);
  } else {
    let p = 0;
    for (let g = 0; g < groupCount; g++) {
      p = scatterStratified(members[g].length, regions, g, random, points, p, pointGroup);
    }
  }

  const bounds: [number, number, number, number] = [0, 0, width, height];
  const delaunay = new Delaunay(points);
  const voronoi = delaunay.voronoi(bounds);
  if (opts.kind !== 'hex') {
    for (let it = 0; it < opts.relaxation; it++) {
      relaxOnce(voronoi, points, n);
      delaunay.update();
      voronoi.update();
    }
  }

  // Assign journeys to points: within each group, innermost point to the first journey in order.
  const sites = new Float64Array(2 * n);
  const pointOfJourney = new Uint32Array(n);
  const groupPoints: number[][] = Array.from({ length: groupCount }, () => []);
  for (let p = 0; p < n; p++) groupPoints[pointGroup[p]].push(p);
  for (let g = 0; g < groupCount; g++) {
    const [x0, y0, x1, y1] = regions.subarray(4 * g, 4 * g + 4);
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    const dist = (p: number) => (points[2 * p] - cx) ** 2 + (points[2 * p + 1] - cy) ** 2;
    const pts = groupPoints[g].sort((a, b) => dist(a) - dist(b) || a - b);
    members[g].forEach((journey, k) => {
      pointOfJourney[journey] = pts[k];
      sites[2 * journey] = points[2 * pts[k]];
      sites[2 * journey + 1] = points[2 * pts[k] + 1];
    });
  }

  const corners = new Float32Array(2 * MAX_CORNERS * n);
  const cornerCount = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    const poly = cellCorners(voronoi, pointOfJourney[j], opts.kind, points, width, n);
    const k = poly.length;
    cornerCount[j] = k;
    for (let c = 0; c < MAX_CORNERS; c++) {
      const [x, y] = c < k ? poly[c] : [sites[2 * j], sites[2 * j + 1]];
      corners[2 * (MAX_CORNERS * j + c)] = x;
      corners[2 * (MAX_CORNERS * j + c) + 1] = y;
    }
  }
  return { count: n, width, height, sites, corners, cornerCount, groupRegions: regions };
}

/** Squarified treemap of group sizes over the mosaic rectangle. */
function groupRegions(sizes: number[], width: number, height: number): Float64Array {
  const out = new Float64Array(4 * sizes.length);
  const root = hierarchy<{ children?: { g: number; size: number }[]; g?: number; size?: number }>({
    children: sizes.map((size, g) => ({ g, size })),
  })
    .sum((d) => d.size ?? 0)
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0) || (a.data.g ?? 0) - (b.data.g ?? 0));
  const laid = treemap<(typeof root)['data']>().tile(treemapSquarify).size([width, height]).round(false)(root);
  for (const leaf of laid.leaves()) {
    const g = leaf.data.g ?? 0;
    out.set([leaf.x0, leaf.y0, leaf.x1, leaf.y1], 4 * g);
  }
  return out;
}

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

/** Hexagonal lattice: groups take contiguous runs of a serpentine walk over the lattice. */
function placeHex(
  members: number[][],
  _regions: Float64Array,
  width: number,
  height: number,
  points: Float64Array,
  pointGroup: Uint32Array,
) {
  const n = members.reduce((s, m) => s + m.length, 0);
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
  members.forEach((m, g) => {
    for (let k = 0; k < m.length; k++, p++) {
      points[2 * p] = lattice[p][0];
      points[2 * p + 1] = lattice[p][1];
      pointGroup[p] = g;
    }
  });
}

/** One Lloyd step: move every site to its cell's centroid. */
function relaxOnce(voronoi: ReturnType<Delaunay<Float64Array>['voronoi']>, points: Float64Array, n: number) {
  for (let i = 0; i < n; i++) {
    const poly = voronoi.cellPolygon(i);
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

/** The cell of point p as at most MAX_CORNERS counter-clockwise corners. */
function cellCorners(
  voronoi: ReturnType<Delaunay<Float64Array>['voronoi']>,
  p: number,
  kind: LayoutOptions['kind'],
  points: Float64Array,
  width: number,
  n: number,
): [number, number][] {
  if (kind === 'hex') {
    // A regular hexagon of the lattice's spacing, clipped cells at the border stay whole: simpler and prettier.
    const dx = Math.sqrt((width * 2) / (Math.sqrt(3) * n)) * 0.98;
    const r = dx / Math.sqrt(3);
    const [x, y] = [points[2 * p], points[2 * p + 1]];
    return Array.from({ length: 6 }, (_, k) => {
      const a = Math.PI / 6 + (k * Math.PI) / 3;
      return [x + r * Math.cos(a), y + r * Math.sin(a)] as [number, number];
    });
  }
  const poly = voronoi.cellPolygon(p);
  if (!poly) return [];
  const ring: [number, number][] = [];
  for (let k = 0; k < poly.length - 1; k++) ring.push([poly[k][0], poly[k][1]]);
  if (signedArea(ring) < 0) ring.reverse();
  return simplify(ring, MAX_CORNERS);
}

function signedArea(ring: [number, number][]): number {
  let a = 0;
  for (let k = 0; k < ring.length; k++) {
    const [x0, y0] = ring[k];
    const [x1, y1] = ring[(k + 1) % ring.length];
    a += x0 * y1 - x1 * y0;
  }
  return a / 2;
}

/** Drop the corners whose removal loses the least area until at most `max` remain (convex: only shrinks). */
function simplify(ring: [number, number][], max: number): [number, number][] {
  const r = ring.slice();
  while (r.length > max) {
    let best = 0;
    let bestArea = Infinity;
    for (let k = 0; k < r.length; k++) {
      const a = r[(k + r.length - 1) % r.length];
      const b = r[k];
      const c = r[(k + 1) % r.length];
      const area = Math.abs((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1]));
      if (area < bestArea) {
        bestArea = area;
        best = k;
      }
    }
    r.splice(best, 1);
  }
  return r;
}
