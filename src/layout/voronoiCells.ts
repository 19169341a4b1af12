/**
 * Organic cells over a domain: exactly `count` points on a jittered grid inside it, relaxed by Lloyd
 * iterations, each point's Voronoi cell. Used by the voronoi and mask kinds.
 *
 * A mask domain is bounded by fixed "ghost" points in the grid squares just outside it: the real
 * cells end halfway to them, i.e. at the silhouette's edge to a grid square, and Lloyd pulls nothing
 * out through it. Ghost cells are never drawn. Read for drawing (edgeCell), a cell beside a ghost is
 * then cut back to where the mask really ends on the way to that ghost (a half-plane through the
 * first outside pixel, as if the ghost stood mirrored there): still convex, only smaller, so thin
 * parts of a silhouette (a crane's jib, a mast) do not bleed light a grid square wide.
 *
 * Speed (1M cells): d3-delaunay (Delaunator underneath) triangulates, and a Lloyd pass is one
 * re-triangulation (Voronoi.update, which updates its Delaunay too). Cells are read straight from the
 * triangulation's circumcentres into a scratch array (no array per cell); only cells that reach the
 * clip rectangle or the hull go through d3's clipping.
 */
import { Delaunay, type Voronoi } from 'd3-delaunay';
import { insideDomain, type Domain } from './domain.ts';
import { MAX_RING } from './kind.ts';
import { createRandom } from './random.ts';

export interface Scattered {
  /** `count` real points, then the ghosts; x y interleaved. */
  points: Float64Array;
  count: number;
  /** The rectangle cells are clipped to: the domain, or the grid around a mask. */
  clip: [number, number, number, number];
  /** The mask domain the ghosts stand around (edge cells are cut back to its edge), or null. */
  mask: Domain | null;
}

/**
 * A Lloyd pass that would move points by less than this on average (mosaic units: the mosaic is 1
 * high) is not applied: half a pixel on a 4K screen's height.
 */
export const STILL = 1 / 4320;

/** Points over which a pass's mean move is first sampled (see RelaxedCells.relax). */
const STILL_SAMPLE = 1 << 17;
const SAMPLE_RUN = 256;

/** How much of a grid square a point may wander from its square's corner band (the rest is margin). */
const JITTER = 0.7;

/**
 * `count` points spread evenly over the domain: one per square of a grid sized so the squares inside
 * number at least `count`, the spare squares left out evenly; each point jittered in its square.
 */
export function scatter(domain: Domain, count: number, seed: number): Scattered {
  const random = createRandom(seed);
  if (!domain.mask) {
    const { width: w, height: h } = domain;
    const cols = Math.max(1, Math.round(Math.sqrt((count * w) / h)));
    const rows = Math.max(1, Math.ceil(count / cols));
    const total = cols * rows;
    const points = new Float64Array(2 * count);
    let k = 0;
    let seen = 0;
    forEachSquare(cols, rows, (c, r) => {
      // The spare squares are left out evenly: square `seen` is kept when it starts a new k.
      if (k < count && Math.floor((k * total) / count) === seen) {
        points[2 * k] = ((c + (1 - JITTER) / 2 + JITTER * random()) / cols) * w;
        points[2 * k + 1] = ((r + (1 - JITTER) / 2 + JITTER * random()) / rows) * h;
        k++;
      }
      seen++;
    });
    return { points, count, clip: [0, 0, w, h], mask: null };
  }
  const grid = maskGrid(domain, count);
  const { cols, rows, s, gx0, gy0, inside, insideCount } = grid;
  // Ghosts: outside squares within two squares of an inside one.
  const ghost = new Uint8Array(cols * rows);
  let ghosts = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (inside[r * cols + c]) continue;
      let near = false;
      for (let dr = -2; dr <= 2 && !near; dr++) {
        for (let dc = -2; dc <= 2 && !near; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          near = rr >= 0 && cc >= 0 && rr < rows && cc < cols && inside[rr * cols + cc] === 1;
        }
      }
      if (near) {
        ghost[r * cols + c] = 1;
        ghosts++;
      }
    }
  }
  const points = new Float64Array(2 * (count + ghosts));
  let k = 0;
  let seen = 0;
  let g = count;
  forEachSquare(cols, rows, (c, r) => {
    const q = r * cols + c;
    if (inside[q]) {
      if (k < count && Math.floor((k * insideCount) / count) === seen) {
        points[2 * k] = gx0 + (c + (1 - JITTER) / 2 + JITTER * random()) * s;
        points[2 * k + 1] = gy0 + (r + (1 - JITTER) / 2 + JITTER * random()) * s;
        k++;
      }
      seen++;
    } else if (ghost[q]) {
      // A hair of jitter: an exact lattice is all cocircular quadruples.
      points[2 * g] = gx0 + (c + 0.5 + 0.04 * (random() - 0.5)) * s;
      points[2 * g + 1] = gy0 + (r + 0.5 + 0.04 * (random() - 0.5)) * s;
      g++;
    }
  });
  return { points, count, clip: [gx0, gy0, gx0 + cols * s, gy0 + rows * s], mask: domain };
}

