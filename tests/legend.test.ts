/**
 * One legend in every mode, in the real browser: the viewer's About panel has it for an
 * installation copied from the starter (every channel left at its default) and shows it on a phone;
 * the studio overlay is the same legend, in the configured corner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** The legend's text and box, or null when it is not on screen (display none, zero size or clipped away). */
function legendOf(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel) as HTMLElement | null;
    if (!el) return null;
    const r = el.getBoundingClientRect();
    const shown = el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && r.width > 0 && r.height > 0;
    return { text: el.innerText.trim(), rows: el.querySelectorAll('dt').length, shown, box: [r.x, r.y, r.width, r.height] };
  }, selector);
}

describe('the viewer legend', () => {
  it('is not empty for the starter (every channel at its default) and is visible on a phone', async () => {
    const ctx = await h.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    await page.goto(h.url('/?installation=starter&mode=view&t=10'));
    await page.waitForFunction(() => ['mosaic', 'fallback'].includes(document.documentElement.dataset.viewer ?? ''), null, { timeout: 150_000 });
    // Closed by default on a narrow screen: the About button opens it.
    await page.getByRole('button', { name: 'About this mosaic' }).click();
    await page.locator('.viewer-legend').scrollIntoViewIfNeeded();
    const legend = (await legendOf(page, '.viewer-legend'))!;
    console.log(`[legend] starter on a phone: ${JSON.stringify(legend)}`);
    expect(legend.shown).toBe(true);
    expect(legend.rows).toBeGreaterThanOrEqual(2);
    expect(legend.text).toMatch(/Colour: Oral health\s+deep blue\s+\d+ out of 100\s+pale cyan\s+\d+ out of 100/);
    expect(legend.text).toMatch(/Brightness: Visits per year\s+dim\s+[\d.]+ visits? a year\s+bright/);
    expect(legend.text).toContain('flashes when they receive care');
    // Inside the viewport, not under something else.
    const [x, y, w, hgt] = legend.box;
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x + w).toBeLessThanOrEqual(390);
    const hit = await page.evaluate(([cx, cy]) => document.elementFromPoint(cx, cy)?.closest('.viewer-legend') !== null, [x + w / 2, y + Math.min(hgt / 2, 10)]);
    expect(hit).toBe(true);
    await ctx.close();
  });
});

describe('the studio legend', () => {
  it('is the same legend over the picture, in the configured corner', async () => {
    const page = await openPage(h, '/?installation=harmonia&mode=studio&t=10', { width: 960, height: 540 });
    const legend = (await legendOf(page, '.legend-overlay'))!;
    expect(legend.shown).toBe(true);
    expect(legend.text).toMatch(/^Colour: Oral health\s+deep blue\s+\d+ out of 100/);
    expect(legend.text).toMatch(/Pulse: Share of emergency visits\s+slow\s+\d+%/);
    // Harmonia puts it bottom-left.
    const [x, y, , hgt] = legend.box;
    expect(x).toBeLessThan(40);
    expect(y + hgt).toBeGreaterThan(540 - 40);
    await page.close();
  });
});
