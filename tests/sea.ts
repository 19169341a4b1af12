/**
 * Test installations for living light: a 16-journey Harmonia-like installation in a temporary
 * installations folder (big cells, few enough to find a lone care event in the bake), and helpers to
 * read its bake and its cells the way the page has them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { generateInstallation, toCsv } from '../scripts/generate-sample-data.ts';

/** Writes installation `name` with `journeys` Harmonia-like journeys into `root`; `config` is merged into its config. */
export function writeSeaInstallation(root: string, name: string, journeys: number, config: Record<string, unknown> = {}): void {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'journeys.csv'), toCsv(generateInstallation('harmonia', { journeys })));
  const base = {
    version: 2,
    name,
    title: name,
    data: { source: 'journeys.csv', window: { start: '2138-01-01', end: '2146-12-31' }, timelineSamples: 64, privacy: { minCommunitySize: 5 } },
    layout: { kind: 'voronoi', seed: 3, relaxation: 3, gap: 0.1 },
    // Still light: no plankton over the cells, no dithering noise, nothing but what a test looks at.
    look: { particles: { count: 0 }, dithering: false, noise: 0 },
    // One timeline slice a second.
    motion: { loopSeconds: 64, breathing: { depth: 0 }, waves: { strength: 0 } },
  };
  const merged = deepMerge(base, config);
  writeFileSync(join(dir, 'installation.json'), JSON.stringify(merged, null, 2));
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const x = out[k];
    out[k] = x && v && typeof x === 'object' && typeof v === 'object' && !Array.isArray(v) ? deepMerge(x as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

export interface PageCells {
  count: number;
  /** Mosaic units: [width, height]. */
  extent: [number, number];
  cellRadius: number;
  /** Sites, mosaic units, x y interleaved. */
  sites: number[];
  /** Per cell, its corners (mosaic units, absolute). */
  corners: [number, number][][];
  /** The bake's timeline (activity, wellness bytes per sample, journey-major) and samples. */
  timeline: number[];
  samples: number;
  loopSeconds: number;
}

/** The cells as the page drew them (its cell table) and the bake's timeline. */
export function pageCells(page: Page, withTimeline = true): Promise<PageCells> {
  return page.evaluate(`(() => {
    const s = window.noctiluca.controller.state;
    const t = s.table;
    const sites = [];
    const corners = [];
    const n = t.count;
    for (let j = 0; j < n; j++) {
      const sx = (t.site[2 * j] / 65535) * t.extent[0];
      const sy = (t.site[2 * j + 1] / 65535) * t.extent[1];
      sites.push(sx, sy);
      const c = [];
      const count = t.cornerCount[j];
      for (let k = 0; k < count; k++) c.push([sx + (t.corners[16 * j + 2 * k] / 127) * t.cornerScale, sy + (t.corners[16 * j + 2 * k + 1] / 127) * t.cornerScale]);
      corners.push(c);
    }
    return { count: n, extent: t.extent, cellRadius: t.cellRadius, sites, corners, timeline: ${withTimeline ? 'Array.from(s.bake.timeline)' : '[]'}, samples: s.bake.timelineSamples, loopSeconds: s.config.motion.loopSeconds };
  })()`) as Promise<PageCells>;
}

/**
 * Switches a loaded page to a look (look.organism; a uniform change) and waits for the debug surface
 * made for it. The surface of the old look stays on window until React's effect replaces it, after
 * applyConfig has resolved: waiting for "a surface" alone could pass on the old one and find none a
 * moment later. So the old one is marked first, and only an unmarked one will do.
 */
export async function switchLook(p: Page, organism: string): Promise<void> {
  await p.evaluate(async (o) => {
    const w = window as unknown as { noctiluca: { look?: { replaced?: boolean } } };
    const c = window.noctiluca.controller;
    const cfg = c.state.config!;
    if (cfg.look.organism === o) return;
    if (w.noctiluca.look) w.noctiluca.look.replaced = true;
    await c.applyConfig({ ...cfg, look: { ...cfg.look, organism: o as never } });
  }, organism);
  await p.waitForFunction(() => {
    const look = (window as unknown as { noctiluca: { look?: { replaced?: boolean } } }).noctiluca.look;
    return Boolean(look && !look.replaced);
  });
}

/** Runs `body` with L = window.noctiluca.look and u = the mosaic's uniforms (a string: no tsx helpers in the page). */
export function inPage<T>(p: Page, body: string): Promise<T> {
  return p.evaluate(`(() => { const L = window.noctiluca.look; const u = L.internals.gpu.uniforms; ${body} })()`) as Promise<T>;
}

/** Luminance series: for each time, the luminance at each mosaic point (mosaic units). */
export async function series(p: Page, cells: PageCells, times: number[], points: [number, number][], setup = '', opts: { direct?: boolean } = {}): Promise<number[][]> {
  const fr = points.map(([x, y]) => [x / cells.extent[0], y / cells.extent[1]]);
  return inPage<number[][]>(
    p,
    `${setup}; const pts = ${JSON.stringify(fr)}.map(([x, y]) => { const s = L.mosaicToScreen(x, y); return [s.x, s.y]; }); return L.luminanceAt(${JSON.stringify(times)}, pts, ${JSON.stringify(opts)});`,
  );
}

/**
 * The light a care event adds (linear light, 0–255 at exposure `exposure`): the series with the
 * cell's flashes in `slices` minus the series with them taken out of the light timeline.
 */
export async function eventLight(p: Page, cells: PageCells, cell: number, slices: number[], times: number[], points: [number, number][], setup: string, exposure = 0.25): Promise<number[][]> {
  const lit = `${setup}; u.uExposure.value = ${exposure};`;
  const withEvent = await series(p, cells, times, points, lit, { direct: true });
  const off = slices.map((s) => `L.overrideFlash(${cell}, ${s}, 0);`).join(' ');
  const without = await series(p, cells, times, points, `${lit} ${off}`, { direct: true });
  await inPage(p, slices.map((s) => `L.overrideFlash(${cell}, ${s}, null);`).join(' '));
  return withEvent.map((row, k) => row.map((v, i) => v - without[k][i]));
}