/**
 * Every square of a cols x rows grid, in the order of a Hilbert curve over it: neighbours in space are
 * neighbours in memory, which makes the triangulation and every pass over the cells markedly faster
 * at 1M points (fewer cache misses) than row by row.
 */
function forEachSquare(cols: number, rows: number, visit: (c: number, r: number) => void): void {
  let side = 1;
  while (side < cols || side < rows) side *= 2;
  for (let d = 0; d < side * side; ) {
    // Hilbert index d → (x, y) (the classic iterative conversion).
    let x = 0;
    let y = 0;
    let t = d;
    for (let s = 1; s < side; s *= 2) {
      const rx = 1 & (t >> 1);
      const ry = 1 & (t ^ rx);
      if (ry === 0) {
        if (rx === 1) {
          x = s - 1 - x;
          y = s - 1 - y;
        }
        const swap = x;
        x = y;
        y = swap;
      }
      x += s * rx;
      y += s * ry;
      t >>= 2;
    }
    if (x < cols && y < rows) {
      visit(x, y);
      d++;
      continue;
    }
    // Outside the grid: skip the largest aligned block of the curve starting here that lies wholly
    // outside too (at 1M cells three quarters of the curve's squares are outside).
    let b = 1;
    while (b < side && d % (4 * b * b) === 0 && ((x & ~(2 * b - 1)) >= cols || (y & ~(2 * b - 1)) >= rows)) b *= 2;
    d += b * b;
  }
}

/** A square grid over a mask's bounds (two squares of margin) with at least `count` squares inside, as few more as the search finds. */
function maskGrid(domain: Domain, count: number) {
  const [bx0, by0, bx1, by1] = domain.bounds;
  let s = Math.sqrt(domain.area / Math.max(1, count));
  const tryGrid = (size: number) => {
    const gx0 = bx0 - 2 * size;
    const gy0 = by0 - 2 * size;
    const cols = Math.ceil((bx1 - bx0) / size) + 4;
    const rows = Math.ceil((by1 - by0) / size) + 4;
    const inside = new Uint8Array(cols * rows);
    let insideCount = 0;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        if (insideDomain(domain, gx0 + (c + 0.5) * size, gy0 + (r + 0.5) * size)) {
          inside[r * cols + c] = 1;
          insideCount++;
        }
      }
    }
    return { cols, rows, s: size, gx0, gy0, inside, insideCount };
  };
  let grid = tryGrid(s);
  // The inside squares number about area / s²: a few steps find a size with just enough.
  for (let step = 0; step < 8 && (grid.insideCount < count || grid.insideCount > count * 1.02 + 4); step++) {
    s *= Math.sqrt(Math.max(1, grid.insideCount) / count) * (grid.insideCount < count ? 0.998 : 1);
    grid = tryGrid(s);
  }
  while (grid.insideCount < count) {
    s *= 0.99;
    grid = tryGrid(s);
  }
  return grid;
}

