/**
 * Organic community regions: the placed points are cut into one region per group, each with exactly
 * as many points as the group has journeys, with boundaries that wander like coastlines rather than
 * run straight.
 *
 * How: a power diagram (a Voronoi diagram whose sites carry weights) of one site per group, seen
 * through a smooth domain warp (simplex noise). Point p belongs to the group g that minimises
 * |w(p) - s_g|² - weight_g, where w(p) is p displaced by the warp. Sites start at the centres of a
 * squarified treemap of the group sizes in a unit square, stretched over the domain, so the groups'
 * arrangement (who is left of, above, beside whom) does not depend on the screen's aspect; then sites
 * move to their regions' centroids and weights grow or shrink until every region has its share of
 * points (a capacity-constrained power diagram, as in Voronoi treemaps). A last step moves the few
 * points still over or under count across shared boundaries, the cheapest first, so every group has
 * exactly its journeys' number of cells.
 *
 * The seed only slides the warp's noise a little per step, and sites and weights do not depend on it,
 * so the same groups stay neighbours whatever the seed; a small seed change moves boundaries a little.
 *
 * Why not d3-voronoi-treemap / d3-weighted-voronoi: they give convex polygons with straight edges,
 * clip only to a convex outline (a mask silhouette is not), reach areas to about 1% and need d3 v4–v6
 * modules; here the regions are sets of cells with exact counts, inside any domain.
 */
import { hierarchy, treemap, treemapSquarify } from 'd3-hierarchy';
import { createNoise2D } from 'simplex-noise';
import { insideDomain, type Domain } from './domain.ts';
import { createRandom } from './random.ts';
import { SortedLazily } from './sort.ts';

export interface Regions {
  /** Per point: its group. */
  group: Uint32Array;
  /** Per point: how deep inside its region it lies (squared warped distance from the region's site; smaller is more central). */
  depth: Float64Array;
}

/** Weight and site iterations on the sample (fixed: the result is a function of the inputs alone). */
const ITERATIONS = 60;
/** About this many lattice points over the domain carry the iterations (the regions' shape needs no more). */
const LATTICE = 16_000;
/** Pixels, about, of the raster that stray pieces are found on. */
const RASTER = 250_000;
/** How far a site may drift from its treemap place, in region radii. */
const LEASH = 0.4;

