/**
 * Hot reload in the real browser: editing installation.json updates the running mosaic without a
 * page reload; a look change touches only uniforms; an invalid edit shows its error while the last
 * good picture keeps playing; fixing it clears the message; a layout change rebuilds the cells.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { meanDiff, openPage, screenshot, startHarness, type Harness } from './harness.ts';

let h: Harness;
let page: Page;
let root: string;
let file: string;
let original: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const write = (config: unknown) => writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
const stats = () => page.evaluate(() => window.noctiluca.stats());

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'noctiluca-hot-'));
  cpSync(new URL('../installations/starter', import.meta.url).pathname, join(root, 'hot'), { recursive: true });
  file = join(root, 'hot', 'installation.json');
  original = { ...JSON.parse(readFileSync(file, 'utf8')), name: 'hot', $schema: undefined };
  write(original);
  process.env.NOCTILUCA_INSTALLATIONS = root;
  h = await startHarness();
  page = await openPage(h, '/?installation=hot&t=6');
});
afterAll(async () => {
  await h?.close();
  delete process.env.NOCTILUCA_INSTALLATIONS;
  rmSync(root, { recursive: true, force: true });
});

describe('hot reload', () => {
  it('applies a look change as uniforms, without a page reload or a geometry rebuild', async () => {
    expect(await page.evaluate(() => document.documentElement.dataset.state)).toBe('ready');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    const before = await screenshot(page);
    const s0 = await stats();
    write({ ...original, look: { ...original.look, palette: 'firefly' } });
    await page.waitForFunction(() => window.noctiluca.controller.state.config?.look.palette === 'firefly', null, { timeout: 20_000 });
    await page.waitForTimeout(500);
    const after = await screenshot(page);
    expect(meanDiff(before, after)).toBeGreaterThan(1);
    const s1 = await stats();
    expect(s1.rebuilds).toBe(s0.rebuilds);
    expect(s1.geometries).toBe(s0.geometries);
    expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42); // same page, no reload
  });

  it('shows an invalid edit on the page and keeps the last good picture; fixing it clears the message', async () => {
    const good = await screenshot(page);
    write({ ...original, look: { ...original.look, palette: 'firefly', bloom: { intensity: 'bright' } } });
    const banner = page.locator('.config-errors');
    await banner.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await banner.innerText()).toMatch(/installation\.json: look\.bloom\.intensity: expected a number from 0 to 10, got "bright"/);
    const stillGood = await screenshot(page);
    // Around the banner, the picture is the very same one.
    const box = await banner.boundingBox();
    expect(meanDiff(good, stillGood, box && { x: box.x - 2, y: box.y - 2, width: box.width + 4, height: box.height + 4 })).toBeLessThan(0.5);
    expect(await page.evaluate(() => window.noctiluca.controller.state.config?.look.palette)).toBe('firefly');

    write({ ...original, look: { ...original.look, palette: 'firefly' } });
    await banner.waitFor({ state: 'detached', timeout: 20_000 });
  });

  it('rebuilds the cells in the worker when the layout changes', async () => {
    const s0 = await stats();
    const before = await screenshot(page);
    write({ ...original, look: { ...original.look, palette: 'firefly' }, layout: { ...original.layout, seed: 99 } });
    await page.waitForFunction((n) => window.noctiluca.stats().rebuilds > n, s0.rebuilds, { timeout: 20_000 });
    await page.waitForTimeout(500);
    const after = await screenshot(page);
    expect(meanDiff(before, after)).toBeGreaterThan(1);
    expect((await stats()).cells).toBe(s0.cells);
  });

  it('re-bakes when the data changes: bad rows are skipped and reported on the page, the good rows still render', async () => {
    const s0 = await stats();
    const data = join(root, 'hot', 'journeys.csv');
    const lines = readFileSync(data, 'utf8').trimEnd().split('\n').length;
    appendFileSync(data, 'ex-bad-1,2143-13-45,checkup,Example Town A,18-34,clinic,false,1,0.1,false,\n,2143-02-01,checkup,Example Town A,18-34,clinic,false,1,0.1,false,\n');
    const area = page.locator('.messages');
    await area.waitFor({ state: 'visible', timeout: 20_000 });
    const text = await area.innerText();
    expect(text).toMatch(/2 rows skipped/);
    expect(text).toContain(`line ${lines + 1}`);
    expect(text).toContain(`line ${lines + 2}`);
    // The new bake's mosaic has drawn: its first frame compiled nothing (the mosaic it replaced
    // kept the programs until then).
    await page.waitForFunction((n) => window.noctiluca.stats().frames > n && window.noctiluca.stats().rowsSkipped === 2, s0.frames);
    const s1 = await stats();
    expect(s1.firstFrameCompiles).toBe(0);
    expect(s1.programs).toBeGreaterThan(0);
    expect(s1.rowsSkipped).toBe(2);
    expect(s1.dataSummary).toMatch(/2 rows skipped/);
    expect(s1.cells).toBe(s0.cells);
  });
});
