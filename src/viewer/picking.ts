/**
 * Picking: which cell is under a point, and which neighbour lies in an arrow key's direction. A
 * Delaunay triangulation of the cell sites is built once per layout; a lookup walks from the last
 * answer (Delaunay.find), so its cost does not grow with the number of cells and nothing runs per frame.
 */
import { Delaunay } from 'd3-delaunay';

export type Direction = 'left' | 'right' | 'up' | 'down';

const DIRECTIONS: Record<Direction, [number, number]> = { left: [-1, 0], right: [1, 0], up: [0, -1], down: [0, 1] };

export class CellPicker {
  /** Cell sites in mosaic units, x0 y0 x1 y1 … */
  readonly sites: Float64Array;
  private readonly delaunay: Delaunay<number>;
  private last = 0;

  /**
   * @param site the cell table's sites: uint16 pairs, normalised to the extent (CellTable.site)
   * @param extent the mosaic's size in mosaic units (CellTable.extent)
   */
  constructor(
    site: Uint16Array,
    readonly extent: [number, number],
  ) {
    const n = site.length / 2;
    this.sites = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      this.sites[2 * i] = (site[2 * i] / 65535) * extent[0];
      this.sites[2 * i + 1] = (site[2 * i + 1] / 65535) * extent[1];
    }
    this.delaunay = new Delaunay(this.sites);
  }

  get count(): number {
    return this.sites.length / 2;
  }

  /** The cell whose site is nearest to (x, y) in mosaic units; -1 outside the mosaic or with no cells. */
  find(x: number, y: number): number {
    if (this.count === 0 || x < 0 || y < 0 || x > this.extent[0] || y > this.extent[1]) return -1;
    const i = this.delaunay.find(x, y, this.last);
    this.last = i;
    return i;
  }

  /**
   * The Delaunay neighbour of `cell` best placed in `dir`: the one that is most nearly in that
   * direction (within 60° of it), nearer and straighter ones preferred; -1 when there is none (the mosaic's edge).
   */
  neighbour(cell: number, dir: Direction): number {
    const [dx, dy] = DIRECTIONS[dir];
    const x = this.sites[2 * cell];
    const y = this.sites[2 * cell + 1];
    let best = -1;
    let bestCost = Infinity;
    for (const j of this.delaunay.neighbors(cell)) {
      const vx = this.sites[2 * j] - x;
      const vy = this.sites[2 * j + 1] - y;
      const along = vx * dx + vy * dy;
      const across = Math.abs(vx * dy - vy * dx);
      if (along <= 0.5 * Math.hypot(vx, vy)) continue; // more than 60° off the arrow
      // Spatial navigation's usual cost: distance along the arrow, sideways drift counted double.
      const cost = along + 2 * across;
      if (cost < bestCost) {
        bestCost = cost;
        best = j;
      }
    }
    return best;
  }

  /** The Delaunay neighbour of `cell` nearest to it, or -1 when it has none (a mosaic of one cell). */
  nearest(cell: number): number {
    const x = this.sites[2 * cell];
    const y = this.sites[2 * cell + 1];
    let best = -1;
    let bestD = Infinity;
    for (const j of this.delaunay.neighbors(cell)) {
      const d = Math.hypot(this.sites[2 * j] - x, this.sites[2 * j + 1] - y);
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    return best;
  }

  /** The cell nearest the mosaic's centre: where keyboard navigation starts. */
  centre(): number {
    return this.find(this.extent[0] / 2, this.extent[1] / 2);
  }
}