/** Cuts `points` (n = sizes' sum) into regions with sizes[g] points each. */
export function organicRegions(points: Float64Array, sizes: readonly number[], domain: Domain, seed: number): Regions {
  const n = points.length / 2;
  const groups = sizes.length;
  const group = new Uint32Array(n);
  const depth = new Float64Array(n);
  const present = sizes.map((s, g) => (s > 0 ? g : -1)).filter((g) => g >= 0);
  if (present.length <= 1) {
    group.fill(present[0] ?? 0);
    const [x0, y0, x1, y1] = domain.bounds;
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    for (let p = 0; p < n; p++) depth[p] = (points[2 * p] - cx) ** 2 + (points[2 * p + 1] - cy) ** 2;
    return { group, depth };
  }

  // The warp: displacement on a coarse lattice, bilinear in between (the noise itself is the cost at 1M points).
  const radius = Math.sqrt(domain.area / (Math.PI * present.length));
  const warped = warp(points, domain, radius, seed);

  // Sites: a unit-square treemap's centres, stretched over the domain's bounds.
  const site = new Float64Array(2 * groups);
  const weight = new Float64Array(groups);
  const [bx0, by0, bx1, by1] = domain.bounds;
  const root = hierarchy<{ children?: { g: number; size: number }[]; g?: number; size?: number }>({
    children: present.map((g) => ({ g, size: sizes[g] })),
  })
    .sum((d) => d.size ?? 0)
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0) || (a.data.g ?? 0) - (b.data.g ?? 0));
  for (const leaf of treemap<(typeof root)['data']>().tile(treemapSquarify).size([1, 1]).round(false)(root).leaves()) {
    const g = leaf.data.g ?? 0;
    site[2 * g] = bx0 + ((leaf.x0 + leaf.x1) / 2) * (bx1 - bx0);
    site[2 * g + 1] = by0 + ((leaf.y0 + leaf.y1) / 2) * (by1 - by0);
  }

  // Sites and weights settle on a regular lattice over the domain, unwarped: a function of the group
  // sizes and the domain alone, so neither the seed nor the cells' jitter can reorder the groups.
  const lattice = domainLattice(domain, LATTICE);
  const s = lattice.length / 2;
  const anchor = site.slice();
  const total = present.reduce((sum, g) => sum + sizes[g], 0);
  const count = new Float64Array(groups);
  const sumX = new Float64Array(groups);
  const sumY = new Float64Array(groups);
  for (let it = 0; it < ITERATIONS; it++) {
    count.fill(0);
    sumX.fill(0);
    sumY.fill(0);
    for (let k = 0; k < s; k++) {
      const x = lattice[2 * k];
      const y = lattice[2 * k + 1];
      const g = nearest(x, y, present, site, weight);
      count[g]++;
      sumX[g] += x;
      sumY[g] += y;
    }
    for (const g of present) {
      const share = sizes[g] / total;
      const have = count[g] / s;
      if (count[g] > 0) {
        // Towards the centroid (rounder regions), but on a leash from the treemap's place, so the
        // arrangement stays the treemap's on any aspect.
        let x = site[2 * g] + 0.5 * (sumX[g] / count[g] - site[2 * g]);
        let y = site[2 * g + 1] + 0.5 * (sumY[g] / count[g] - site[2 * g + 1]);
        const dx = x - anchor[2 * g];
        const dy = y - anchor[2 * g + 1];
        const d = Math.hypot(dx, dy);
        if (d > LEASH * radius) {
          x = anchor[2 * g] + (dx / d) * LEASH * radius;
          y = anchor[2 * g + 1] + (dy / d) * LEASH * radius;
        }
        site[2 * g] = x;
        site[2 * g + 1] = y;
      }
      // Raising a weight by d moves a boundary by about d / (2 × site distance): area ≈ π d / 2.
      weight[g] += (2 / Math.PI) * (share - have) * domain.area * 0.8;
    }
    // Keep every site inside its own cell: weights may differ by at most the squared site distance.
    for (const g of present) {
      for (const h of present) {
        if (h === g) continue;
        const d2 = (site[2 * g] - site[2 * h]) ** 2 + (site[2 * g + 1] - site[2 * h + 1]) ** 2;
        if (weight[g] - weight[h] > d2 * 0.9) weight[g] = weight[h] + d2 * 0.9;
      }
    }
  }

  // Every point: its best and second-best group, and how much it would cost to move.
  const second = new Uint32Array(n);
  const margin = new Float64Array(n);
  const have = new Float64Array(groups);
  rankChoices(warped, present, site, weight, group, second, margin, have);
  const none = new Uint8Array(n);
  balance(group, second, margin, have, sizes, present, warped, site, weight, none);
  // Stray pieces (where the warp pinched a finger off, or a sliver was thinner than a cell) join
  // the region around them; the counts are then balanced again without moving them back.
  // Balancing may cut a new sliver off; a few rounds settle it (pins accumulate, so it ends).
  const pinned = new Uint8Array(n);
  const raster = regionRaster(points, domain);
  for (let round = 0; round < 4 && mergeIslands(raster, group, have, groups, pinned); round++) {
    balance(group, second, margin, have, sizes, present, warped, site, weight, pinned);
  }
  // Pins are a preference, the counts are not: where the domain itself is in pieces (a mask's
  // islands), merging and balancing can take turns without settling, and the pinned points be all a
  // group has left to give. Then the counts are made exact with every point free to move, the
  // cheapest first as the regions now stand (each point's next-best group and what moving there
  // costs, from its group now: merged points are no longer where the diagram put them). A sliver
  // may stay, but every journey has a cell of its own.
  if (present.some((g) => have[g] !== sizes[g])) {
    rankChoices(warped, present, site, weight, group, second, margin, null);
    balance(group, second, margin, have, sizes, present, warped, site, weight, new Uint8Array(n));
  }
  for (let p = 0; p < n; p++) {
    const g = group[p];
    depth[p] = (warped[2 * p] - site[2 * g]) ** 2 + (warped[2 * p + 1] - site[2 * g + 1]) ** 2;
  }
  return { group, depth };
}

/**
 * Per point: its next-best group (`second`) and what moving there would cost (`margin`), measured
 * from the group it is in. Given `have`, each point first goes to its best group and is counted
 * there; without, its group stays as it is (the regions as they now stand). Ties go to the group
 * first in `present`.
 */