/** The Voronoi cells of scattered points, relaxed; reads each real point's cell without allocating. */
export class RelaxedCells {
  private readonly delaunay: Delaunay<Float64Array>;
  private readonly voronoi: Voronoi<Float64Array>;
  private readonly ring = new Float64Array(2 * MAX_RING);

  constructor(private readonly s: Scattered) {
    this.delaunay = new Delaunay(s.points);
    this.voronoi = this.delaunay.voronoi(s.clip);
  }

  get points(): Float64Array {
    return this.s.points;
  }

  /**
   * Up to `passes` Lloyd iterations: every real point to its cell's centroid (ghosts stay). A pass
   * whose moves average under STILL is not applied, and ends the relaxation: it would not change the
   * picture (at 1M cells a first pass already moves points by a tenth of a pixel at 1080p), and it
   * would cost a triangulation. Above STILL_SAMPLE points the average is first taken over an even
   * sample of them (the mean of a million moves to a fraction of a percent): at city scale no pass
   * moves enough, and this spares the full centroid sweep. Returns the passes applied.
   */
  relax(passes: number, progress: (fraction: number) => void): number {
    const { points, count } = this.s;
    const next = new Float64Array(2 * count);
    for (let it = 0; it < passes; it++) {
      const stride = Math.max(1, Math.floor(count / STILL_SAMPLE));
      if (stride > 1 && this.sampledMove(stride) < STILL) return it;
      const moved = this.centroids(next);
      if (moved / Math.max(1, count) < STILL) return it;
      points.set(next);
      this.voronoi.update(); // re-triangulates the moved points (its Delaunay's update) and recomputes the cells
      progress((it + 1) / passes);
    }
    return passes;
  }

  /**
   * The mean distance from real points to their cells' centroids over one run of SAMPLE_RUN points
   * in every `stride` runs: points are in Hilbert order, so a run is a compact patch whose cells
   * share triangles (a point at a time across the whole mosaic misses the cache at every cell).
   */
  private sampledMove(stride: number): number {
    const { points, count } = this.s;
    const ring = this.ring;
    let moved = 0;
    let seen = 0;
    for (let run = 0; run < count; run += stride * SAMPLE_RUN) {
      for (let i = run; i < Math.min(count, run + SAMPLE_RUN); i++) {
        const c = polygonCentroid(ring, this.cell(i, ring));
        if (c) moved += Math.hypot(c[0] - points[2 * i], c[1] - points[2 * i + 1]);
        seen++;
      }
    }
    return moved / Math.max(1, seen);
  }

