import { describe, expect, it } from 'vitest';
import { layoutMosaic, MAX_CORNERS, type MosaicLayout } from '../layout/layout.ts';
import { continuousScale, ordinalScale } from './scales.ts';
import { testBake } from './testBake.ts';
import { channel } from './channels.ts';
import { encodeCells } from './cellTable.ts';

const n = 60;
const bake = testBake(n, { wellness: Array.from({ length: n }, (_, i) => (i % 10) / 9) });
const layout = layoutMosaic({ count: n, groups: bake.community }, { kind: 'voronoi', seed: 3, relaxation: 1, aspect: 16 / 9 });

describe('scales', () => {
  it.each([
    ['linear', [0, 5, 10], [0, 0.5, 1]],
    ['log', [1, 10, 100], [0, 0.5, 1]],
    ['quantile', [3, 100, 1000], [0, 0.5, 1]],
  ] as const)('%s maps the data domain onto the range', (type, values, expected) => {
    const s = continuousScale(values, { type });
    values.forEach((v, k) => expect(s.map(v)).toBeCloseTo(expected[k], 6));
  });

  it('clamps to a fixed domain and maps into the range', () => {
    const s = continuousScale([0, 100], { type: 'linear', domain: [0, 10], range: [0.2, 0.6] });
    expect(s.map(5)).toBeCloseTo(0.4);
    expect(s.map(50)).toBeCloseTo(0.6);
    expect(s.map(NaN)).toBeCloseTo(0.2);
  });

  it('ordinal spreads categories evenly, in the domain order when one is given', () => {
    const s = ordinalScale(['a', 'b', 'c', 'd'], { domain: ['d', 'c', 'b', 'a'] });
    expect(s.map(3)).toBeCloseTo(0.125);
    expect(s.map(0)).toBeCloseTo(0.875);
    expect(s.ticks().map((t) => t.label)).toEqual(['d', 'c', 'b', 'a']);
  });
});

