import { Delaunay } from 'd3-delaunay';
import { hierarchy, treemap, treemapSquarify } from 'd3-hierarchy';
import { describe, expect, it } from 'vitest';
import { boundaryRuns } from '../../tests/lib/boundaryRuns.ts';
import { rasterGroups } from '../../tests/lib/layoutRaster.ts';
import { layoutMosaic, type LayoutOptions, type MosaicLayout } from './layout.ts';

const N = 3000;
/** Ten communities of uneven sizes, members interleaved in bake order (as a real bake has them). */
const SIZES = [520, 410, 380, 330, 300, 280, 260, 220, 180, 120];
const groups = (() => {
  const g = new Uint16Array(N);
  const left = SIZES.slice();
  for (let j = 0, k = 0; j < N; k = (k + 1) % SIZES.length) {
    if (left[k] > 0) {
      g[j++] = k;
      left[k]--;
    }
  }
  return g;
})();
const base: LayoutOptions = { kind: 'voronoi', seed: 7, relaxation: 2, aspect: 16 / 9 };
const lay = (o: Partial<LayoutOptions> = {}) => layoutMosaic({ count: N, groups }, { ...base, ...o });

const PORTRAIT = 390 / 844;
const WALL = 32 / 9;
/** The boundary measure at a 270 px tall raster: runs of a fifth of the height, within ±2 px. */
const RUNS = { smooth: 4, minRun: 54, tolerance: 2 };

function runsOf(l: MosaicLayout) {
  const h = 270;
  const w = Math.round(h * l.width);
  return boundaryRuns(rasterGroups(l, w, h), w, h, RUNS);
}

/** Groups whose cells touch (a Delaunay edge between their sites), as "a|b" pairs. */
function neighbours(l: MosaicLayout): Set<string> {
  const d = new Delaunay(l.sites);
  const count = new Map<string, number>();
  for (let e = 0; e < d.halfedges.length; e++) {
    const a = l.group[d.triangles[e]];
    const b = l.group[d.triangles[e % 3 === 2 ? e - 2 : e + 1]];
    if (a < b) count.set(`${a}|${b}`, (count.get(`${a}|${b}`) ?? 0) + 1);
  }
  // A shared border of a few cells at least: a corner touch is not a neighbour.
  return new Set([...count].filter(([, c]) => c >= 6).map(([k]) => k));
}

/** Per group, its cells' centroid as a fraction of the mosaic's width and height. */
function centroids(l: MosaicLayout): [number, number][] {
  const sum = SIZES.map(() => [0, 0, 0]);
  for (let j = 0; j < l.count; j++) {
    const s = sum[l.group[j]];
    s[0] += l.sites[2 * j] / l.width;
    s[1] += l.sites[2 * j + 1] / l.height;
    s[2]++;
  }
  return sum.map(([x, y, c]) => [x / c, y / c]);
}

