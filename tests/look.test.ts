/**
 * The bioluminescent look, in the real browser (SwiftShader), at 480x270 and frozen time. Frames are
 * rendered synchronously through the real post chain and read back (window.noctiluca.look).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, startHarness, type Harness } from './harness.ts';
import { decodeBake } from '../src/bake/codec.ts';
import { flashMoment } from '../src/encode/ripplePool.ts';

let h: Harness;
let page: Page;

beforeAll(async () => {
  h = await startHarness();
  page = await openPage(h, '/?installation=harmonia&t=10');
  await page.waitForFunction(() => Boolean((window as unknown as { noctiluca: { look?: unknown } }).noctiluca.look));
});
afterAll(async () => {
  await h?.close();
});

/** Runs `body` in the page with L = window.noctiluca.look, u = the mosaic's uniforms (a string: no tsx helpers in the page). */
function inPage<T>(p: Page, body: string): Promise<T> {
  return p.evaluate(`(() => { const L = window.noctiluca.look; const u = L.internals.gpu.uniforms; ${body} })()`) as Promise<T>;
}

interface Capture {
  width: number;
  height: number;
  data: Buffer;
}
async function capture(p: Page, t: number, setup = ''): Promise<Capture> {
  const c = await inPage<{ width: number; height: number; rgba: string }>(p, `${setup}; return L.capture(${t});`);
  return { width: c.width, height: c.height, data: Buffer.from(c.rgba, 'base64') };
}
const lum = (c: Capture, x: number, y: number) => {
  const i = 4 * (y * c.width + x);
  return 0.2126 * c.data[i] + 0.7152 * c.data[i + 1] + 0.0722 * c.data[i + 2];
};

