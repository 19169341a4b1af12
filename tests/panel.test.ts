/**
 * The tuning panel in the real browser: a look change reaches the picture on the next frame with
 * no geometry rebuild; a layout change rebuilds in the worker while the old mosaic keeps drawing;
 * save writes the file (with a backup) that a fresh page renders the same; undo, refused values and
 * presets; viewers never download the panel.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parseInstallationConfig } from '../src/config/index.ts';
import { luminance, meanDiff, openPage, screenshot, startHarness, type Box, type Harness, type Pixels } from './harness.ts';

let h: Harness;
let page: Page;
let root: string;
let file: string;
let original: string;

const stats = (p: Page = page) => p.evaluate(() => window.noctiluca.stats());
const config = (p: Page = page) => p.evaluate(() => window.noctiluca.controller.state.config!);

/** Shows the panel (automated pages load it on P) and waits for its controls. */
async function showPanel(p: Page): Promise<void> {
  await p.keyboard.press('p');
  await p.waitForSelector('.studio-panel [data-path="look.exposure"]', { timeout: 30_000 });
}
async function panelBox(p: Page): Promise<Box> {
  const b = (await p.locator('.studio-panel').boundingBox())!;
  return { x: b.x - 2, y: 0, width: b.width + 4, height: 10_000 };
}
async function expand(p: Page, folder: string): Promise<void> {
  const f = p.locator(`.studio-panel [data-folder="${folder}"]`);
  if (!((await f.getAttribute('class')) ?? '').includes('tp-fldv-expanded')) await f.locator('> .tp-fldv_b').click();
}
/** Types a value into a control's text field, as a person would, and commits it with Enter. */
async function type(p: Page, path: string, value: string): Promise<void> {
  const input = p.locator(`.studio-panel [data-path="${path}"] input`).first();
  await input.fill(value);
  await input.press('Enter');
  await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); // leave the field: keys go to the page again
}
async function status(p: Page): Promise<string> {
  return (await p.locator('.studio-status').textContent()) ?? '';
}
/** Share of pixels outside `ignore` brighter than the background. */
function litShare(s: Pixels, ignore: Box): number {
  let lit = 0;
  let n = 0;
  for (let y = 0; y < s.height; y += 2)
    for (let x = 0; x < s.width; x += 2) {
      if (x >= ignore.x && x < ignore.x + ignore.width) continue;
      n++;
      if (luminance(s, x, y) > 20) lit++;
    }
  return lit / n;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'noctiluca-panel-'));
  cpSync(new URL('../installations/starter', import.meta.url).pathname, join(root, 'tuned'), { recursive: true });
  file = join(root, 'tuned', 'installation.json');
  original = readFileSync(file, 'utf8').replace('"name": "starter"', '"name": "tuned"');
  writeFileSync(file, original);
  process.env.NOCTILUCA_INSTALLATIONS = root;
  h = await startHarness();
  page = await openPage(h, '/?installation=tuned&t=6');
});
afterAll(async () => {
  await h?.close();
  delete process.env.NOCTILUCA_INSTALLATIONS;
  rmSync(root, { recursive: true, force: true });
});