  /**
   * Each real point's cell centroid into `out`; returns the sum of the distances to them. One
   * sweep over the triangulation's halfedges in memory order: halfedge e (from point a) carries the
   * cell edge of a from the circumcentre of e's triangle to that of its twin's, in the order a's cell
   * walks them, so the shoelace sums add up per point without building any polygon. Cells on the
   * hull or reaching the clip rectangle are clipped by d3 instead.
   */
  private centroids(out: Float64Array): number {
    const { points, count } = this.s;
    const { circumcenters } = this.voronoi;
    const { halfedges, triangles } = this.delaunay;
    const [xmin, ymin, xmax, ymax] = this.s.clip;
    const area = new Float64Array(count);
    out.fill(0);
    const clipped = new Uint8Array(count);
    for (let e = 0; e < halfedges.length; e++) {
      const a = triangles[e];
      if (a >= count || clipped[a]) continue;
      const twin = halfedges[e];
      if (twin < 0) {
        clipped[a] = 1;
        continue;
      }
      const t0 = 2 * ((e / 3) | 0);
      const t1 = 2 * ((twin / 3) | 0);
      const x0 = circumcenters[t0];
      const y0 = circumcenters[t0 + 1];
      const x1 = circumcenters[t1];
      const y1 = circumcenters[t1 + 1];
      if (!(x0 >= xmin && x0 <= xmax && y0 >= ymin && y0 <= ymax && x1 >= xmin && x1 <= xmax && y1 >= ymin && y1 <= ymax)) {
        clipped[a] = 1;
        continue;
      }
      const cross = x0 * y1 - x1 * y0;
      area[a] += cross;
      out[2 * a] += (x0 + x1) * cross;
      out[2 * a + 1] += (y0 + y1) * cross;
    }
    const ring = this.ring;
    let moved = 0;
    for (let i = 0; i < count; i++) {
      let a = area[i];
      let cx = out[2 * i];
      let cy = out[2 * i + 1];
      if (clipped[i]) [a, cx, cy] = shoelace(ring, this.cell(i, ring));
      if (a !== 0) {
        out[2 * i] = cx / (3 * a);
        out[2 * i + 1] = cy / (3 * a);
      } else {
        out[2 * i] = points[2 * i];
        out[2 * i + 1] = points[2 * i + 1];
      }
      moved += Math.hypot(out[2 * i] - points[2 * i], out[2 * i + 1] - points[2 * i + 1]);
    }
    return moved;
  }

  /** Per real point: 1 when a ghost is its neighbour (made on first use, after relaxing). */
  private edge: Uint8Array | null = null;
  private readonly clipScratch = new Float64Array(2 * MAX_RING);

  /**
   * Point i's cell for drawing: cell(i), and for a mask, cut back at the mask's edge towards every
   * ghost neighbour. The cut stops at a fifth of the way to the ghost, so a cell never vanishes.
   */
  drawnCell(i: number, out: Float64Array): number {
    let k = this.cell(i, out);
    const domain = this.s.mask;
    if (!domain || k === 0) return k;
    const { count, points } = this.s;
    if (!this.edge) {
      const { halfedges, triangles } = this.delaunay;
      const edge = new Uint8Array(count);
      for (let e = 0; e < halfedges.length; e++) {
        const a = triangles[e];
        if (a < count && triangles[e % 3 === 2 ? e - 2 : e + 1] >= count) edge[a] = 1;
      }
      this.edge = edge;
    }
    if (!this.edge[i]) return k;
    const px = points[2 * i];
    const py = points[2 * i + 1];
    const step = domain.mask!.scale / 2;
    for (const j of this.delaunay.neighbors(i)) {
      if (j < count) continue;
      const dx = points[2 * j] - px;
      const dy = points[2 * j + 1] - py;
      const len = Math.hypot(dx, dy);
      if (len === 0) continue;
      // The first outside spot on the way to the ghost, half a mask pixel at a time.
      let t = 0.2;
      const dt = Math.min(0.1, step / len);
      while (t < 0.5 && insideDomain(domain, px + (t + dt) * dx, py + (t + dt) * dy)) t += dt;
      if (t >= 0.5) continue; // the bisector is already inside the mask
      k = clipHalfPlane(out, k, px + t * dx, py + t * dy, dx, dy, this.clipScratch);
      if (k === 0) return 0;
    }
    return k;
  }

  /**
   * The real points in the order their first halfedge appears in the triangulation: its triangles
   * were made in that order, so cells read in it find their corners close together in memory (at 1M
   * cells ~35% faster than in point order, whose neighbours' triangles lie all over the arrays).
   */
  readOrder(): Uint32Array {
    const { count } = this.s;
    const { triangles } = this.delaunay;
    const order = new Uint32Array(count);
    const seen = new Uint8Array(count);
    let k = 0;
    for (let e = 0; e < triangles.length && k < count; e++) {
      const p = triangles[e];
      if (p >= count || seen[p]) continue;
      seen[p] = 1;
      order[k++] = p;
    }
    // A point in no triangle (coincident with another) has no cell; read it all the same.
    for (let p = 0; p < count && k < count; p++) if (!seen[p]) order[k++] = p;
    return order;
  }