function rankChoices(
  warped: Float64Array,
  present: number[],
  site: Float64Array,
  weight: Float64Array,
  group: Uint32Array,
  second: Uint32Array,
  margin: Float64Array,
  have: Float64Array | null,
): void {
  const cost = new Float64Array(present.length);
  for (let p = 0; p < group.length; p++) {
    const x = warped[2 * p];
    const y = warped[2 * p + 1];
    let own = 0;
    for (let k = 0; k < present.length; k++) {
      const g = present[k];
      cost[k] = (x - site[2 * g]) ** 2 + (y - site[2 * g + 1]) ** 2 - weight[g];
      if (have ? cost[k] < cost[own] : g === group[p]) own = k;
    }
    let next = -1;
    for (let k = 0; k < present.length; k++) if (k !== own && (next < 0 || cost[k] < cost[next])) next = k;
    group[p] = present[own];
    second[p] = present[next];
    margin[p] = cost[next] - cost[own];
    if (have) have[present[own]]++;
  }
}

/** A regular square lattice of about `target` points inside the domain. */
function domainLattice(domain: Domain, target: number): Float64Array {
  const [x0, y0, x1, y1] = domain.bounds;
  const step = Math.sqrt(((x1 - x0) * (y1 - y0)) / target);
  const out: number[] = [];
  for (let y = y0 + step / 2; y < y1; y += step) {
    for (let x = x0 + step / 2; x < x1; x += step) if (insideDomain(domain, x, y)) out.push(x, y);
  }
  return Float64Array.from(out);
}

function nearest(x: number, y: number, present: number[], site: Float64Array, weight: Float64Array): number {
  let best = present[0];
  let bestCost = Infinity;
  for (const g of present) {
    const c = (x - site[2 * g]) ** 2 + (y - site[2 * g + 1]) ** 2 - weight[g];
    if (c < bestCost) {
      bestCost = c;
      best = g;
    }
  }
  return best;
}

/**
 * Moves points across boundaries until every group has exactly sizes[g]: from a group with too many,
 * along a chain of neighbouring groups (BFS over "a point of a would rather be in b"), to one with too
 * few; on each link the points that mind least (smallest margin) move. Counts change only at the
 * ends. Pinned points stay.
 */
