import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { coverageFromRGBA } from './domain.ts';
import { layoutMosaic, MAX_CORNERS, type MosaicLayout } from './layout.ts';

function polygon(l: MosaicLayout, j: number): [number, number][] {
  return Array.from({ length: l.cornerCount[j] }, (_, c) => [
    l.corners[2 * (MAX_CORNERS * j + c)],
    l.corners[2 * (MAX_CORNERS * j + c) + 1],
  ]);
}
function area(p: [number, number][]): number {
  let a = 0;
  for (let k = 0; k < p.length; k++) {
    const [x0, y0] = p[k];
    const [x1, y1] = p[(k + 1) % p.length];
    a += x0 * y1 - x1 * y0;
  }
  return a / 2;
}
/** Strictly inside a counter-clockwise convex polygon. */
function inside(p: [number, number][], x: number, y: number): boolean {
  for (let k = 0; k < p.length; k++) {
    const [x0, y0] = p[k];
    const [x1, y1] = p[(k + 1) % p.length];
    if ((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0) <= 0) return false;
  }
  return true;
}

const groups = Uint16Array.from({ length: 900 }, (_, i) => (i * 7) % 5);
const base = { kind: 'voronoi' as const, seed: 7, relaxation: 2, aspect: 16 / 9 };

describe('layoutMosaic', () => {
  const l = layoutMosaic({ count: 900, groups }, base);

  it('gives every journey exactly one cell, containing its own site', () => {
    expect(l.count).toBe(900);
    const seen = new Set<string>();
    for (let j = 0; j < l.count; j++) {
      expect(l.cornerCount[j]).toBeGreaterThanOrEqual(3);
      expect(l.cornerCount[j]).toBeLessThanOrEqual(MAX_CORNERS);
      const p = polygon(l, j);
      expect(area(p)).toBeGreaterThan(0);
      expect(inside(p, l.sites[2 * j], l.sites[2 * j + 1])).toBe(true);
      seen.add(`${l.sites[2 * j]},${l.sites[2 * j + 1]}`);
    }
    expect(seen.size).toBe(900);
  });

  it('cells do not overlap: no site inside another cell, and the areas sum to at most the canvas', () => {
    let total = 0;
    const intruders: string[] = [];
    for (let j = 0; j < l.count; j++) {
      const p = polygon(l, j);
      total += area(p);
      for (let k = 0; k < l.count; k++) {
        if (k !== j && inside(p, l.sites[2 * k], l.sites[2 * k + 1])) intruders.push(`${k} in ${j}`);
      }
    }
    expect(intruders).toEqual([]);
    expect(total).toBeLessThanOrEqual(l.width * l.height * (1 + 1e-6));
    // Simplification to MAX_CORNERS may shave corners, but the mosaic must still be nearly covered.
    expect(total).toBeGreaterThan(0.97 * l.width * l.height);
  });

  it('is deterministic for a seed, and a different seed moves cells', () => {
    const again = layoutMosaic({ count: 900, groups }, base);
    expect(Array.from(again.sites)).toEqual(Array.from(l.sites));
    expect(Array.from(again.corners)).toEqual(Array.from(l.corners));
    const other = layoutMosaic({ count: 900, groups }, { ...base, seed: 8 });
    expect(Array.from(other.sites)).not.toEqual(Array.from(l.sites));
  });

  it('keeps each group together: members sit nearer their own group centre than others do', () => {
    for (let g = 0; g < 5; g++) {
      const [x0, y0, x1, y1] = l.groupRegions.subarray(4 * g, 4 * g + 4);
      let inRegion = 0;
      let members = 0;
      for (let j = 0; j < l.count; j++) {
        if (groups[j] !== g) continue;
        members++;
        const [x, y] = [l.sites[2 * j], l.sites[2 * j + 1]];
        if (x >= x0 - 0.02 && x <= x1 + 0.02 && y >= y0 - 0.02 && y <= y1 + 0.02) inRegion++;
      }
      expect(inRegion / members).toBeGreaterThan(0.95);
    }
  });

  it('places journeys by order: the first in order sits nearest its group centre', () => {
    const order = Float32Array.from({ length: 900 }, (_, i) => 900 - i);
    const o = layoutMosaic({ count: 900, groups, order }, base);
    const g = 0;
    const [x0, y0, x1, y1] = o.groupRegions.subarray(0, 4);
    const d = (j: number) => Math.hypot(o.sites[2 * j] - (x0 + x1) / 2, o.sites[2 * j + 1] - (y0 + y1) / 2);
    const members = [...Array(900).keys()].filter((j) => groups[j] === g).sort((a, b) => order[a] - order[b]);
    expect(d(members[0])).toBeLessThan(d(members[members.length - 1]));
  });

  it('lays out a hex mosaic with regular six-cornered cells', () => {
    const h = layoutMosaic({ count: 300 }, { ...base, kind: 'hex' });
    for (let j = 0; j < h.count; j++) expect(h.cornerCount[j]).toBe(6);
    const a0 = area(polygon(h, 0));
    expect(area(polygon(h, 150))).toBeCloseTo(a0, 6);
  });

  it('keeps a few hex cells near regular when no lattice fits the aspect exactly', () => {
    // 16 places at 16:9: no lattice within 6% of regular; the fallback was 1 column x 16 rows.
    const h = layoutMosaic({ count: 16 }, { ...base, kind: 'hex' });
    const p = polygon(h, 0);
    const xs = p.map((c) => c[0]);
    const ys = p.map((c) => c[1]);
    const aspect = (Math.max(...xs) - Math.min(...xs)) / (Math.max(...ys) - Math.min(...ys));
    // A regular pointy-top hexagon is sqrt(3)/2 wide per unit tall.
    expect(Math.abs(Math.log(aspect / (Math.sqrt(3) / 2)))).toBeLessThan(0.2);
  });
});

describe('a mask in pieces', () => {
  // Harmonia's harbour: land in several pieces. At 50,000 cells in five communities, merging stray
  // pieces of a region and balancing the counts took turns without settling, and 1,739 journeys were
  // left on one point (their cells stacked) while as many cells stayed empty.
  it('gives every journey a cell of its own, as many per community as it has journeys', () => {
    const png = PNG.sync.read(readFileSync(new URL('../../installations/harmonia/harbour.png', import.meta.url)));
    const mask = coverageFromRGBA(png.data, png.width, png.height);
    const sizes = [21560, 12028, 7554, 5270, 3588];
    const n = sizes.reduce((a, b) => a + b, 0);
    const g = new Uint16Array(n);
    const left = sizes.slice();
    for (let j = 0, k = 0; j < n; k = (k + 1) % sizes.length) {
      if (left[k] === 0) continue;
      g[j++] = k;
      left[k]--;
    }
    const l = layoutMosaic({ count: n, groups: g }, { kind: 'mask', mask, seed: 7, relaxation: 2, aspect: 16 / 9 });
    const sites = new Set<string>();
    for (let j = 0; j < n; j++) sites.add(`${l.sites[2 * j]},${l.sites[2 * j + 1]}`);
    expect(sites.size).toBe(n);
    const perGroup = [0, 0, 0, 0, 0];
    for (let j = 0; j < n; j++) perGroup[l.group[j]]++;
    expect(perGroup).toEqual(sizes);
    let empty = 0;
    for (let j = 0; j < n; j++) if (l.cornerCount[j] === 0) empty++;
    expect(empty).toBe(0);
  });
});
