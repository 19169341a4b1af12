/**
 * Stage: lay out. Journeys become cells of a mosaic in "mosaic space": x in [0, aspect], y in [0, 1],
 * where aspect is the output's (the whole virtual canvas of a wall or a still in pieces), so the
 * mosaic fills the screen it is shown on.
 *
 * The kind (./kinds/, one file each) places one point per journey over the domain (the rectangle, or
 * a mask's inside: ./domain.ts) and gives each point's cell. What every kind shares lives here: the
 * points are cut into organic community regions of exactly their journeys' number of cells
 * (./regions.ts), then within each region journeys take points by their `order` value, the first
 * nearest the region's heart.
 *
 * Every cell is stored as a convex polygon of at most MAX_CORNERS corners (more are simplified away,
 * which only shrinks a cell, never overlaps a neighbour): one representation for every layout kind,
 * so the GPU draws them all the same way.
 */
import { maskDomain, rectangleDomain } from './domain.ts';
import { MAX_CORNERS, MAX_RING, type MaskImage } from './kind.ts';
import { layoutKind, type LayoutKindName } from './kinds/index.ts';
import { organicRegions } from './regions.ts';
import { sortBy } from './sort.ts';

export { MAX_CORNERS, type MaskImage };

export interface LayoutInput {
  count: number;
  /** Per journey: group index (e.g. community), or undefined for one group. */
  groups?: ArrayLike<number>;
  /** Per journey: ordering value within its group (smaller sits nearer the group's heart). */
  order?: ArrayLike<number>;
}

export interface LayoutOptions {
  kind: LayoutKindName;
  seed: number;
  /** Lloyd relaxation iterations (kinds that relax). */
  relaxation: number;
  /** Width of mosaic space (the output's width / height); height is 1. */
  aspect: number;
  /** The mask image, for kinds that read one (config layout.mask, decoded by the caller). */
  mask?: MaskImage | null;
}

/** Where the work is: a step's name and how far it has come (0–1 over the whole layout). */
export type LayoutProgress = (fraction: number, step: string) => void;

export interface MosaicLayout {
  count: number;
  width: number;
  height: number;
  /** Per cell (= per journey, same index): site x, y. */
  sites: Float64Array;
  /** Per cell: MAX_CORNERS (x, y) corners, absolute, counter-clockwise; unused corners repeat the site. */
  corners: Float32Array;
  cornerCount: Uint8Array;
  /** Per cell: its area as stored (mosaic units²). */
  area: Float32Array;
  /** Per cell: its group (community) index; 0 without groups. */
  group: Uint16Array;
  /** Per group index: the bounding box of its cells' sites [x0, y0, x1, y1] (for labels and legends). */
  groupRegions: Float64Array;
}