describe('the look', () => {
  it('compiles and links every shader: mosaic, plankton, glow, pmndrs bloom, tone mapping', async () => {
    const r = await inPage<{ programs: number; failed: string[]; errors: unknown[] }>(page, 'return L.compileAll();');
    expect(r.failed).toEqual([]);
    expect(r.errors).toEqual([]);
    expect(r.programs).toBeGreaterThanOrEqual(6);
  });

  it('dithering breaks the bands of a dark gradient', async () => {
    const plain = await inPage<number[]>(page, 'return L.gradientRow(false);');
    const dithered = await inPage<number[]>(page, 'return L.gradientRow(true);');
    // Steps between neighbouring pixels: without dithering only at band edges (a staircase),
    // with it everywhere (fine grain). Past the pure-black start, where noise below zero clips.
    const start = plain.findIndex((v) => v > 2);
    const steps = (row: number[]) => {
      let n = 0;
      for (let k = start + 1; k < row.length; k++) if (Math.abs(row[k] - row[k - 1]) >= 0.5) n++;
      return n;
    };
    const bands = steps(plain);
    const grain = steps(dithered);
    expect(bands).toBeGreaterThan(10); // a staircase of 8-bit levels
    expect(bands).toBeLessThan((plain.length - start) / 3); // wide bands, not noise
    expect(grain).toBeGreaterThan(2 * bands);
    // Dithering does not change the ramp: both rise from dark to less dark.
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(Math.abs(mean(plain) - mean(dithered))).toBeLessThan(1.5);
  });

  it('glow falls off smoothly: the radial profile around a bright disc decreases monotonically', async () => {
    const row = await inPage<number[]>(page, 'return L.discRow(4, 6);');
    const c = row.length >> 1;
    const right = row.slice(c + 6, c + 60); // from just outside the disc (radius 4) outwards
    const left = row.slice(c - 60, c - 5).reverse();
    for (const side of [right, left]) {
      for (let k = 1; k < side.length; k++) expect(side[k]).toBeLessThanOrEqual(side[k - 1] + 0.75); // 8-bit rounding
      expect(side[0]).toBeGreaterThan(side[side.length - 1] + 15); // there is a glow, and it fades
    }
    // It reaches well beyond the disc: still visible 12 px out.
    expect(row[c + 16]).toBeGreaterThan(row[c + 59] + 3);
  });

  it('a care event makes its cell brighter than a moment without one', async () => {
    const bytes = await (await fetch(h.url('/installations/harmonia/mosaic.bin'))).arrayBuffer();
    const bake = decodeBake(bytes);
    const S = bake.timelineSamples;
    const tl = bake.timeline;
    const loop = 48; // harmonia's motion.loopSeconds
    // Cells with a strong event at sample s, none at s + 2..4, and about the same wellness at both
    // moments. Which cells those are follows the installation's secret (each machine makes its own),
    // and one cell's neighbours may flash at s + 3 and light it from outside; so the test judges the
    // cells together: those of the sample with the most such cells, then of the next samples until
    // there are at least five (with some secrets no one sample has five), each against its own
    // quiet moment. A cell flashes at its own moment of the slice (up to flashJitter into it, by the
    // GPU's hash), so each is looked at just after its own.
    const bySample = new Map<number, number[]>();
    for (let j = 0; j < bake.journeyCount; j++)
      for (let s = 8; s < S - 8; s++) {
        const a = (k: number) => tl[2 * (j * S + k)];
        const w = (k: number) => tl[2 * (j * S + k) + 1];
        if (a(s) > 200 && a(s + 2) === 0 && a(s + 3) === 0 && a(s + 4) === 0 && Math.abs(w(s) - w(s + 3)) < 10 && w(s) > 60)
          bySample.set(s, [...(bySample.get(s) ?? []), j]);
      }
    const picked: { s: number; cell: number }[] = [];
    for (const [s, cells] of [...bySample.entries()].sort((x, y) => y[1].length - x[1].length || x[0] - y[0])) {
      if (picked.length >= 5) break;
      picked.push(...cells.map((cell) => ({ s, cell })));
    }
    expect(picked.length).toBeGreaterThanOrEqual(5);
    const at = await inPage<{ x: number; y: number }[]>(page, `return ${JSON.stringify(picked.map((p) => p.cell))}.map((c) => window.noctiluca.cellScreenPosition(c));`);
    // Breathing, pulses and waves off: only the timeline differs between the two moments.
    const still = 'u.uBreathDepth.value = 0; u.uPulseDepth.value = 0; u.uWaveStrength.value = 0;';
    const spot = (c: Capture, p: { x: number; y: number }) => {
      let sum = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum += lum(c, Math.round(p.x) + dx, Math.round(p.y) + dy);
      return sum / 9;
    };
    const jitter = await inPage<number>(page, 'return u.uFlashJitter.value;');
    const quiet = new Map<number, Capture>();
    for (const s of new Set(picked.map((p) => p.s))) quiet.set(s, await capture(page, ((s + 3.3) / S) * loop, still));
    const gains: number[] = [];
    for (const [k, { s, cell }] of picked.entries()) {
      const event = await capture(page, ((s + jitter * flashMoment(cell, s) + 0.1) / S) * loop, still);
      gains.push(spot(event, at[k]) - spot(quiet.get(s)!, at[k]));
    }
    gains.sort((x, y) => x - y);
    const median = gains[Math.floor(gains.length / 2)];
    const brighter = gains.filter((g) => g > 0).length / gains.length;
    console.log(`[look] care events at samples ${[...quiet.keys()].join(', ')}: ${picked.length} cells, brighter in ${(brighter * 100).toFixed(0)}%, median gain ${median.toFixed(1)} levels`);
    expect(median).toBeGreaterThan(10);
    expect(brighter).toBeGreaterThanOrEqual(0.75);
  });

  it('never flashes the whole frame more than three times a second (2 s, 60 steps)', async () => {
    const series = await inPage<number[]>(page, 'const out = []; for (let k = 0; k < 60; k++) out.push(L.meanLuminance(20 + k * 2 / 60)); return out;');
    // Count opposing swings of at least 10% of the brightest mean (WCAG 2.3.1's flash: a pair of them).
    const swing = 0.1 * Math.max(...series);
    let extreme = series[0];
    let dir = 0;
    let changes = 0;
    for (const v of series) {
      if (dir >= 0 && v < extreme - swing) {
        if (dir > 0) changes++;
        dir = -1;
        extreme = v;
      } else if (dir <= 0 && v > extreme + swing) {
        if (dir < 0) changes++;
        dir = 1;
        extreme = v;
      } else if ((dir >= 0 && v > extreme) || (dir <= 0 && v < extreme)) extreme = v;
    }
    expect(changes / 2 / 2).toBeLessThanOrEqual(3);
    expect(Math.max(...series)).toBeGreaterThan(5); // it did draw the mosaic
  });

  it('sits in the palette band: oral-symphony glows GFP green', async () => {
    const p = await openPage(h, '/?installation=oral-symphony&t=10');
    await p.waitForFunction(() => Boolean((window as unknown as { noctiluca: { look?: unknown } }).noctiluca.look));
    const c = await capture(p, 10);
    let coloured = 0;
    let inBand = 0;
    for (let y = 0; y < c.height; y += 2)
      for (let x = 0; x < c.width; x += 2) {
        if (lum(c, x, y) < 30) continue;
        const i = 4 * (y * c.width + x);
        const [r, g, b] = [c.data[i] / 255, c.data[i + 1] / 255, c.data[i + 2] / 255];
        const max = Math.max(r, g, b);
        const d = max - Math.min(r, g, b);
        if (d / max < 0.2) continue;
        let hue = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
        hue = (hue * 60 + 360) % 360;
        coloured++;
        if (hue >= 90 && hue <= 170) inBand++;
      }
    await p.close();
    expect(coloured).toBeGreaterThan(500);
    expect(inBand / coloured).toBeGreaterThan(0.9);
  });

  // The mosaic alone (post=none) skips the chain: its light pass tone-maps and dithers straight to
  // the canvas. It must be the chain's picture all the same, on a canvas of its own and on a piece
  // of a larger one (a wall's output: the grain follows the whole picture).
  it('the mosaic alone, drawn straight to the canvas, is the picture the post chain makes of it', async () => {
    for (const view of ['', '&view=960,540,480,270,480,270']) {
      const p = await openPage(h, `/?installation=harmonia&t=10&post=none${view}`);
      await p.waitForFunction(() => Boolean((window as unknown as { noctiluca: { look?: unknown } }).noctiluca.look));
      const direct = await capture(p, 10);
      // The light pass wrote the finished pixel itself.
      expect(await inPage<string[]>(p, 'return Object.keys(L.internals.gpu.mesh.material.defines);')).toContain('DISPLAY_OUTPUT');
      const chain = await inPage<{ width: number; height: number; rgba: string }>(p, 'return L.captureThroughChain(10);');
      const via = Buffer.from(chain.rgba, 'base64');
      let worst = 0;
      let differ = 0;
      let lit = 0;
      for (let i = 0; i < via.length; i += 4) {
        const d = Math.max(Math.abs(direct.data[i] - via[i]), Math.abs(direct.data[i + 1] - via[i + 1]), Math.abs(direct.data[i + 2] - via[i + 2]));
        worst = Math.max(worst, d);
        if (d > 0) differ++;
        if (direct.data[i + 1] > 60) lit++;
      }
      await p.close();
      const pixels = via.length / 4;
      expect(lit / pixels).toBeGreaterThan(0.02); // a lit mosaic, not a black frame
      // The chain rounds the light to half floats before tone mapping; nothing else differs.
      expect(worst).toBeLessThanOrEqual(1);
      expect(differ / pixels).toBeLessThan(0.02);
    }
  });
});