  /** Writes point i's cell (x y pairs) into `out`; returns its corner count (0: none). */
  cell(i: number, out: Float64Array): number {
    const { circumcenters } = this.voronoi;
    const { inedges, halfedges, triangles } = this.delaunay;
    const [xmin, ymin, xmax, ymax] = this.s.clip;
    const room = out.length / 2; // MAX_RING, read once: an imported constant here costs a getter call per corner under tsx
    const e0 = inedges[i];
    if (e0 === -1) return 0; // a coincident point has no cell
    let e = e0;
    let k = 0;
    let fast = true;
    // Around point i, triangle by triangle: their circumcentres are the cell's corners.
    do {
      const t = (e / 3) | 0;
      const x = circumcenters[2 * t];
      const y = circumcenters[2 * t + 1];
      if (!(x >= xmin && x <= xmax && y >= ymin && y <= ymax) || k >= room) {
        fast = false;
        break;
      }
      out[2 * k] = x;
      out[2 * k + 1] = y;
      k++;
      e = e % 3 === 2 ? e - 2 : e + 1;
      if (triangles[e] !== i) {
        fast = false;
        break;
      }
      e = halfedges[e];
    } while (e !== e0 && e !== -1);
    if (fast && e !== -1) return k;
    // On the hull or reaching the clip rectangle: d3 clips it.
    const poly = this.voronoi.cellPolygon(i);
    if (!poly) return 0;
    const n = Math.min(poly.length - 1, room);
    for (let c = 0; c < n; c++) {
      out[2 * c] = poly[c][0];
      out[2 * c + 1] = poly[c][1];
    }
    return n;
  }
}

/** A polygon's shoelace sums: twice its signed area, and 6 × area × its centroid (x, y). */
function shoelace(ring: Float64Array, k: number): [number, number, number] {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let c = 0; c < k; c++) {
    const x0 = ring[2 * c];
    const y0 = ring[2 * c + 1];
    const n = c + 1 === k ? 0 : c + 1;
    const x1 = ring[2 * n];
    const y1 = ring[2 * n + 1];
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  return [a, cx, cy];
}

/** A polygon's centroid, or null when it has no area. */
function polygonCentroid(ring: Float64Array, k: number): [number, number] | null {
  const [a, cx, cy] = shoelace(ring, k);
  return a === 0 ? null : [cx / (3 * a), cy / (3 * a)];
}

/**
 * Keeps the part of convex polygon `ring` (k corners) on the near side of the line through (bx, by)
 * with normal (nx, ny): points x with (x - b) · n <= 0. In place; returns the new corner count.
 */
function clipHalfPlane(ring: Float64Array, k: number, bx: number, by: number, nx: number, ny: number, scratch: Float64Array): number {
  let m = 0;
  for (let c = 0; c < k; c++) {
    const d = c + 1 === k ? 0 : c + 1;
    const ax = ring[2 * c];
    const ay = ring[2 * c + 1];
    const cx = ring[2 * d];
    const cy = ring[2 * d + 1];
    const sa = (ax - bx) * nx + (ay - by) * ny;
    const sc = (cx - bx) * nx + (cy - by) * ny;
    if (sa <= 0 && m < MAX_RING) {
      scratch[2 * m] = ax;
      scratch[2 * m + 1] = ay;
      m++;
    }
    if ((sa < 0 && sc > 0) || (sa > 0 && sc < 0)) {
      const t = sa / (sa - sc);
      if (m < MAX_RING) {
        scratch[2 * m] = ax + t * (cx - ax);
        scratch[2 * m + 1] = ay + t * (cy - ay);
        m++;
      }
    }
  }
  ring.set(scratch.subarray(0, 2 * m));
  return m < 3 ? 0 : m;
}
