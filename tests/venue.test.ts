/**
 * Venue outputs in the real browser: a 2x1 wall stitches into the whole picture, and refuses an
 * output it does not have; a lost WebGL
 * context comes back with the same frame, twenty times, and a context that never comes back gets a
 * rebuilt renderer; two outputs started 1.3 s apart show the same frame at the same wall-clock time;
 * a soak of thousands of frames and config reloads leaves GPU object counts and the JS heap where
 * they were; a built venue loads and plays with same-origin requests only.
 */
import { cpSync, createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meanDiff, openPage, screenshot, startHarness, type Harness, type Pixels } from './harness.ts';
import { stitch, stitchDiff } from './lib/stitch.ts';

const EPOCH = '2026-01-01T00:00:00Z';
let h: Harness;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'noctiluca-venue-'));
  cpSync(new URL('../installations/starter', import.meta.url).pathname, join(root, 'venue'), { recursive: true });
  const file = join(root, 'venue', 'installation.json');
  const config = { ...JSON.parse(readFileSync(file, 'utf8')), name: 'venue', $schema: undefined };
  writeFileSync(file, JSON.stringify({ ...config, display: { venue: { epoch: EPOCH } } }, null, 2));
  process.env.NOCTILUCA_INSTALLATIONS = root;
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
  delete process.env.NOCTILUCA_INSTALLATIONS;
  rmSync(root, { recursive: true, force: true });
});

const state = (p: Page) => p.evaluate(() => document.documentElement.dataset.state);

describe('video wall', () => {
  it('two outputs of a 2x1 wall, stitched, are the whole canvas at the same t', async () => {
    const size = { width: 240, height: 270 };
    const left = await openPage(h, '/?installation=venue&mode=venue&t=10&wall=2x1&output=0', size);
    // The older parameter name, as kiosk scripts have it, still picks the output.
    const right = await openPage(h, '/?installation=venue&mode=venue&t=10&wall=2x1&tile=1', size);
    const whole = await openPage(h, '/?installation=venue&mode=venue&t=10', { width: 480, height: 270 });
    expect([await state(left), await state(right), await state(whole)]).toEqual(['ready', 'ready', 'ready']);
    expect(await right.evaluate(() => window.noctiluca.venue!.wall().view)).toEqual([480, 270, 240, 0, 240, 270]);
    const stitched = stitch([await screenshot(left), await screenshot(right)]);
    const full = await screenshot(whole);
    // Each output draws the glow margin around its part, so the stitch is the whole picture, seams
    // included, up to rounding (measured: mean 0.000 / 255, largest 1 level).
    const mean = meanDiff(stitched, full);
    const { offBy2, largest } = stitchDiff(stitched, full);
    console.log(`[venue] wall stitch: mean |diff| ${mean.toFixed(3)} / 255; ${(offBy2 * 100).toFixed(3)}% of pixels 2+ levels off, largest ${largest}`);
    expect(mean).toBeLessThan(0.05);
    expect(offBy2).toBeLessThan(0.001);
    expect(largest).toBeLessThan(4);
    // The margin is what makes it so: the left output's canvas reaches past the seam, on the glow's grid.
    expect(await left.evaluate(() => window.noctiluca.venue!.wall().overscan)).toEqual({ left: 0, top: 0, right: 208, bottom: 0 });
    // The comparison can fail: the same outputs at another moment are clearly different.
    await whole.evaluate(() => window.noctiluca.setTime(20));
    await whole.waitForTimeout(300);
    expect(meanDiff(stitched, await screenshot(whole))).toBeGreaterThan(mean * 2 + 1);
    await Promise.all([left.close(), right.close(), whole.close()]);
  });

  it('refuses an output the wall does not have: black, with a notice naming the wall and what to fix', async () => {
    const size = { width: 240, height: 270 };
    const wrong = await openPage(h, '/?installation=venue&mode=venue&t=10&wall=2x1&output=5', size);
    const notice = await wrong.$eval('.venue-refused', (e) => e.textContent ?? '');
    expect(notice).toContain('output 5, which is not on the 2x1 wall (?wall=2x1): its outputs are 0 to 1, row by row');
    expect(notice).toContain('Nothing is drawn here');
    expect(await wrong.evaluate(() => window.noctiluca.venue!.wall().refused)).toBe(notice);
    // Nothing of the picture shows: not output 1's part (the old code drew it), nor any other.
    const px = await screenshot(wrong);
    await wrong.evaluate(() => document.querySelector<HTMLElement>('.venue-refused p')!.style.visibility = 'hidden');
    const blank = await screenshot(wrong);
    let lit = 0;
    for (let i = 0; i < blank.data.length; i += 4) lit += blank.data[i] + blank.data[i + 1] + blank.data[i + 2] > 15 ? 1 : 0;
    expect(lit).toBe(0);
    expect(meanDiff(px, blank)).toBeGreaterThan(1); // the notice itself is there to read
    // A word is no output either; a right one is drawn as before.
    const word = await openPage(h, '/?installation=venue&mode=venue&t=10&wall=2x1&output=left', size);
    expect(await word.$eval('.venue-refused', (e) => e.textContent)).toContain('"left", which is not an output number');
    const right = await openPage(h, '/?installation=venue&mode=venue&t=10&wall=2x1&output=1', size);
    expect(await right.$('.venue-refused')).toBeNull();
    expect(await right.evaluate(() => window.noctiluca.venue!.wall().refused)).toBeNull();
    await Promise.all([wrong.close(), word.close(), right.close()]);
  });
});

