/**
 * First light, in the real browser: Harmonia's data becomes a glowing blue-green mosaic, drawn in
 * one draw call, deterministic for a given time.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hueSat, luminance, meanDiff, openPage, screenshot, startHarness, type Harness, type Pixels } from './harness.ts';

let h: Harness;
let page: Page;
let shot: Pixels;

beforeAll(async () => {
  h = await startHarness();
  page = await openPage(h, '/?installation=harmonia&t=10');
  shot = await screenshot(page);
});
afterAll(async () => {
  await h?.close();
});

/** Pixels brighter than `threshold`, and their distance (in pixels, 8-connected) to the nearest one. */
function brightMap(p: Pixels, threshold: number) {
  const n = p.width * p.height;
  const bright = new Uint8Array(n);
  const dist = new Int32Array(n).fill(-1);
  const queue: number[] = [];
  for (let y = 0; y < p.height; y++)
    for (let x = 0; x < p.width; x++)
      if (luminance(p, x, y) > threshold) {
        bright[y * p.width + x] = 1;
        dist[y * p.width + x] = 0;
        queue.push(y * p.width + x);
      }
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q];
    const x = i % p.width;
    const y = (i - x) / p.width;
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= p.width || ny >= p.height) continue;
        const j = ny * p.width + nx;
        if (dist[j] < 0) {
          dist[j] = dist[i] + 1;
          queue.push(j);
        }
      }
  }
  return { bright, dist };
}

function components(p: Pixels, mask: Uint8Array): number {
  const seen = new Uint8Array(mask.length);
  let count = 0;
  for (let s = 0; s < mask.length; s++) {
    if (!mask[s] || seen[s]) continue;
    count++;
    const stack = [s];
    seen[s] = 1;
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % p.width;
      for (const j of [i - 1, i + 1, i - p.width, i + p.width]) {
        if (j < 0 || j >= mask.length || seen[j] || !mask[j]) continue;
        if ((j === i - 1 && x === 0) || (j === i + 1 && x === p.width - 1)) continue;
        seen[j] = 1;
        stack.push(j);
      }
    }
  }
  return count;
}