describe('tuning panel', () => {
  it('is not on an automated page until P, and a look change reaches the pixels on the next frame without a rebuild', async () => {
    expect(await page.evaluate(() => document.documentElement.dataset.state)).toBe('ready');
    expect(await page.locator('.studio-panel').count()).toBe(0);
    await showPanel(page);
    const box = await panelBox(page);
    const before = await screenshot(page);
    const s0 = await stats();
    await type(page, 'look.exposure', '3');
    await page.waitForFunction(() => window.noctiluca.controller.state.config?.look.exposure === 3, null, { timeout: 10_000 });
    // The clock is frozen (demand frame loop): the change itself asks for the frame that shows it.
    await page.waitForFunction((f) => window.noctiluca.stats().frames > f, s0.frames, { timeout: 10_000 });
    const after = await screenshot(page);
    const s1 = await stats();
    expect(meanDiff(before, after, box)).toBeGreaterThan(2);
    expect(litShare(after, box)).toBeGreaterThan(litShare(before, box));
    expect(s1.rebuilds).toBe(s0.rebuilds);
    expect(s1.geometries).toBe(s0.geometries);
    expect(s1.cells).toBe(s0.cells);
  });

  it('undoes and redoes with Ctrl+Z and Ctrl+Shift+Z', async () => {
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => window.noctiluca.controller.state.config?.look.exposure === 1, null, { timeout: 10_000 });
    expect(await page.locator('.studio-panel [data-path="look.exposure"] input').first().inputValue()).toBe('1.00');
    await page.keyboard.press('Control+Shift+z');
    await page.waitForFunction(() => window.noctiluca.controller.state.config?.look.exposure === 3, null, { timeout: 10_000 });
  });

  it('switches the look (look.organism) from its list: another organism on the next frame, without a rebuild', async () => {
    const p = await openPage(h, '/?installation=tuned&t=6');
    await showPanel(p);
    await expand(p, 'look');
    const box = await panelBox(p);
    const select = p.locator('.studio-panel [data-path="look.organism"] select').first();
    expect(await select.locator('option').allTextContents()).toEqual(['sea-sparkle', 'membrane', 'fungal-glow']);
    const s0 = await stats(p);
    const shots: Pixels[] = [await screenshot(p)];
    for (const organism of ['membrane', 'fungal-glow'] as const) {
      const frames = (await stats(p)).frames;
      await select.selectOption(organism);
      await p.waitForFunction((o) => window.noctiluca.controller.state.config?.look.organism === o, organism, { timeout: 10_000 });
      await p.waitForFunction((f) => window.noctiluca.stats().frames > f, frames, { timeout: 10_000 });
      shots.push(await screenshot(p));
    }
    const s1 = await stats(p);
    console.log(`[panel] looks: sea-sparkle→membrane ${meanDiff(shots[0], shots[1], box).toFixed(1)}, membrane→fungal-glow ${meanDiff(shots[1], shots[2], box).toFixed(1)} levels`);
    expect(meanDiff(shots[0], shots[1], box)).toBeGreaterThan(2);
    expect(meanDiff(shots[1], shots[2], box)).toBeGreaterThan(2);
    expect(s1.rebuilds).toBe(s0.rebuilds);
    expect(s1.geometries).toBe(s0.geometries);
    await p.close();
  });

  it('refuses a value that breaks a schema rule, with the message, and keeps the config', async () => {
    await expand(page, 'display');
    await expand(page, 'display/dpr');
    const before = await config();
    await type(page, 'display.dpr.min', '3');
    await page.waitForFunction(() => /Not applied/.test(document.querySelector('.studio-status')?.textContent ?? ''), null, { timeout: 10_000 });
    expect(await status(page)).toMatch(/display\.dpr\.min/);
    expect((await config()).display.dpr).toEqual(before.display.dpr);
    expect(await page.locator('.studio-panel [data-path="display.dpr.min"] input').first().inputValue()).toBe(before.display.dpr.min.toFixed(2));
  });

  it('applies a preset by key path and reports keys that no longer exist', async () => {
    mkdirSync(join(root, 'tuned', 'presets'), { recursive: true });
    writeFileSync(
      join(root, 'tuned', 'presets', 'dim.json'),
      JSON.stringify({ description: 'test', values: { 'look.bloom.intensity': 0.5, 'look.bloomStrength': 2 } }),
    );
    // Presets are read when the panel starts: a fresh page sees the new file.
    const p = await openPage(h, '/?installation=tuned&t=6');
    await showPanel(p);
    await expand(p, 'file/presets');
    await p.locator('.studio-panel [data-folder="file/presets"] select').first().selectOption('dim');
    await p.getByRole('button', { name: 'Apply preset' }).click();
    await p.waitForFunction(() => window.noctiluca.controller.state.config?.look.bloom.intensity === 0.5, null, { timeout: 10_000 });
    expect(await status(p)).toMatch(/Skipped keys the config no longer has: look\.bloomStrength/);
    await p.close();
  });

  it('rebuilds a layout change in the worker while the old mosaic keeps drawing: no frame without it', async () => {
    // A running clock: frames are drawn all the time, as in the studio.
    const p = await openPage(h, '/?installation=tuned');
    await showPanel(p);
    await expand(p, 'layout');
    const box = await panelBox(p);
    const s0 = await stats(p);
    const baseline = litShare(await screenshot(p), box);
    await p.evaluate(() => {
      const w = window as unknown as { samples: { cells: number; frames: number }[]; noGpu: number };
      w.samples = [];
      w.noGpu = 0;
      window.noctiluca.controller.subscribe((s) => {
        if (!s.gpu) w.noGpu++;
      });
      const sample = () => {
        const s = window.noctiluca.stats();
        w.samples.push({ cells: s.cells, frames: s.frames });
        requestAnimationFrame(sample);
      };
      requestAnimationFrame(sample);
    });
    const framesAtChange = (await stats(p)).frames;
    await type(p, 'layout.seed', '99');
    const lit: number[] = [];
    while ((await stats(p)).rebuilds === s0.rebuilds) lit.push(litShare(await screenshot(p), box));
    for (let k = 0; k < 3; k++) lit.push(litShare(await screenshot(p), box));
    const s1 = await stats(p);
    const { samples, noGpu } = await p.evaluate(() => {
      const w = window as unknown as { samples: { cells: number; frames: number }[]; noGpu: number };
      return { samples: w.samples, noGpu: w.noGpu };
    });
    console.log(`[panel] ${await status(p)}`);
    console.log(`[panel] layout swap: ${lit.length} screenshots, lit share ${Math.min(...lit).toFixed(2)}–${Math.max(...lit).toFixed(2)} (baseline ${baseline.toFixed(2)}); ${samples.length} frame samples, frames ${framesAtChange} → ${s1.frames}`);
    expect((await config(p)).layout.seed).toBe(99);
    expect(samples.length).toBeGreaterThan(2);
    expect(Math.min(...samples.map((s) => s.cells))).toBe(s0.cells);
    expect(noGpu).toBe(0);
    expect(Math.min(...lit)).toBeGreaterThan(baseline * 0.6);
    expect(s1.frames).toBeGreaterThan(framesAtChange);
    // The new layout is a different picture at the same moment.
    await p.evaluate(() => window.noctiluca.setTime(6));
    await p.waitForTimeout(300);
    const newLayout = await screenshot(p);
    expect(meanDiff(await screenshot(page), newLayout, box)).toBeGreaterThan(1);
    await p.close();
  });

  it('saves the tuned config with a backup; a fresh page renders the same picture', async () => {
    await page.getByRole('button', { name: 'Save to installation' }).click();
    await page.waitForFunction(() => /^Saved /.test(document.querySelector('.studio-status')?.textContent ?? ''), null, { timeout: 10_000 });
    const text = readFileSync(file, 'utf8');
    expect(readFileSync(join(root, 'tuned', 'installation.bak.json'), 'utf8')).toBe(original);
    const saved = parseInstallationConfig(text, 'installation.json');
    expect(saved.errors).toEqual([]);
    expect(saved.config).toEqual(await config());
    // Only the tuned values were added to the sparse starter file.
    expect(text).toContain('"look": { "exposure": 3 }');
    expect(text.split('\n').length).toBe(original.split('\n').length + 1);

    // "Restart": a new page from the file on disk shows what the tuned page shows.
    await page.keyboard.press('p'); // hide the panel for a clean comparison
    await page.waitForTimeout(200);
    const tuned = await screenshot(page);
    const fresh = await openPage(h, '/?installation=tuned&t=6');
    const restarted = await screenshot(fresh);
    expect(meanDiff(tuned, restarted)).toBeLessThan(0.5);
    // …and the comparison can fail: the original file's picture is another one.
    writeFileSync(file, original);
    await fresh.waitForFunction(() => window.noctiluca.controller.state.config?.look.exposure === 1, null, { timeout: 20_000 });
    await fresh.waitForTimeout(300);
    expect(meanDiff(tuned, await screenshot(fresh))).toBeGreaterThan(1);
    await fresh.close();
  });

  it('exports the tuned JSON (the file with only the changed values) and reverts to the file on disk', async () => {
    await page.keyboard.press('p'); // the save test hid it
    await page.locator('.studio-panel [data-path="look.exposure"]').waitFor({ state: 'visible' });
    await type(page, 'look.exposure', '2');
    await page.waitForFunction(() => window.noctiluca.controller.state.config?.look.exposure === 2, null, { timeout: 10_000 });
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON (download)' }).click();
    const d = await download;
    expect(d.suggestedFilename()).toBe('installation.json');
    const exported = readFileSync((await d.path())!, 'utf8');
    expect(parseInstallationConfig(exported, 'installation.json').config).toEqual(await config());
    expect(exported).toBe(original.replace('"data": { "source": "journeys.csv" }', '"data": { "source": "journeys.csv" },\n  "look": { "exposure": 2 }'));

    await page.getByRole('button', { name: 'Revert to the file on disk' }).click();
    await page.waitForFunction(() => window.noctiluca.controller.state.config?.look.exposure === 1, null, { timeout: 10_000 });
    expect(await status(page)).toMatch(/Reverted to installations\/tuned\/installation\.json/);
    expect(await config()).toEqual(parseInstallationConfig(readFileSync(file, 'utf8'), 'installation.json').config);
  });

  it('is never downloaded by a viewer', async () => {
    const p = await h.browser.newPage({ viewport: { width: 320, height: 180 } });
    const requested: string[] = [];
    p.on('request', (r) => requested.push(r.url()));
    await p.goto(h.url('/?installation=tuned&t=6&mode=view'));
    await p.waitForFunction(() => ['ready', 'error'].includes(document.documentElement.dataset.state ?? ''), null, { timeout: 150_000 });
    await p.keyboard.press('p');
    await p.waitForTimeout(500);
    expect(requested.filter((u) => /tweakpane|studio\/panel/.test(u))).toEqual([]);
    expect(requested.some((u) => /src\/app\/App\.tsx/.test(u))).toBe(true);
    await p.close();
  });
});