describe('context loss', () => {
  /** Loses the context, optionally restores it, and waits for the page to be ready again. */
  async function loseAndRecover(page: Page, restore: boolean) {
    await page.evaluate(async (restore) => {
      const gl = document.querySelector('canvas')!.getContext('webgl2')!;
      const ext = gl.getExtension('WEBGL_lose_context')!;
      const lost = new Promise((r) => gl.canvas.addEventListener('webglcontextlost', r, { once: true }));
      ext.loseContext();
      await lost;
      if (restore) setTimeout(() => ext.restoreContext(), 50);
    }, restore);
    expect(await state(page)).toBe('loading');
    await page.waitForFunction(() => document.documentElement.dataset.state === 'ready', null, { timeout: 20_000 });
  }

  it('restores the same frame after each of 20 losses; a context that never returns gets a rebuilt renderer', async () => {
    const page = await openPage(h, '/?installation=venue&mode=venue&t=10', { width: 320, height: 180 });
    const before = await screenshot(page);
    const s0 = await page.evaluate(() => window.noctiluca.stats());
    const times: number[] = [];
    for (let k = 0; k < 20; k++) {
      await loseAndRecover(page, true);
      const after = await screenshot(page);
      expect(meanDiff(before, after), `after loss ${k + 1}`).toBeLessThan(0.05);
      times.push((await page.evaluate(() => window.noctiluca.venue!.stats().lastRecoveryMs))!);
    }
    const s1 = await page.evaluate(() => window.noctiluca.stats());
    expect(s1.recoveries).toBe(20);
    expect([s1.geometries, s1.textures, s1.programs]).toEqual([s0.geometries, s0.textures, s0.programs]);
    console.log(`[venue] 20 context losses: recovery ms median ${times.sort((a, b) => a - b)[10].toFixed(0)}, max ${times[19].toFixed(0)}`);

    // Never restored: after RESTORE_TIMEOUT_MS the Canvas is remounted with a new context.
    await loseAndRecover(page, false);
    expect(meanDiff(before, await screenshot(page))).toBeLessThan(0.05);
    const v = await page.evaluate(() => window.noctiluca.venue!.stats());
    expect(v.rebuilds).toBe(1);
    expect(v.recoveries).toBe(21);
    const s2 = await page.evaluate(() => window.noctiluca.stats());
    expect([s2.geometries, s2.textures, s2.programs]).toEqual([s0.geometries, s0.textures, s0.programs]);
    console.log(`[venue] unrestored context: renderer rebuilt, frame back after ${v.lastRecoveryMs!.toFixed(0)} ms`);
    await page.close();
  });
});