describe('encodeCells', () => {
  it('quantises each channel through its scale into bytes', () => {
    const t = encodeCells(bake, layout, {
      hue: { field: 'wellness', scale: { type: 'linear', range: [0, 1] } },
      glow: { value: 2 },
      pulsePhase: { field: 'community', scale: { type: 'ordinal' } },
      size: { value: 0.5 },
    });
    for (let j = 0; j < n; j++) {
      expect(t.style[4 * j]).toBe(Math.round(((j % 10) / 9) * 255));
      expect(t.style[4 * j + 1]).toBe(Math.round((2 / channel('glow').values[1]) * 255));
      expect(t.style[4 * j + 3]).toBe(Math.round(((bake.community[j] + 0.5) / 3) * 255));
      // Size is the fifth GPU channel: the one byte of the meta row.
      expect(t.meta[j]).toBe(Math.round(0.5 * 255));
    }
    expect(t.channels.find((c) => c.channel === 'hue')?.legend.length).toBeGreaterThan(1);
  });

  it('falls back to the channel\'s one default, with a message naming the channel and the known fields, when a field is unknown', () => {
    const t = encodeCells(bake, layout, { glow: { field: 'sparkle' } });
    expect(t.warnings[0]).toMatch(/encoding\.glow\.field: no field "sparkle".*wellness.*community.*access.*using "visits_per_year" instead/);
    const glow = t.channels.find((c) => c.channel === 'glow')!;
    // The same default the config schema fills in (src/encode/channels.ts).
    expect([glow.field, glow.scale?.type]).toEqual(['visits_per_year', 'quantile']);
  });

  it('stores corners as int8 offsets that reconstruct each cell within one quantum, never outside it', () => {
    const t = encodeCells(bake, layout, {});
    const q = t.cornerScale / 127;
    for (let j = 0; j < n; j++) {
      const sx = (t.site[2 * j] / 65535) * layout.width;
      const sy = (t.site[2 * j + 1] / 65535) * layout.height;
      // Corners a quantum apart are stored once (the next test), so the stored ones follow the layout's in order.
      const stored = t.cornerCount[j];
      expect(stored).toBeLessThanOrEqual(layout.cornerCount[j]);
      const at = (m: number) => [sx + (t.corners[2 * (MAX_CORNERS * j + m)] / 127) * t.cornerScale, sy + (t.corners[2 * (MAX_CORNERS * j + m) + 1] / 127) * t.cornerScale];
      for (let c = 0; c < layout.cornerCount[j]; c++) {
        const k = 2 * (MAX_CORNERS * j + c);
        const off = (m: number) => Math.max(Math.abs(at(m)[0] - layout.corners[k]), Math.abs(at(m)[1] - layout.corners[k + 1]));
        let m = 0;
        for (let o = 1; o < stored; o++) if (off(o) < off(m)) m = o;
        const [x, y] = at(m);
        expect(Math.abs(x - layout.corners[k])).toBeLessThan(q + 1e-4);
        expect(Math.abs(y - layout.corners[k + 1])).toBeLessThan(q + 1e-4);
        // Truncation towards the site: a reconstructed corner is never farther from it than the real one.
        expect(Math.hypot(x - sx, y - sy)).toBeLessThanOrEqual(Math.hypot(layout.corners[k] - sx, layout.corners[k + 1] - sy) + 1e-4);
      }
    }
  });

  it('stores two corners within one quantum once (a zero-length edge would give the cell an inner radius of 0 on the GPU)', () => {
    // Cell 0 gets a second copy of its corner 1, a hair away: a 5-corner synthea cell had one after quantising.
    const twin: MosaicLayout = { ...layout, corners: layout.corners.slice(), cornerCount: layout.cornerCount.slice() };
    const m = twin.cornerCount[0];
    expect(m).toBeLessThan(MAX_CORNERS);
    for (let c = m; c > 1; c--) {
      twin.corners[2 * c] = twin.corners[2 * (c - 1)];
      twin.corners[2 * c + 1] = twin.corners[2 * (c - 1) + 1];
    }
    twin.corners[4] += 1e-7;
    twin.cornerCount[0] = m + 1;
    const t = encodeCells(bake, twin, {});
    const kept = t.cornerCount[0];
    expect(kept).toBe(m);
    // The shader's inner radius (cellImage.vert): the nearest edge line to the site, over the stored edges.
    let inner = Infinity;
    for (let c = 0; c < kept; c++) {
      const d = (k: number) => [t.corners[2 * (k % kept)], t.corners[2 * (k % kept) + 1]];
      const [a, b] = [d(c), d(c + 1)];
      const e = [b[0] - a[0], b[1] - a[1]];
      inner = Math.min(inner, Math.abs(e[0] * a[1] - e[1] * a[0]) / Math.hypot(e[0], e[1]));
    }
    expect(inner).toBeGreaterThan(10);
  });

  it('packs the light timeline slice-major: a slice of every cell is one run', () => {
    const t = encodeCells(bake, layout, {});
    expect(t.timeline.samples).toBe(8);
    expect(t.timeline.count).toBe(bake.journeyCount);
    expect(t.timeline.data.length).toBe(2 * 8 * bake.journeyCount);
    // Cell 5, sample 3: the wellness byte of cell 5 in slice 3's run.
    expect(t.timeline.data[2 * (3 * bake.journeyCount + 5) + 1]).toBe(bake.timeline[2 * (5 * 8 + 3) + 1]);
    expect(bake.timeline[2 * (5 * 8 + 3) + 1]).not.toBe(bake.timeline[2 * (5 * 8 + 2) + 1]); // so the check can fail
  });

  it('uses 26 attribute bytes per cell, 9 of them besides the corners', () => {
    const t = encodeCells(bake, layout, {});
    const corners = t.corners.byteLength + t.cornerCount.byteLength;
    const rest = t.site.byteLength + t.style.byteLength + t.meta.byteLength;
    expect([corners / n, rest / n]).toEqual([17, 9]);
  });
});