function balance(
  group: Uint32Array,
  second: Uint32Array,
  margin: Float64Array,
  have: Float64Array,
  sizes: readonly number[],
  present: number[],
  warped: Float64Array,
  site: Float64Array,
  weight: Float64Array,
  pinned: Uint8Array,
): void {
  const n = group.length;
  const groups = sizes.length;
  const excess = (g: number) => have[g] - sizes[g];
  if (present.every((g) => excess(g) === 0)) return;
  // Candidates per link a→b (points of a whose second choice is b), bucketed by a counting sort.
  const linkOf = new Int32Array(n).fill(-1);
  const linkCount = new Uint32Array(groups * groups + 1);
  for (let p = 0; p < n; p++) {
    if (pinned[p] || group[p] === second[p]) continue;
    linkOf[p] = group[p] * groups + second[p];
    linkCount[linkOf[p] + 1]++;
  }
  for (let k = 0; k < groups * groups; k++) linkCount[k + 1] += linkCount[k];
  const fill = linkCount.slice(0, groups * groups);
  const items = new Uint32Array(linkCount[groups * groups]);
  for (let p = 0; p < n; p++) if (linkOf[p] >= 0) items[fill[linkOf[p]]++] = p;
  const next = linkCount.slice(0, groups * groups);
  // Each link's candidates by margin, sorted as they are read: only the first few are ever moved.
  const byMargin: (SortedLazily | undefined)[] = [];
  const out: number[][] = Array.from({ length: groups }, () => []);
  for (let a = 0; a < groups; a++) for (let b = 0; b < groups; b++) if (linkCount[a * groups + b + 1] > linkCount[a * groups + b]) out[a].push(b);
  /** The next candidate of link a→b still in a (the smallest margin first), or -1. */
  const peek = (a: number, b: number): number => {
    const key = a * groups + b;
    const begin = linkCount[key];
    const end = linkCount[key + 1];
    const sorted = (byMargin[key] ??= new SortedLazily(items.subarray(begin, end), (p) => margin[p]));
    while (next[key] < end && group[sorted.at(next[key] - begin)] !== a) next[key]++;
    return next[key] < end ? sorted.at(next[key] - begin) : -1;
  };
  for (let guard = 0; guard < 4 * n; guard++) {
    const from = present.find((g) => excess(g) > 0);
    if (from === undefined) return;
    // Breadth first to the nearest group with too few.
    const prev = new Map<number, number>([[from, -1]]);
    const queue = [from];
    let to = -1;
    for (let head = 0; head < queue.length && to < 0; head++) {
      const a = queue[head];
      for (const b of out[a]) {
        if (prev.has(b) || peek(a, b) < 0) continue;
        prev.set(b, a);
        if (excess(b) < 0) {
          to = b;
          break;
        }
        queue.push(b);
      }
    }
    if (to < 0) {
      // No chain (a group cut off): the point of `from` that minds least goes straight to a group with too few.
      const dest = present.find((g) => excess(g) < 0)!;
      let best = -1;
      let bestCost = Infinity;
      for (let p = 0; p < n; p++) {
        if (group[p] !== from || pinned[p]) continue;
        const x = warped[2 * p];
        const y = warped[2 * p + 1];
        const c = (x - site[2 * dest]) ** 2 + (y - site[2 * dest + 1]) ** 2 - weight[dest] - ((x - site[2 * from]) ** 2 + (y - site[2 * from + 1]) ** 2 - weight[from]);
        if (c < bestCost) {
          bestCost = c;
          best = p;
        }
      }
      if (best < 0) return; // nothing movable is left: counts stay as close as they can
      group[best] = dest;
      second[best] = from;
      have[from]--;
      have[dest]++;
      continue;
    }
    // One point along each link of the chain, from its end backwards; and again along the same
    // chain while the search would find it again: only the chain's ends change excess and only its
    // links lose candidates, so it is the same chain until an end is settled or a link runs out.
    const chain: number[] = [];
    for (let b = to; prev.get(b)! >= 0; b = prev.get(b)!) chain.push(prev.get(b)!, b);
    for (;;) {
      for (let k = 0; k < chain.length; k += 2) {
        const a = chain[k];
        const b = chain[k + 1];
        const p = peek(a, b);
        next[a * groups + b]++;
        group[p] = b;
        second[p] = a;
      }
      have[from]--;
      have[to]++;
      if (!(excess(from) > 0 && excess(to) < 0) || guard + 1 >= 4 * n) break;
      let open = true;
      for (let k = 0; k < chain.length && open; k += 2) open = peek(chain[k], chain[k + 1]) >= 0;
      if (!open) break;
      guard++;
    }
  }
}

/**
 * The raster that stray pieces are found on (mergeIslands): each pixel's nearest point (-1 where none
 * is within reach), through a bucket grid, and each point's pixel. Fine enough for a cell to span a
 * few pixels and never more than about RASTER pixels: at a million cells a piece smaller than a pixel
 * here is smaller than a pixel on any screen too. Points do not move while regions form, so it is
 * made once for every round.
 */