describe('clock sync', () => {
  it('two outputs opened 1.3 s apart show the same frame at the same wall-clock time', async () => {
    const size = { width: 240, height: 135 };
    const a = await openPage(h, '/?installation=venue&mode=venue&quality=fixed', size);
    await a.waitForTimeout(1300);
    const b = await openPage(h, '/?installation=venue&mode=venue&quality=fixed', size);
    // Running: both count from the epoch on the system clock (same machine, so no skew).
    const offsets = await Promise.all(
      [a, b].map((p) => p.evaluate((epoch) => window.noctiluca.stats().time - (Date.now() - Date.parse(epoch)) / 1000, EPOCH)),
    );
    for (const o of offsets) expect(Math.abs(o)).toBeLessThan(0.1);
    // Sampled: the frame at one wall-clock instant, on both.
    const at = Date.now() + 5000;
    const sample = async (p: Page, ms: number) => {
      await p.evaluate((ms) => window.noctiluca.setWall(ms), ms);
      const f = await p.evaluate(() => window.noctiluca.stats().frames);
      await p.waitForFunction((f) => window.noctiluca.stats().frames > f + 2, f);
      return { shot: await screenshot(p), time: await p.evaluate(() => window.noctiluca.stats().time) };
    };
    const [sa, sb] = [await sample(a, at), await sample(b, at)];
    expect(sa.time).toBe(sb.time);
    expect(sa.time).toBeCloseTo((at - Date.parse(EPOCH)) / 1000, 6);
    expect(meanDiff(sa.shot, sb.shot)).toBeLessThan(0.05);
    // The check can fail: 0.7 s later is another frame, and a page counting from its own load
    // (no venue mode: page time) is 1.3 s off at the same instant.
    expect(meanDiff(sa.shot, (await sample(a, at + 700)).shot)).toBeGreaterThan(0.3);
    const c = await openPage(h, '/?installation=venue', size);
    const sc = await sample(c, at);
    expect(Math.abs(sc.time - sa.time)).toBeGreaterThan(1);
    await Promise.all([a.close(), b.close(), c.close()]);
  });
});

describe('calibration', () => {
  it('dragging a corner warps the output, and Save writes the pin into the installation config', async () => {
    const file = join(root, 'venue', 'installation.json');
    const original = readFileSync(file, 'utf8');
    const page = await openPage(h, '/?installation=venue&mode=venue&t=10&calibrate=1', { width: 320, height: 180 });
    const before = await screenshot(page);
    // The top-left handle (centred on the corner) dragged to (32, 18): a tenth of the output.
    await page.mouse.move(4, 4); // inside the round handle, on screen
    await page.mouse.down();
    await page.mouse.move(32 + 4, 18 + 4, { steps: 4 });
    await page.mouse.up();
    expect(await page.locator('.stage').evaluate((e) => (e as HTMLElement).style.transform)).toMatch(/^matrix3d\(/);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/Saved to installations\/venue\/installation\.json/).waitFor({ timeout: 10_000 });
    const saved = JSON.parse(readFileSync(file, 'utf8')).display.venue.cornerPin[0];
    expect(saved[0][0]).toBeCloseTo(0.1, 1);
    expect(saved[0][1]).toBeCloseTo(0.1, 1);
    expect(saved.slice(1)).toEqual([[1, 0], [1, 1], [0, 1]]);
    // The warped output leaves the page background in the pinned-off corner (the grid aside).
    const after = await screenshot(page);
    expect(meanDiff(before, after)).toBeGreaterThan(1);
    // A fresh output (no calibration) reads the saved pin from the config and warps itself.
    const fresh = await openPage(h, '/?installation=venue&mode=venue&t=10', { width: 320, height: 180 });
    await fresh.waitForFunction(() => document.querySelector<HTMLElement>('.stage')?.style.transform.startsWith('matrix3d('));
    await Promise.all([page.close(), fresh.close()]);
    writeFileSync(file, original);
  });
});