/** Lay out `input.count` journeys as cells. Pure: the same input and options give the same layout. */
export function layoutMosaic(input: LayoutInput, opts: LayoutOptions, progress: LayoutProgress = () => {}): MosaicLayout {
  const kind = layoutKind(opts.kind);
  if (kind.unavailable) throw new Error(`layout.kind "${kind.name}": ${kind.unavailable}`);
  if (!(opts.aspect > 0) || !Number.isFinite(opts.aspect)) throw new Error(`layout: the aspect must be a positive number, got ${opts.aspect}`);
  const n = input.count;
  const width = opts.aspect;
  const height = 1;
  let groupCount = 1;
  if (input.groups) for (let i = 0; i < n; i++) groupCount = Math.max(groupCount, input.groups[i] + 1);
  if (groupCount > 65535) throw new Error(`layout.groupBy: ${groupCount} groups; at most 65,535 can be laid out`);
  const groupOf = input.groups ? (i: number) => input.groups![i] : () => 0;

  const readsMask = kind.settings.includes('mask');
  if (readsMask && !opts.mask) throw new Error(`layout.kind "${kind.name}": needs the mask image (layout.mask), and none was given`);
  const domain = readsMask ? maskDomain(opts.mask!, width, height) : rectangleDomain(width, height);

  progress(0, 'placing cells');
  const placed = kind.place({ count: n, domain, seed: opts.seed, relaxation: opts.relaxation, progress: (f) => progress(0.75 * f, 'relaxing cells') });
  const { points } = placed;

  // Organic regions of exactly each group's size.
  progress(0.75, 'shaping neighbourhoods');
  const sizes = new Array<number>(groupCount).fill(0);
  for (let i = 0; i < n; i++) sizes[groupOf(i)]++;
  const regions = organicRegions(points, sizes, domain, opts.seed);

  // Within each group: journeys in order take the points from the heart outwards.
  progress(0.85, 'placing journeys');
  const journeys = byGroup(n, groupCount, groupOf);
  const pointsOf = byGroup(n, groupCount, (p) => regions.group[p]);
  const order = input.order;
  const pointOfJourney = new Uint32Array(n);
  for (let g = 0; g < groupCount; g++) {
    const js = journeys.members(g);
    const ps = pointsOf.members(g);
    // organicRegions makes the counts exact; were they not, journeys would share a cell.
    if (js.length !== ps.length) throw new Error(`layout: group ${g} has ${js.length} journeys but its region ${ps.length} cells`);
    if (order) sortBy(js, (j) => order[j]);
    sortBy(ps, (p) => regions.depth[p]);
    for (let k = 0; k < js.length; k++) pointOfJourney[js[k]] = ps[k];
  }

  progress(0.9, 'storing cells');
  // Cells are read in the kind's read order (where it keeps them in memory) and written straight to
  // their journey's place: at 1M cells that is faster than a point-ordered scratch copied out after.
  const journeyOfPoint = new Uint32Array(n);
  for (let j = 0; j < n; j++) journeyOfPoint[pointOfJourney[j]] = j;
  const corners = new Float32Array(2 * MAX_CORNERS * n);
  const cornerCount = new Uint8Array(n);
  const area = new Float32Array(n);
  const sites = new Float64Array(2 * n);
  const M = MAX_CORNERS; // read once: under tsx an imported constant in a hot loop is a getter call
  const ring = new Float64Array(2 * MAX_RING);
  const readOrder = placed.readOrder?.() ?? null;
  for (let r = 0; r < n; r++) {
    const p = readOrder ? readOrder[r] : r;
    let k = placed.cell(p, ring);
    if (signedArea(ring, k) < 0) reverse(ring, k);
    k = simplify(ring, k, M);
    const j = journeyOfPoint[p];
    const sx = points[2 * p];
    const sy = points[2 * p + 1];
    sites[2 * j] = sx;
    sites[2 * j + 1] = sy;
    cornerCount[j] = k;
    area[j] = Math.max(0, signedArea(ring, k));
    const out = 2 * M * j;
    for (let c = 0; c < M; c++) {
      corners[out + 2 * c] = c < k ? ring[2 * c] : sx;
      corners[out + 2 * c + 1] = c < k ? ring[2 * c + 1] : sy;
    }
  }
  placed.done?.();
  const group = new Uint16Array(n);
  for (let j = 0; j < n; j++) group[j] = groupOf(j);

  const groupRegions = new Float64Array(4 * groupCount);
  for (let g = 0; g < groupCount; g++) groupRegions.set([Infinity, Infinity, -Infinity, -Infinity], 4 * g);
  for (let j = 0; j < n; j++) {
    const g = 4 * group[j];
    groupRegions[g] = Math.min(groupRegions[g], sites[2 * j]);
    groupRegions[g + 1] = Math.min(groupRegions[g + 1], sites[2 * j + 1]);
    groupRegions[g + 2] = Math.max(groupRegions[g + 2], sites[2 * j]);
    groupRegions[g + 3] = Math.max(groupRegions[g + 3], sites[2 * j + 1]);
  }
  for (let k = 0; k < groupRegions.length; k++) if (!Number.isFinite(groupRegions[k])) groupRegions[k] = 0;
  progress(1, 'done');
  return { count: n, width, height, sites, corners, cornerCount, area, group, groupRegions };
}

/** Indices 0..n-1 bucketed by a group function (a counting sort: stable, no arrays per group). */
function byGroup(n: number, groups: number, of: (i: number) => number) {
  const start = new Uint32Array(groups + 1);
  for (let i = 0; i < n; i++) start[of(i) + 1]++;
  for (let g = 0; g < groups; g++) start[g + 1] += start[g];
  const fill = start.slice(0, groups);
  const items = new Uint32Array(n);
  for (let i = 0; i < n; i++) items[fill[of(i)]++] = i;
  return { members: (g: number) => items.subarray(start[g], start[g + 1]) };
}

function signedArea(ring: Float64Array, k: number): number {
  let a = 0;
  for (let c = 0; c < k; c++) {
    const n = c + 1 === k ? 0 : c + 1;
    a += ring[2 * c] * ring[2 * n + 1] - ring[2 * n] * ring[2 * c + 1];
  }
  return a / 2;
}

function reverse(ring: Float64Array, k: number): void {
  for (let a = 0, b = k - 1; a < b; a++, b--) {
    const x = ring[2 * a];
    const y = ring[2 * a + 1];
    ring[2 * a] = ring[2 * b];
    ring[2 * a + 1] = ring[2 * b + 1];
    ring[2 * b] = x;
    ring[2 * b + 1] = y;
  }
}

/** Drops the corners whose removal loses the least area until at most `max` remain (convex: only shrinks). */
function simplify(ring: Float64Array, k: number, max: number): number {
  while (k > max) {
    let best = 0;
    let bestArea = Infinity;
    for (let c = 0; c < k; c++) {
      const a = (c + k - 1) % k;
      const b = (c + 1) % k;
      const area = Math.abs((ring[2 * c] - ring[2 * a]) * (ring[2 * b + 1] - ring[2 * a + 1]) - (ring[2 * b] - ring[2 * a]) * (ring[2 * c + 1] - ring[2 * a + 1]));
      if (area < bestArea) {
        bestArea = area;
        best = c;
      }
    }
    ring.copyWithin(2 * best, 2 * best + 2, 2 * k);
    k--;
  }
  return k;
}