function regionRaster(points: Float64Array, domain: Domain) {
  const n = points.length / 2;
  const [bx0, by0, bx1, by1] = domain.bounds;
  const spacing = Math.sqrt(domain.area / n);
  // Buckets as wide as the reach: the nearest point to any spot is in its bucket or the eight around it.
  const reach = 1.5 * spacing;
  const cols = Math.max(1, Math.ceil((bx1 - bx0) / reach));
  const rows = Math.max(1, Math.ceil((by1 - by0) / reach));
  const bucketAt = (x: number, y: number) =>
    Math.min(rows - 1, Math.max(0, Math.floor((y - by0) / reach))) * cols + Math.min(cols - 1, Math.max(0, Math.floor((x - bx0) / reach)));
  const start = new Uint32Array(cols * rows + 1);
  for (let p = 0; p < n; p++) start[bucketAt(points[2 * p], points[2 * p + 1]) + 1]++;
  for (let b = 0; b < cols * rows; b++) start[b + 1] += start[b];
  const fill = start.slice(0, cols * rows);
  const members = new Uint32Array(n);
  for (let p = 0; p < n; p++) members[fill[bucketAt(points[2 * p], points[2 * p + 1])]++] = p;

  const h = Math.max(Math.sqrt(((bx1 - bx0) * (by1 - by0)) / RASTER), spacing / 4);
  const w = Math.max(1, Math.ceil((bx1 - bx0) / h));
  const ht = Math.max(1, Math.ceil((by1 - by0) / h));
  const nearestPoint = new Int32Array(w * ht).fill(-1);
  // Each pixel column's bucket column, read once (bucketAt per pixel was most of the cost).
  const colOf = new Int32Array(w);
  for (let px = 0; px < w; px++) colOf[px] = bucketAt(bx0 + (px + 0.5) * h, by0) % cols;
  const best0 = reach * reach;
  for (let py = 0; py < ht; py++) {
    const y = by0 + (py + 0.5) * h;
    const r = (bucketAt(bx0, y) - (bucketAt(bx0, y) % cols)) / cols;
    const r0 = Math.max(0, r - 1);
    const r1 = Math.min(rows - 1, r + 1);
    for (let px = 0; px < w; px++) {
      const x = bx0 + (px + 0.5) * h;
      const c = colOf[px];
      const c0 = Math.max(0, c - 1);
      const c1 = Math.min(cols - 1, c + 1);
      let best = best0;
      let found = -1;
      for (let rr = r0; rr <= r1; rr++) {
        // The row's three buckets are consecutive in `members`.
        const end = start[rr * cols + c1 + 1];
        for (let m = start[rr * cols + c0]; m < end; m++) {
          const q = members[m];
          const d = (points[2 * q] - x) ** 2 + (points[2 * q + 1] - y) ** 2;
          if (d < best) {
            best = d;
            found = q;
          }
        }
      }
      nearestPoint[py * w + px] = found;
    }
  }
  const pixelOf = new Uint32Array(n);
  for (let p = 0; p < n; p++) {
    const px = Math.min(w - 1, Math.floor((points[2 * p] - bx0) / h));
    const py = Math.min(ht - 1, Math.floor((points[2 * p + 1] - by0) / h));
    pixelOf[p] = py * w + px;
  }
  return { w, ht, nearestPoint, pixelOf };
}

/**
 * Pieces of a region cut off from its main body become part of the region that surrounds them (the
 * most common group around them), read from the regions drawn on `raster` (each pixel: its nearest
 * point's group). Updates `have` and marks the moved points in `pinned` (to be left where they are);
 * returns whether any moved.
 */
function mergeIslands(raster: ReturnType<typeof regionRaster>, group: Uint32Array, have: Float64Array, groups: number, pinned: Uint8Array): boolean {
  const n = group.length;
  const { w, ht, nearestPoint, pixelOf } = raster;
  const label = new Int32Array(w * ht);
  for (let s = 0; s < w * ht; s++) label[s] = nearestPoint[s] < 0 ? -1 : group[nearestPoint[s]];
  // Connected pieces (4-neighbours) of each group's pixels.
  const piece = new Int32Array(w * ht).fill(-1);
  const pieceSize: number[] = [];
  const pieceGroup: number[] = [];
  const queue = new Uint32Array(w * ht);
  for (let s = 0; s < w * ht; s++) {
    if (piece[s] >= 0 || label[s] < 0) continue;
    const id = pieceSize.length;
    const g = label[s];
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    piece[s] = id;
    while (head < tail) {
      const i = queue[head++];
      const x = i % w;
      for (let side = 0; side < 4; side++) {
        const j = neighbourPixel(i, x, side, w, ht);
        if (j >= 0 && piece[j] < 0 && label[j] === g) {
          piece[j] = id;
          queue[tail++] = j;
        }
      }
    }
    pieceSize.push(tail);
    pieceGroup.push(g);
  }
  const main = new Int32Array(groups).fill(-1);
  pieceSize.forEach((size, id) => {
    const g = pieceGroup[id];
    if (main[g] < 0 || size > pieceSize[main[g]]) main[g] = id;
  });
  if (pieceSize.length === main.filter((m) => m >= 0).length) return false;
  // Each stray piece: the group most of the pixels bordering it have.
  const votes = new Map<number, Map<number, number>>();
  for (let i = 0; i < w * ht; i++) {
    const id = piece[i];
    if (id < 0 || main[pieceGroup[id]] === id) continue;
    let v = votes.get(id);
    if (!v) votes.set(id, (v = new Map()));
    const x = i % w;
    for (let side = 0; side < 4; side++) {
      const j = neighbourPixel(i, x, side, w, ht);
      if (j >= 0 && piece[j] !== id && label[j] >= 0) v.set(label[j], (v.get(label[j]) ?? 0) + 1);
    }
  }
  const into = new Map<number, number>();
  for (const [id, v] of votes) {
    let best = -1;
    let most = 0;
    for (const [g, c] of v) if (c > most) [best, most] = [g, c];
    if (best >= 0) into.set(id, best);
  }
  let moved = false;
  for (let p = 0; p < n; p++) {
    const id = piece[pixelOf[p]];
    const g = id >= 0 && pieceGroup[id] === group[p] ? into.get(id) : undefined;
    if (g === undefined) continue;
    have[group[p]]--;
    have[g]++;
    group[p] = g;
    pinned[p] = 1;
    moved = true;
  }
  return moved;
}