/** A built venue (vite build of the temporary installation) behind a tiny static server: what a venue runs. */
describe('built venue', () => {
  let server: Server | undefined;
  let out = '';
  let origin = '';
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'noctiluca-dist-'));
    await build({ configFile: new URL('../vite.config.ts', import.meta.url).pathname, logLevel: 'error', build: { outDir: out, emptyOutDir: true } });
    const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
    server = createServer((req, res) => {
      const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^(\.\.[/\\])+/, '');
      let file = join(out, path === '/' ? 'index.html' : path);
      if (!existsSync(file) || statSync(file).isDirectory()) file = join(out, 'index.html');
      res.setHeader('Content-Type', types[extname(file)] ?? 'application/octet-stream');
      createReadStream(file).pipe(res);
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('static server: no port');
    origin = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => {
    server?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  async function openBuilt(path: string, viewport: { width: number; height: number }, requests?: string[]): Promise<Page> {
    const page = await h.browser.newPage({ viewport, deviceScaleFactor: 1 });
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
    if (requests) page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${origin}${path}`);
    await page.waitForFunction(() => ['ready', 'error'].includes(document.documentElement.dataset.state ?? ''), null, { timeout: 60_000 });
    expect(await state(page)).toBe('ready');
    return page;
  }

  it('loads and plays with same-origin requests only (no CDN fonts or scripts)', async () => {
    const requests: string[] = [];
    const page = await openBuilt('/?installation=venue&mode=venue', { width: 240, height: 135 }, requests);
    const f = await page.evaluate(() => window.noctiluca.stats().frames);
    await page.waitForFunction((f) => window.noctiluca.stats().frames > f + 30, f, { timeout: 60_000 });
    const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(requests.some((u) => u.endsWith('/installations/venue/mosaic.bin'))).toBe(true);
    expect(foreign).toEqual([]);
    console.log(`[venue] offline: ${requests.length} requests during load and play, all same-origin`);
    await page.close();
  });

  it('thousands of frames and repeated config reloads leave GPU objects and the heap at their baseline', async () => {
    const page = await openBuilt('/?installation=venue&mode=venue&quality=fixed', { width: 160, height: 90 });
    const cdp = await page.context().newCDPSession(page);
    /** V8 heap plus array-buffer backing stores (typed arrays live there), after full GCs. */
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const u = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
      return u.usedSize + (u.backingStorageSize ?? 0);
    };
    const frames = () => page.evaluate(() => window.noctiluca.stats().frames);
    const runFrames = async (n: number) => {
      const f = await frames();
      await page.waitForFunction((f) => window.noctiluca.stats().frames >= f, f + n, { timeout: 120_000, polling: 250 });
    };
    /** One reload cycle: a look change (uniforms), a layout change (cell rebuild), bloom levels (post rebuild), back. */
    const reloads = () =>
      page.evaluate(async () => {
        const c = window.noctiluca.controller;
        const base = c.state.config!;
        await c.applyConfig({ ...base, look: { ...base.look, palette: 'firefly' } });
        await c.applyConfig({ ...base, layout: { ...base.layout, seed: base.layout.seed + 1 } });
        await c.applyConfig({ ...base, look: { ...base.look, bloom: { ...base.look.bloom, levels: base.look.bloom.levels - 1 } } });
        await c.applyConfig(base);
      });
    // Warm-up: V8 compiles and caches for every path a reload takes (measured: the heap grows by a
    // few hundred kB over the first cycles and then levels off), then the baseline.
    for (let k = 0; k < 3; k++) {
      await runFrames(60);
      await reloads();
    }
    await runFrames(60);
    const s0 = await page.evaluate(() => window.noctiluca.stats());
    const h0 = await heap();
    const t0 = Date.now();
    const CYCLES = 10;
    for (let k = 0; k < CYCLES; k++) {
      await runFrames(200);
      await reloads();
    }
    await runFrames(60);
    const s1 = await page.evaluate(() => window.noctiluca.stats());
    const h1 = await heap();
    const secs = (Date.now() - t0) / 1000;
    console.log(
      `[venue] soak: ${s1.frames - s0.frames} frames in ${secs.toFixed(0)} s, ${CYCLES * 4} config reloads (${s1.rebuilds - s0.rebuilds} cell rebuilds); ` +
        `geometries ${s0.geometries}→${s1.geometries}, textures ${s0.textures}→${s1.textures}, programs ${s0.programs}→${s1.programs}; ` +
        `heap ${(h0 / 1e6).toFixed(2)}→${(h1 / 1e6).toFixed(2)} MB (${((h1 - h0) / 1e3).toFixed(0)} kB)`,
    );
    expect(s1.frames - s0.frames).toBeGreaterThanOrEqual(2000);
    expect(s1.rebuilds - s0.rebuilds).toBe(CYCLES * 2); // to seed + 1 and back
    expect([s1.geometries, s1.textures, s1.programs]).toEqual([s0.geometries, s0.textures, s0.programs]);
    expect(h1 - h0).toBeLessThan(1_000_000);
    await page.close();
  }, 300_000);
});
