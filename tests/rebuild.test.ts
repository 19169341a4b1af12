/**
 * Rebuild only what changed, in the real page: remapping one channel re-encodes and uploads that
 * channel's row of bytes alone (same GPU mosaic, same geometry, same timeline window); layout.gap is a
 * uniform (no rebuild at all); a new seed lays the cells out again into the same GPU mosaic, leaving
 * the channel bytes alone. Each change shows on screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { meanDiff, openPage, screenshot, startHarness, type Harness } from './harness.ts';

let h: Harness;
let page: Page;
beforeAll(async () => {
  h = await startHarness();
  page = await openPage(h, '/?installation=harmonia&mode=venue&t=10');
});
afterAll(async () => {
  await h?.close();
});

interface Snapshot {
  rebuilds: number;
  /** Times the cell image was drawn (once per layout and view; never because time passed). */
  imageDraws: number;
  /**
   * Upload versions of the mosaic's per-cell data: corners, site, channel bytes, timeline (three bumps
   * one per upload of new data asked for; the corners, on the GPU only while the cell image is drawn,
   * are also sent again unchanged at each drawing, which imageDraws counts).
   */
  versions: Record<string, number>;
  sameGpu: boolean;
  sameSites: boolean;
  sameTable: boolean;
}

/** Applies an edit of the config on screen and says what it redid. */
async function apply(edit: string): Promise<{ result: string; before: Snapshot; after: Snapshot }> {
  return page.evaluate(async (edit) => {
    const c = window.noctiluca.controller;
    const snap = (ref?: { gpu: unknown; site: unknown; table: unknown }) => {
      const s = c.state;
      const versions: Record<string, number> = s.gpu!.uploadVersions();
      return {
        rebuilds: window.noctiluca.stats().rebuilds,
        imageDraws: window.noctiluca.stats().imageDraws,
        versions,
        sameGpu: ref ? ref.gpu === s.gpu : true,
        sameSites: ref ? ref.site === s.table!.site : true,
        sameTable: ref ? ref.table === s.table : true,
      };
    };
    const ref = { gpu: c.state.gpu, site: c.state.table!.site, table: c.state.table };
    const before = snap();
    const next = structuredClone(c.state.config!) as unknown as Record<string, Record<string, unknown>>;
    new Function('c', edit)(next);
    const result = await c.applyConfig(next as never);
    return { result, before, after: snap(ref) };
  }, edit);
}

const imageDraws = () => page.evaluate(() => window.noctiluca.stats().imageDraws);

async function shownAfter(fn: () => Promise<unknown>): Promise<number> {
  const a = await screenshot(page);
  await fn();
  await page.evaluate(() => window.noctiluca.setTime(10));
  await page.waitForTimeout(400);
  return meanDiff(a, await screenshot(page));
}

describe('applying one change redoes only its part', () => {
  it('remapping one channel re-encodes and uploads that channel only', async () => {
    let r!: Awaited<ReturnType<typeof apply>>;
    const diff = await shownAfter(async () => (r = await apply(`c.encoding.hue = { field: 'emergency_share', scale: { type: 'linear', domain: 'auto', range: [0, 1] } };`)));
    console.log(`[rebuild] remap: ${JSON.stringify(r)}; picture changed by ${diff.toFixed(2)}`);
    expect(r.result).toBe('cells');
    expect(r.after.rebuilds).toBe(r.before.rebuilds + 1);
    expect([r.after.sameGpu, r.after.sameSites]).toEqual([true, true]);
    expect(r.after.versions.style).toBeGreaterThan(r.before.versions.style);
    // Hue's byte is in the style row (src/encode/slots.ts): nothing else is uploaded again.
    for (const k of ['site', 'corners', 'meta', 'timeline']) expect([k, r.after.versions[k]]).toEqual([k, r.before.versions[k]]);
    expect(diff).toBeGreaterThan(1);
    // The cells did not move: the frames with the new hue read the cell image drawn before.
    expect(await imageDraws()).toBe(r.before.imageDraws);
  });

  it('layout.gap is a uniform: no rebuild, no upload', async () => {
    // Seen magnified four times (a view of part of a 1920x1080 canvas): at 480x270 a cell of 3,000
    // is a few pixels across and a gap a pixel, so in the point-like looks it hardly shows there.
    const view = [1920, 1080, 720, 405, 480, 270];
    await page.evaluate((v) => window.noctiluca.setView(v as never), view);
    await page.waitForFunction((v) => JSON.stringify(window.noctiluca.stats().view) === JSON.stringify(v), view, { timeout: 20_000 });
    let r!: Awaited<ReturnType<typeof apply>>;
    const diff = await shownAfter(async () => (r = await apply(`c.layout.gap = 0.4;`)));
    console.log(`[rebuild] gap: ${JSON.stringify(r)}; picture changed by ${diff.toFixed(2)}`);
    expect(r.result).toBe('look');
    expect(r.after.rebuilds).toBe(r.before.rebuilds);
    expect([r.after.sameGpu, r.after.sameTable]).toEqual([true, true]);
    expect(r.after.versions).toEqual(r.before.versions);
    expect(diff).toBeGreaterThan(1);
    // The new view drew the cell image once; the gap is the light pass's, and time passing draws nothing.
    expect(await imageDraws()).toBe(r.before.imageDraws);
    await page.evaluate(() => window.noctiluca.setTime(11));
    await page.waitForTimeout(400);
    expect(await imageDraws()).toBe(r.before.imageDraws);
    await page.evaluate(() => window.noctiluca.setView(null));
    await page.waitForFunction(() => window.noctiluca.stats().view === null, null, { timeout: 20_000 });
  });

  it('a new seed lays the cells out again in the same GPU mosaic, leaving the channel bytes', async () => {
    let r!: Awaited<ReturnType<typeof apply>>;
    const diff = await shownAfter(async () => (r = await apply(`c.layout.seed = c.layout.seed + 1;`)));
    console.log(`[rebuild] seed: ${JSON.stringify(r)}; picture changed by ${diff.toFixed(2)}`);
    expect(r.result).toBe('cells');
    expect(r.after.rebuilds).toBe(r.before.rebuilds + 1);
    expect([r.after.sameGpu, r.after.sameSites]).toEqual([true, false]);
    expect(r.after.versions.site).toBeGreaterThan(r.before.versions.site);
    expect(r.after.versions.corners).toBeGreaterThan(r.before.versions.corners);
    // The corner counts live with the corners now, not in the meta bytes: neither channel row is sent again.
    expect(r.after.versions.style).toBe(r.before.versions.style);
    expect(r.after.versions.meta).toBe(r.before.versions.meta);
    expect(r.after.versions.timeline).toBe(r.before.versions.timeline);
    expect(diff).toBeGreaterThan(1);
    // New geometry: the cell image is drawn again.
    expect(await imageDraws()).toBeGreaterThan(r.before.imageDraws);
  });
});
