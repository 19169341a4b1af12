/**
 * Stage: lay out. Journeys become cells of a mosaic in "mosaic space": x in [0, aspect], y in [0, 1].
 *
 * What every kind shares lives here: each group (e.g. a community) gets a region from a squarified
 * treemap, sized by its journey count; the kind (./kinds/, one file each) places one point per
 * journey and gives each point's cell; then, within a group, journeys are assigned to points by
 * their `order` value from the region's centre outwards.
 *
 * Every cell is stored as a convex polygon of at most MAX_CORNERS corners (more are simplified away,
 * which only shrinks a cell, never overlaps a neighbour): one representation for every layout kind,
 * so the GPU draws them all the same way.
 */
import { hierarchy, treemap, treemapSquarify } from 'd3-hierarchy';
import { MAX_CORNERS, type MaskImage } from './kind.ts';
import { layoutKind, type LayoutKindName } from './kinds/index.ts';

export { MAX_CORNERS, type MaskImage };

export interface LayoutInput {
  count: number;
  /** Per journey: group index (e.g. community), or undefined for one group. */
  groups?: ArrayLike<number>;
  /** Per journey: ordering value within its group (smaller sits nearer the group's centre). */
  order?: ArrayLike<number>;
}

export interface LayoutOptions {
  kind: LayoutKindName;
  seed: number;
  /** Lloyd relaxation iterations (kinds that relax). */
  relaxation: number;
  /** Width of mosaic space; height is 1. */
  aspect: number;
  /** The mask image, for kinds that read one (config layout.mask, loaded by the caller). */
  mask?: MaskImage | null;
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
  const kind = layoutKind(opts.kind);
  if (kind.unavailable) throw new Error(`layout.kind "${kind.name}": ${kind.unavailable}`);
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
  const placed = kind.place({
    count: n,
    width,
    height,
    members,
    regions,
    seed: opts.seed,
    relaxation: opts.relaxation,
    mask: kind.settings.includes('mask') ? (opts.mask ?? null) : null,
  });
  const { points, pointGroup } = placed;

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
    const ring = placed.cell(pointOfJourney[j]);
    if (signedArea(ring) < 0) ring.reverse();
    const poly = simplify(ring, MAX_CORNERS);
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