/** Pixel i's neighbour on `side` (left, right, above, below; x is i's column), or -1 off the raster. */
function neighbourPixel(i: number, x: number, side: number, w: number, ht: number): number {
  if (side === 0) return x > 0 ? i - 1 : -1;
  if (side === 1) return x + 1 < w ? i + 1 : -1;
  if (side === 2) return i >= w ? i - w : -1;
  return i + w < w * ht ? i + w : -1;
}

/** The warp's two octaves: wavelength and amplitude, in region radii. */
const OCTAVES = [
  { wavelength: 2.0, amplitude: 0.4 },
  { wavelength: 0.8, amplitude: 0.1 },
];

/**
 * Every point displaced by smooth noise (two octaves of simplex noise, a fraction of a region's
 * radius: boundaries wander but never fold over). The noise is sampled on a lattice an eighth of the
 * finer wavelength apart and interpolated: the same field, a fraction of the cost at 1M points.
 */
function warp(points: Float64Array, domain: Domain, radius: number, seed: number): Float64Array {
  const [bx0, by0, bx1, by1] = domain.bounds;
  const span = Math.max(bx1 - bx0, by1 - by0);
  const h = Math.max((OCTAVES[1].wavelength * radius) / 8, span / 512);
  const cols = Math.ceil((bx1 - bx0) / h) + 2;
  const rows = Math.ceil((by1 - by0) / h) + 2;
  const noiseX = createNoise2D(createRandom(0x51ed));
  const noiseY = createNoise2D(createRandom(0xc0a5));
  // The seed slides the field a third of a wavelength per step: a small change, a small change.
  const shift = (seed % 10007) * 0.3;
  const field = new Float64Array(2 * cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = c * h;
      const y = r * h;
      let dx = 0;
      let dy = 0;
      OCTAVES.forEach(({ wavelength, amplitude }, o) => {
        const u = x / (wavelength * radius) + 17.1 * o;
        const v = y / (wavelength * radius) - 9.7 * o;
        dx += amplitude * radius * noiseX(u + shift, v);
        dy += amplitude * radius * noiseY(u, v + shift);
      });
      field[2 * (r * cols + c)] = dx;
      field[2 * (r * cols + c) + 1] = dy;
    }
  }
  const n = points.length / 2;
  const out = new Float64Array(2 * n);
  for (let p = 0; p < n; p++) {
    const x = points[2 * p];
    const y = points[2 * p + 1];
    const fx = Math.min(Math.max((x - bx0) / h, 0), cols - 1.001);
    const fy = Math.min(Math.max((y - by0) / h, 0), rows - 1.001);
    const c = Math.floor(fx);
    const r = Math.floor(fy);
    const tx = fx - c;
    const ty = fy - r;
    const i00 = 2 * (r * cols + c);
    const i10 = i00 + 2;
    const i01 = i00 + 2 * cols;
    const i11 = i01 + 2;
    for (let k = 0; k < 2; k++) {
      const top = field[i00 + k] + (field[i10 + k] - field[i00 + k]) * tx;
      const bottom = field[i01 + k] + (field[i11 + k] - field[i01 + k]) * tx;
      out[2 * p + k] = (k === 0 ? x : y) + top + (bottom - top) * ty;
    }
  }
  return out;
}