describe('organic community regions', () => {
  it('give every community exactly its journeys’ number of cells, for every kind and odd sizes', () => {
    const odd = Uint16Array.from({ length: 1000 }, (_, j) => (j < 3 ? 0 : j < 4 ? 2 : j < 600 ? 3 : 5));
    for (const kind of ['voronoi', 'hex'] as const) {
      for (const aspect of [16 / 9, PORTRAIT, WALL]) {
        const l = layoutMosaic({ count: 1000, groups: odd }, { ...base, kind, aspect });
        const have = new Map<number, number>();
        for (let j = 0; j < 1000; j++) {
          expect(l.group[j]).toBe(odd[j]);
          have.set(l.group[j], (have.get(l.group[j]) ?? 0) + 1);
        }
        expect(Object.fromEntries(have)).toEqual({ 0: 3, 2: 1, 3: 596, 5: 400 });
      }
    }
  });

  it('have wandering boundaries, not long straight horizontal or vertical runs (a treemap has nearly only those)', () => {
    const figures: string[] = [];
    for (const aspect of [16 / 9, PORTRAIT, WALL]) {
      for (const seed of [7, 8]) {
        const r = runsOf(lay({ aspect, seed }));
        figures.push(`${aspect.toFixed(2)}/${seed}: ${r.longShare.toFixed(3)} of ${r.boundary}`);
        expect(r.boundary).toBeGreaterThan(300);
        expect(r.longShare).toBeLessThan(0.35);
      }
    }
    // The measure can fail: the same communities as the squarified treemap the layout used to draw.
    const h = 270;
    const w = 480;
    const root = hierarchy<{ children?: { g: number; size: number }[]; g?: number; size?: number }>({ children: SIZES.map((size, g) => ({ g, size })) })
      .sum((d) => d.size ?? 0)
      .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
    const labels = new Int32Array(w * h);
    for (const leaf of treemap<(typeof root)['data']>().tile(treemapSquarify).size([w, h])(root).leaves()) {
      for (let y = Math.round(leaf.y0); y < Math.round(leaf.y1); y++) for (let x = Math.round(leaf.x0); x < Math.round(leaf.x1); x++) labels[y * w + x] = leaf.data.g ?? 0;
    }
    const treemapRuns = boundaryRuns(labels, w, h, RUNS);
    console.log(`[layout] share of community boundary on long axis-aligned runs: ${figures.join('; ')}; a treemap: ${treemapRuns.longShare.toFixed(3)}`);
    expect(treemapRuns.longShare).toBeGreaterThan(0.9);
  });

  it('keep each community in one piece, near enough', () => {
    const l = lay();
    const d = new Delaunay(l.sites);
    for (let g = 0; g < SIZES.length; g++) {
      const seen = new Uint8Array(N);
      let largest = 0;
      for (let start = 0; start < N; start++) {
        if (l.group[start] !== g || seen[start]) continue;
        let size = 0;
        const stack = [start];
        seen[start] = 1;
        while (stack.length) {
          const i = stack.pop()!;
          size++;
          for (const j of d.neighbors(i)) {
            if (!seen[j] && l.group[j] === g) {
              seen[j] = 1;
              stack.push(j);
            }
          }
        }
        largest = Math.max(largest, size);
      }
      expect(largest / SIZES[g]).toBeGreaterThan(0.95);
    }
  });

  it('keep the same neighbours when the seed changes by one', () => {
    const a = neighbours(lay({ seed: 7 }));
    const b = neighbours(lay({ seed: 8 }));
    const both = [...a].filter((k) => b.has(k)).length;
    expect(both / new Set([...a, ...b]).size).toBeGreaterThan(0.85);
  });

  it('keep their arrangement on any screen: who is left of and above whom stays so from portrait to a 32:9 wall', () => {
    const at = (aspect: number) => centroids(lay({ aspect }));
    const wide = at(16 / 9);
    for (const other of [at(PORTRAIT), at(WALL)]) {
      let kept = 0;
      let pairs = 0;
      for (let g = 0; g < SIZES.length; g++) {
        for (let h = g + 1; h < SIZES.length; h++) {
          for (const axis of [0, 1]) {
            const d = wide[g][axis] - wide[h][axis];
            if (Math.abs(d) < 0.15) continue; // side by side on this axis: either order is fine
            pairs++;
            if (Math.sign(other[g][axis] - other[h][axis]) === Math.sign(d)) kept++;
          }
        }
      }
      expect(kept / pairs).toBeGreaterThan(0.9);
    }
  });

  it('fill the whole mosaic at any aspect: no band without cells', () => {
    for (const aspect of [PORTRAIT, 16 / 9, WALL]) {
      const l = lay({ aspect });
      let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
      let area = 0;
      for (let j = 0; j < l.count; j++) {
        x0 = Math.min(x0, l.sites[2 * j]);
        x1 = Math.max(x1, l.sites[2 * j]);
        y0 = Math.min(y0, l.sites[2 * j + 1]);
        y1 = Math.max(y1, l.sites[2 * j + 1]);
        area += l.area[j];
      }
      const cell = Math.sqrt(aspect / N);
      expect(x0).toBeLessThan(cell);
      expect(y0).toBeLessThan(cell);
      expect(x1).toBeGreaterThan(aspect - cell);
      expect(y1).toBeGreaterThan(1 - cell);
      expect(area / aspect).toBeGreaterThan(0.97);
    }
  });
});