describe('first light: Harmonia in Chromium', () => {
  it('is ready and covers most of the canvas with lit cells', async () => {
    expect(await page.evaluate(() => document.documentElement.dataset.state)).toBe('ready');
    // 16 x 9 blocks: nearly every block holds lit pixels (the mosaic is not a small patch).
    const bx = shot.width / 16;
    const by = shot.height / 9;
    let lit = 0;
    for (let gy = 0; gy < 9; gy++)
      for (let gx = 0; gx < 16; gx++) {
        let any = false;
        for (let y = Math.floor(gy * by); y < (gy + 1) * by && !any; y++)
          for (let x = Math.floor(gx * bx); x < (gx + 1) * bx && !any; x++) any = luminance(shot, x, y) > 25;
        if (any) lit++;
      }
    expect(lit / (16 * 9)).toBeGreaterThan(0.9);
  });

  it('shows many distinct bright cells', () => {
    const { bright } = brightMap(shot, 70);
    expect(components(shot, bright)).toBeGreaterThan(150);
  });

  it('glows: pixels just outside bright cells are brighter than the background far from them', () => {
    const { dist } = brightMap(shot, 70);
    let near = 0;
    let nearN = 0;
    let far = 0;
    let farN = 0;
    for (let y = 0; y < shot.height; y++)
      for (let x = 0; x < shot.width; x++) {
        const d = dist[y * shot.width + x];
        if (d >= 1 && d <= 2) {
          near += luminance(shot, x, y);
          nearN++;
        } else if (d >= 8) {
          far += luminance(shot, x, y);
          farN++;
        }
      }
    expect(farN).toBeGreaterThan(100);
    expect(near / nearN).toBeGreaterThan(far / farN + 5);
  });

  it('sits in the blue-green band', () => {
    let inBand = 0;
    let coloured = 0;
    for (let y = 0; y < shot.height; y += 2)
      for (let x = 0; x < shot.width; x += 2) {
        if (luminance(shot, x, y) < 30) continue;
        const [hue, sat] = hueSat(shot, x, y);
        if (sat < 0.2) continue;
        coloured++;
        if (hue >= 150 && hue <= 250) inBand++;
      }
    expect(coloured).toBeGreaterThan(1000);
    expect(inBand / coloured).toBeGreaterThan(0.95);
  });

  it('draws the mosaic in one draw call, one cell per journey', async () => {
    const { decodeBake } = await import('../src/bake/codec.ts');
    const bytes = await (await fetch(h.url('/installations/harmonia/mosaic.bin'))).arrayBuffer();
    const journeys = decodeBake(bytes).journeyCount;
    const stats = await page.evaluate(() => window.noctiluca.stats());
    expect(journeys).toBeGreaterThan(2000);
    expect(stats.cells).toBe(journeys);
    expect(stats.sceneDrawCalls).toBe(1);
    expect(stats.frames).toBeGreaterThan(0);
    expect(stats.programs).toBeGreaterThan(0);
    // Laid out by the worker as the bytes arrived, while the page's modules loaded (speculation.ts).
    expect(stats.layout.firstEarly).toBe(true);
  });

  // While the worker lays the cells out, a stand-in compiles the programs the real cells will need
  // (src/render/post.ts warmUp), guessing which kinds they take: the per-cell state pass, and cells
  // of a pixel or two drawn as one triangle each. A wrong guess leaves a compile for the first frame.
  it('leaves the first frame nothing to compile: fans with the state pass here, tiny cells on a small canvas', async () => {
    const here = await page.evaluate(() => window.noctiluca.stats());
    expect(here.statePass).toBe(true);
    expect(here.firstFrameCompiles).toBe(0);
    const small = await openPage(h, '/?installation=harmonia&t=10', { width: 96, height: 54 });
    const tiny = await small.evaluate(() => window.noctiluca.stats());
    await small.close();
    // Harmonia's cells are under two pixels across here: one triangle each, as many as cells.
    expect(tiny.triangles).toBeLessThan(1.01 * tiny.cells);
    expect(tiny.firstFrameCompiles).toBe(0);
    expect(tiny.programs).toBeGreaterThan(0);
  });

  it('is a function of time: the same t gives the same image, another t a different one', async () => {
    const again = await openPage(h, '/?installation=harmonia&t=10');
    const same = await screenshot(again);
    expect(meanDiff(shot, same)).toBeLessThan(0.05);
    await again.evaluate(() => window.noctiluca.setTime(31));
    await again.waitForTimeout(800);
    const later = await screenshot(again);
    expect(meanDiff(shot, later)).toBeGreaterThan(1);
    await again.close();
  });

  it('draws the same frame at a time whether it played there slice by slice or opened there', async () => {
    // The GPU holds only the timeline slices around now (src/render/sliceWindow.ts): playing on
    // turns its ring a layer a slice, opening at a time fills it at once. Harmonia's slice: 48 s / 64.
    const end = 10 + 14 * 0.4;
    const played = await openPage(h, '/?installation=harmonia&t=10');
    for (let k = 1; k <= 14; k++) {
      const before = await played.evaluate(() => window.noctiluca.stats().frames);
      await played.evaluate((t) => window.noctiluca.setTime(t), 10 + k * 0.4);
      await played.waitForFunction((n) => window.noctiluca.stats().frames > n, before);
    }
    const opened = await openPage(h, `/?installation=harmonia&t=${end}`);
    const a = await screenshot(played);
    const b = await screenshot(opened);
    expect(meanDiff(a, b)).toBeLessThan(0.05);
    // And the slices did move on: the frame is not the one at the start.
    expect(meanDiff(a, shot)).toBeGreaterThan(1);
    await played.close();
    await opened.close();
  });

  it('names the known installations when asked for an unknown one', async () => {
    const bad = await openPage(h, '/?installation=atlantis');
    expect(await bad.evaluate(() => document.documentElement.dataset.state)).toBe('error');
    const text = await bad.locator('[role=alert]').innerText();
    expect(text).toContain('atlantis');
    expect(text).toContain('harmonia');
    expect(text).toContain('oral-symphony');
    await bad.close();
  });
});
