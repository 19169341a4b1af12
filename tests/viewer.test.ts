/**
 * View mode and the gallery, in the real browser: a tap on a cell opens that journey's card (checked
 * against the baked data, decoded here in Node), keyboard navigation, reduced motion (less change
 * between two moments), the poster and description without WebGL, no serious accessibility
 * violations (axe-core), and a shared `#cell=` link.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Page } from 'playwright-core';
import type { BakedMosaic } from '../src/bake/artefact.ts';
import { decodeBake } from '../src/bake/codec.ts';
import { CHROMIUM, CHROMIUM_ARGS, luminance, meanDiff, screenshot, startHarness, type Harness, type Pixels } from './harness.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const VIEW = '/?installation=harmonia&mode=view&t=10';

let h: Harness;
let bake: BakedMosaic;

beforeAll(async () => {
  h = await startHarness();
  const r = await fetch(h.url('/installations/harmonia/mosaic.bin'));
  bake = decodeBake(new Uint8Array(await r.arrayBuffer()));
});
afterAll(async () => {
  await h?.close();
});

function logErrors(page: Page) {
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('poster.png') && !m.text().includes('404')) console.error(`[page console] ${m.text()}`);
  });
}

/** Waits until the viewer says what it shows: "mosaic", "fallback", "gallery" or "error". */
async function waitViewer(page: Page, states = ['mosaic', 'fallback', 'error']) {
  await page.waitForFunction((s) => s.includes(document.documentElement.dataset.viewer ?? ''), states, { timeout: 150_000 });
  return page.evaluate(() => document.documentElement.dataset.viewer);
}

const nextFrames = (page: Page) => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

async function axeSerious(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document);
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

function boxLuminance(p: Pixels, cx: number, cy: number, r: number): number {
  let sum = 0;
  let n = 0;
  for (let y = Math.max(0, cy - r); y <= Math.min(p.height - 1, cy + r); y++)
    for (let x = Math.max(0, cx - r); x <= Math.min(p.width - 1, cx + r); x++) {
      sum += luminance(p, x, y);
      n++;
    }
  return sum / n;
}

describe('the gallery', () => {
  it('lists every installation its config lets in, with a link to its mosaic in view mode and a placeholder for a missing poster', async () => {
    const page = await h.browser.newPage({ viewport: { width: 800, height: 600 } });
    logErrors(page);
    await page.goto(h.url('/?gallery'));
    expect(await waitViewer(page, ['gallery', 'error'])).toBe('gallery');
    const all = (await (await fetch(h.url('/installations/index.json'))).json()) as { name: string; title: string; gallery: boolean }[];
    // The starter template says "gallery": false: artists open it by name, residents never see it.
    expect(all.find((i) => i.name === 'starter')?.gallery).toBe(false);
    const index = all.filter((i) => i.gallery);
    expect(index.map((i) => i.name)).toContain('harmonia');
    const items = await page.$$eval('.gallery-item', (els) =>
      els.map((e) => ({ title: e.querySelector('h2')?.textContent, href: e.querySelector('a')?.getAttribute('href'), text: e.textContent })),
    );
    expect(items.map((i) => i.title)).toEqual(index.map((i) => i.title));
    expect(items.map((i) => i.href)).toEqual(index.map((i) => `?installation=${i.name}&mode=view`));
    // In development the posters are not rendered: each cell shows the placeholder, not a broken image.
    await page.waitForFunction(() => document.querySelectorAll('.gallery-poster--missing, .gallery-poster img[src]').length > 0);
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.gallery-poster img')].every((i) => i.complete));
    const broken = await page.$$eval('.gallery-poster', (els) =>
      els.filter((e) => !e.classList.contains('gallery-poster--missing') && (e.querySelector('img') as HTMLImageElement).naturalWidth === 0).length,
    );
    expect(broken).toBe(0);
    expect(await axeSerious(page)).toEqual([]);
    await page.close();
  });

  it('answers an unknown installation name with a page that says so and offers the gallery', async () => {
    const page = await h.browser.newPage({ viewport: { width: 480, height: 600 } });
    logErrors(page);
    await page.goto(h.url('/?installation=no-such-place&mode=view'));
    expect(await waitViewer(page, ['error'])).toBe('error');
    const text = await page.$eval('main', (e) => e.textContent ?? '');
    expect(text).toContain('No such installation');
    expect(text).toContain('no installation named “no-such-place”');
    expect(text).not.toContain('not valid JSON');
    const links = await page.$$eval('main a', (as) => as.map((a) => a.getAttribute('href')));
    expect(links).toContain('?installation=harmonia&mode=view');
    expect(links).not.toContain('?installation=starter&mode=view');
    expect(links).toContain('?gallery');
    expect(await axeSerious(page)).toEqual([]);
    await page.close();
  });
});

describe('view mode on a phone', () => {
  let page: Page;
  beforeAll(async () => {
    const context = await h.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, hasTouch: true, isMobile: true });
    page = await context.newPage();
    logErrors(page);
    await page.goto(h.url(VIEW));
    expect(await waitViewer(page)).toBe('mosaic');
    const timing = await page.evaluate(() =>
      Object.fromEntries(['viewer:first-screen', 'viewer:description', 'viewer:mosaic'].map((n) => [n, Math.round(performance.getEntriesByName(n)[0]?.startTime ?? NaN)])),
    );
    console.info(`[viewer] phone, ms after navigation start: ${JSON.stringify(timing)}`);
  });
  afterAll(async () => {
    await page?.context().close();
  });

  /** The box of the first element matching `selector`. */
  const box = async (selector: string) => (await page.$eval(selector, (e) => e.getBoundingClientRect().toJSON())) as { x: number; y: number; width: number; height: number; bottom: number; right: number };
  const aboutOpen = () => page.$eval('.viewer-about', (e) => !e.classList.contains('viewer-about--closed'));
  /** How far apart (CSS px) the cell and its nearest neighbour are drawn now. */
  const spacing = (cell: number) =>
    page.evaluate((c) => {
      const v = window.noctilucaViewer!;
      const [x, y] = v.cellToScreen(c)!;
      let best = Infinity;
      for (let i = 0; ; i++) {
        const p = i === c ? null : v.cellToScreen(i);
        if (i !== c && !p) break;
        if (p) best = Math.min(best, Math.hypot(p[0] - x, p[1] - y));
      }
      return best;
    }, cell);

  // The worker lays the first mosaic out from the bytes as they arrive, while the mosaic's chunk
  // (React, three, the page core) loads: the page core's first build is answered with that layout.
  it('laid its first mosaic out in the worker while the mosaic\'s modules loaded', async () => {
    const stats = await page.evaluate(() => window.noctiluca.stats());
    expect(stats.cells).toBeGreaterThan(2000);
    expect(stats.layout.firstEarly).toBe(true);
  });

  it('caps the pixel ratio and lowers the particle count for phones', async () => {
    const applied = await page.evaluate(() => window.noctiluca.controller.state.config!);
    expect(applied.display.dpr.max).toBeLessThanOrEqual(1.5);
    expect(applied.look.particles.count).toBeLessThan(3000);
  });

  it('says on the first screen what the mosaic is, in one sentence, and invites a tap', async () => {
    expect(await aboutOpen()).toBe(false);
    const hint = await page.$eval('.viewer-hint', (e) => ({ text: e.textContent ?? '', visible: (e as HTMLElement).offsetParent !== null }));
    expect(hint.visible).toBe(true);
    expect(hint.text).toContain(`${bake.journeyCount.toLocaleString('en')} glowing cells, one for each resident's oral-health journey`);
    expect(hint.text.match(/[.!?](\s|$)/g)?.length).toBe(2); // one sentence about the mosaic, one about the tap
    expect(hint.text).toContain('Tap a cell to read its journey.');
    // The line is words only: it lies inside the viewport, and a tap through it reaches the mosaic.
    const b = await box('.viewer-hint');
    expect(b.bottom).toBeLessThanOrEqual(844);
    expect(await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('.viewer-mosaic') !== null, [b.x + b.width / 2, b.y + b.height / 2])).toBe(true);
  });

  it('opens the About panel below its own button and closes it with ×, Escape and a tap outside', async () => {
    const button = await box('.viewer-nav button[aria-controls="viewer-about"]');
    const centre: [number, number] = [button.x + button.width / 2, button.y + button.height / 2];
    const open = async () => {
      await page.touchscreen.tap(...centre);
      expect(await aboutOpen()).toBe(true);
      const panel = await box('.viewer-about');
      // Never over its own button: the whole button stays the button, and the panel starts below it.
      expect(panel.y).toBeGreaterThanOrEqual(button.bottom);
      for (const [x, y] of [centre, [button.x + 2, button.bottom - 2], [button.right - 2, button.bottom - 2]])
        expect(await page.evaluate(([px, py]) => document.elementFromPoint(px, py)?.closest('button')?.getAttribute('aria-controls'), [x, y])).toBe('viewer-about');
      return panel;
    };

    // The ×, a comfortable target.
    await open();
    const close = await box('.viewer-about-close');
    expect(Math.min(close.width, close.height)).toBeGreaterThanOrEqual(44);
    await page.touchscreen.tap(close.x + close.width / 2, close.y + close.height / 2);
    expect(await aboutOpen()).toBe(false);

    // Escape.
    await open();
    await page.keyboard.press('Escape');
    expect(await aboutOpen()).toBe(false);

    // A tap outside, on the mosaic below the panel: it closes the panel and does nothing else.
    const panel = await open();
    expect(panel.bottom).toBeLessThan(844 - 40);
    const viewBefore = await page.evaluate(() => window.noctilucaViewer!.view());
    await page.touchscreen.tap(195, Math.round(panel.bottom + 30));
    expect(await aboutOpen()).toBe(false);
    expect(await page.$eval('.viewer-card', (e) => (e as HTMLElement).hidden)).toBe(true);
    expect(await page.evaluate(() => window.noctilucaViewer!.view())).toEqual(viewBefore);
    // Closed again, the same button opens it (the whole of it works).
    await page.touchscreen.tap(button.x + 4, button.bottom - 4);
    expect(await aboutOpen()).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('a first tap on cells smaller than a finger zooms to the tapped area; the next tap there opens that journey, as baked', async () => {
    expect(await page.evaluate(() => window.noctilucaViewer!.view())).toBeNull();
    // A cell in the upper part of the letterboxed mosaic (the card opens as a bottom sheet), with a story if one is there,
    // whose resident chose a card (glow-tier cards speak for their group: a test below).
    const candidates = [...Object.keys(bake.stories).map(Number), ...Array.from({ length: bake.journeyCount }, (_, i) => i)].filter((i) => bake.tier[i] > 0);
    const positions = await page.evaluate((c) => c.map((i) => window.noctilucaViewer!.cellToScreen(i)), candidates.slice(0, 400));
    const k = positions.findIndex((p) => p !== null && p[0] > 60 && p[0] < 330 && p[1] > 330 && p[1] < 380);
    expect(k).toBeGreaterThanOrEqual(0);
    const cell = candidates[k];
    const [x, y] = positions[k]!.map(Math.round);
    // Harmonia's 3,000 cells on a 390 px wide phone: far smaller than WCAG 2.5.8's 24 px.
    expect(await spacing(cell)).toBeLessThan(24);

    await page.touchscreen.tap(x, y);
    const zoomed = await page.evaluate(() => window.noctilucaViewer!.view());
    expect(zoomed).not.toBeNull();
    expect(await page.$eval('.viewer-card', (e) => (e as HTMLElement).hidden)).toBe(true);
    expect(await page.evaluate(() => window.noctilucaViewer!.selected())).toBe(-1);
    // The stage draws that view; the cells are now a comfortable target, and the tapped one is still under the finger.
    await page.waitForFunction((v) => JSON.stringify(window.noctiluca.stats().view) === JSON.stringify(v), zoomed);
    expect(await spacing(cell)).toBeGreaterThanOrEqual(40);
    const [cx, cy] = (await page.evaluate((c) => window.noctilucaViewer!.cellToScreen(c), cell))!;
    expect(Math.hypot(cx - x, cy - y)).toBeLessThan(24);
    expect(await page.isVisible('.viewer-zoom-out')).toBe(true);

    await nextFrames(page);
    const before = await screenshot(page);
    await page.touchscreen.tap(x, y);
    await page.waitForSelector('.viewer-card:not([hidden])');
    await nextFrames(page);
    expect(await page.evaluate(() => window.noctilucaViewer!.selected())).toBe(cell);
    const after = await screenshot(page);
    // The highlight ring lights the cell (the card covers only the lower part of the screen).
    const [hx, hy] = [Math.round(cx), Math.round(cy)];
    expect(boxLuminance(after, hx, hy, 6)).toBeGreaterThan(boxLuminance(before, hx, hy, 6) + 10);
    // The first screen's line has done its job.
    expect(await page.isVisible('.viewer-hint')).toBe(false);

    const card = await page.$eval('.viewer-card', (e) => ({
      journey: (e as HTMLElement).dataset.journey,
      title: e.querySelector('h2')?.textContent,
      community: e.querySelector('.viewer-card-community')?.textContent,
      when: [...e.querySelectorAll('.viewer-card-timeline .when')].map((w) => w.textContent!.replace(/:$/, '')),
      timeline: e.querySelector('.viewer-card-timeline')?.textContent ?? '',
      story: e.querySelector('blockquote')?.textContent ?? null,
      share: e.querySelector('.viewer-card-share')?.getAttribute('href'),
    }));
    expect(card.journey).toBe(String(cell));
    expect(card.title).toBe(`Journey ${cell + 1} of ${bake.journeyCount.toLocaleString('en')}`);
    expect(card.community).toBe(`Community: ${bake.communities[bake.community[cell]]}`);
    // Every year with an event is on the timeline, in order.
    const years = [...new Set(Array.from(bake.eventDates.subarray(bake.eventOffsets[cell], bake.eventOffsets[cell + 1]), (d) => String(Math.floor(d))))];
    expect(card.when.filter((w) => years.includes(w!))).toEqual(years);
    const events = bake.eventOffsets[cell + 1] - bake.eventOffsets[cell];
    expect(await page.$eval('.viewer-card-measures', (e) => e.textContent)).toContain(`${events} care event`);
    expect(card.story).toBe(bake.stories[cell] ?? null);
    // The link carries the card's number: "Journey n of N" shares #cell=n.
    expect(card.share).toBe(`#cell=${cell + 1}`);
    expect(new URL(page.url()).hash).toBe(`#cell=${cell + 1}`);

    // Back to the whole mosaic.
    await page.tap('.viewer-card-close');
    await page.tap('.viewer-zoom-out');
    expect(await page.evaluate(() => window.noctilucaViewer!.view())).toBeNull();
    expect(await page.isVisible('.viewer-zoom-out')).toBe(false);
  });

  it('pinches to zoom and drags to pan', async () => {
    // The previous test's card is a bottom sheet whose height depends on the journey it shows: close it, so the fingers land on the mosaic.
    if (await page.isVisible('.viewer-card')) await page.tap('.viewer-card-close');
    await page.waitForSelector('.viewer-card', { state: 'hidden' });
    const cdp = await page.context().newCDPSession(page);
    const touch = async (type: 'touchStart' | 'touchMove' | 'touchEnd', points: [number, number][]) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
    // Fingers 30 px apart spread to 270: nine times closer, cells big enough to pick at once.
    await touch('touchStart', [[180, 422], [210, 422]]);
    for (let s = 1; s <= 5; s++) await touch('touchMove', [[180 - 24 * s, 422], [210 + 24 * s, 422]]);
    await touch('touchEnd', []);
    const zoomed = await page.evaluate(() => window.noctilucaViewer!.view());
    expect(zoomed).not.toBeNull();
    expect(zoomed![0] / 390).toBeGreaterThan(4.5);
    // The stage draws that view (the camera's view offset), and the tap maths follows it.
    await page.waitForFunction((v) => JSON.stringify(window.noctiluca.stats().view) === JSON.stringify(v), zoomed);
    await touch('touchStart', [[200, 422]]);
    for (let s = 1; s <= 5; s++) await touch('touchMove', [[200 + 10 * s, 422]]);
    await touch('touchEnd', []);
    const panned = await page.evaluate(() => window.noctilucaViewer!.view());
    expect(panned![2]).toBeLessThan(zoomed![2]);
    await page.waitForFunction((v) => JSON.stringify(window.noctiluca.stats().view) === JSON.stringify(v), panned);
    // Zoomed in this far, a tap picks the cell drawn under the finger at once.
    const target = await page.evaluate(() => {
      for (let i = 0; i < 3000; i++) {
        const p = window.noctilucaViewer!.cellToScreen(i)!;
        if (p[0] > 100 && p[0] < 290 && p[1] > 340 && p[1] < 380) return { i, p };
      }
      return null;
    });
    expect(target).not.toBeNull();
    await page.touchscreen.tap(Math.round(target!.p[0]), Math.round(target!.p[1]));
    await page.waitForFunction((t) => window.noctilucaViewer!.selected() === t, target!.i);
    expect(await page.evaluate(() => window.noctilucaViewer!.view())).toEqual(panned);
  });
});

describe('view mode with a keyboard', () => {
  let page: Page;
  beforeAll(async () => {
    page = await h.browser.newPage({ viewport: { width: 640, height: 360 }, deviceScaleFactor: 1 });
    logErrors(page);
    await page.goto(h.url(VIEW));
    expect(await waitViewer(page)).toBe('mosaic');
    await page.waitForFunction(() => window.noctilucaViewer!.cellToScreen(0) !== null);
  });
  afterAll(async () => {
    await page?.close();
  });

  it('reaches cells with the arrow keys, opens a card with Enter and closes it with Escape', async () => {
    await page.focus('.viewer-mosaic');
    await page.keyboard.press('ArrowRight');
    const first = await page.evaluate(() => window.noctilucaViewer!.selected());
    expect(first).toBeGreaterThanOrEqual(0);
    expect(await page.textContent('#viewer-live')).toContain(`Journey ${first + 1} of`);
    const at = (i: number) => page.evaluate((t) => window.noctilucaViewer!.cellToScreen(t)!, i);
    const p0 = await at(first);
    await page.keyboard.press('ArrowRight');
    const right = await page.evaluate(() => window.noctilucaViewer!.selected());
    expect(right).not.toBe(first);
    expect((await at(right))[0]).toBeGreaterThan(p0[0]);
    await page.keyboard.press('ArrowDown');
    const down = await page.evaluate(() => window.noctilucaViewer!.selected());
    expect((await at(down))[1]).toBeGreaterThan((await at(right))[1]);

    await page.keyboard.press('Enter');
    await page.waitForSelector('.viewer-card:not([hidden])');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).id)).toBe('viewer-card');
    expect(await page.$eval('.viewer-card', (e) => (e as HTMLElement).dataset.journey)).toBe(String(down));
    expect(await axeSerious(page)).toEqual([]);
    await page.keyboard.press('Escape');
    expect(await page.$eval('.viewer-card', (e) => (e as HTMLElement).hidden)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('viewer-mosaic'))).toBe(true);
  });

  it('highlights the cell under the mouse and shows its card while hovering', async () => {
    await page.keyboard.press('Escape');
    // A cell the mouse can reach and the hover card does not cover (the card opens on the left): where a cell sits
    // depends on the installation's secret, so take the one nearest a point right of the card that no panel covers.
    const cell = await page.evaluate(() => {
      let best = -1;
      let bestD = Infinity;
      for (let i = 0; i < 3000; i++) {
        const p = window.noctilucaViewer!.cellToScreen(i);
        if (!p || !document.elementFromPoint(p[0], p[1])?.closest('.viewer-mosaic')) continue;
        const d = Math.hypot(p[0] - 0.75 * innerWidth, p[1] - 0.6 * innerHeight);
        if (d < bestD) [best, bestD] = [i, d];
      }
      return best;
    });
    expect(cell).toBeGreaterThanOrEqual(0);
    const [x, y] = await page.evaluate((t) => window.noctilucaViewer!.cellToScreen(t)!, cell);
    await page.mouse.move(x, y);
    await page.waitForFunction((t) => window.noctilucaViewer!.selected() === t, cell);
    await page.waitForSelector(`.viewer-card:not([hidden])[data-journey="${cell}"]`);
    await page.mouse.move(x + 400, y + 400); // off the page: the hover card goes
    await page.mouse.move(-1, -1);
    await page.dispatchEvent('.viewer-mosaic', 'pointerleave', { pointerType: 'mouse' });
    await page.waitForFunction(() => window.noctilucaViewer!.selected() === -1);
    expect(await page.$eval('.viewer-card', (e) => (e as HTMLElement).hidden)).toBe(true);
  });

  it('describes the mosaic for screen readers: journeys, communities, colours and the quiet year', async () => {
    const about = await page.$eval('#viewer-about', (e) => e.textContent ?? '');
    expect(about).toContain(`A mosaic of ${bake.journeyCount.toLocaleString('en')} oral-health journeys`);
    expect(about).toContain(`in ${bake.communities.length} communities`);
    expect(about).toMatch(/Colour shows oral health: deep blue is low \(\d+ out of 100\), pale cyan is high \(\d+ out of 100\)/);
    expect(about).toMatch(/In \d{4} care went quiet/);
    expect(await page.getAttribute('.viewer-mosaic', 'aria-describedby')).toBe('viewer-summary viewer-keys');
    console.info(`[viewer] description: ${about}`);
  });

  it('opens the card a shared #cell= link numbers', async () => {
    const shared = await h.browser.newPage({ viewport: { width: 480, height: 270 }, deviceScaleFactor: 1 });
    await shared.goto(h.url(`${VIEW}#cell=42`));
    await waitViewer(shared);
    await shared.waitForSelector('.viewer-card:not([hidden])');
    expect(await shared.$eval('#viewer-card-title', (e) => e.textContent)).toMatch(/^Journey 42 of /);
    expect(await shared.$eval('.viewer-card', (e) => (e as HTMLElement).dataset.journey)).toBe('41');
    expect(await shared.evaluate(() => window.noctilucaViewer!.selected())).toBe(41);
    await shared.close();
  });

  it('still opens an older #tile= link (counted from 0) at the same cell, and shares it as #cell=', async () => {
    const old = await h.browser.newPage({ viewport: { width: 480, height: 270 }, deviceScaleFactor: 1 });
    await old.goto(h.url(`${VIEW}#tile=7`));
    await waitViewer(old);
    await old.waitForSelector('.viewer-card:not([hidden])[data-journey="7"]');
    expect(await old.$eval('#viewer-card-title', (e) => e.textContent)).toMatch(/^Journey 8 of /);
    expect(new URL(old.url()).hash).toBe('#cell=8');
    await old.close();
  });

  it('a glow-tier cell\'s card says only what is true of its group: no timeline, no story, no measures of its own', async () => {
    const cell = bake.tier.indexOf(0);
    expect(cell).toBeGreaterThanOrEqual(0);
    const shared = await h.browser.newPage({ viewport: { width: 480, height: 270 }, deviceScaleFactor: 1 });
    await shared.goto(h.url(`${VIEW}#cell=${cell + 1}`));
    await waitViewer(shared);
    await shared.waitForSelector('.viewer-card:not([hidden])');
    const card = await shared.$eval('.viewer-card', (e) => ({
      tier: e.querySelector('.viewer-card-tier')?.textContent ?? '',
      timeline: e.querySelectorAll('.viewer-card-timeline').length,
      story: e.querySelectorAll('blockquote').length,
      measures: e.querySelector('.viewer-card-measures')?.textContent ?? '',
    }));
    expect(card.tier).toMatch(/chose to let their journey glow without a card.*its group of \d+ residents/);
    expect(card.timeline).toBe(0);
    expect(card.story).toBe(0);
    expect(card.measures).toMatch(/on average/);
    expect(card.measures).not.toMatch(/care events? (in|from)/);
    await shared.close();
  });
});

describe('reduced motion', () => {
  /** Mean pixel change between t = 10 and t = 10.6 s, with the viewer's panels hidden. */
  async function motion(page: Page): Promise<number> {
    await page.addStyleTag({ content: '.viewer-bar, .viewer-about, .viewer-card { display: none !important; }' });
    await page.evaluate(() => window.noctiluca.setTime(10));
    await nextFrames(page);
    const a = await screenshot(page);
    await page.evaluate(() => window.noctiluca.setTime(10.6));
    await nextFrames(page);
    const b = await screenshot(page);
    return meanDiff(a, b);
  }

  it('moves less when the system asks for reduced motion, and the toggle does the same', async () => {
    const normal = await (await h.browser.newContext({ viewport: { width: 480, height: 270 }, deviceScaleFactor: 1 })).newPage();
    const reduced = await (await h.browser.newContext({ viewport: { width: 480, height: 270 }, deviceScaleFactor: 1, reducedMotion: 'reduce' })).newPage();
    for (const p of [normal, reduced]) {
      logErrors(p);
      await p.goto(h.url(VIEW));
      expect(await waitViewer(p)).toBe('mosaic');
    }
    expect(await normal.evaluate(() => window.noctilucaViewer!.reducedMotion())).toBe(false);
    expect(await reduced.evaluate(() => window.noctilucaViewer!.reducedMotion())).toBe(true);
    expect(await reduced.getAttribute('.viewer-nav button:has-text("Reduce motion")', 'aria-pressed')).toBe('true');
    const dNormal = await motion(normal);
    const dReduced = await motion(reduced);
    console.info(`[viewer] mean change over 0.6 s: ${dNormal.toFixed(2)} normal, ${dReduced.toFixed(2)} reduced`);
    expect(dNormal).toBeGreaterThan(0.5);
    // The flashes, ripples and stirring swell gently under reduced motion too (src/render/mosaic.ts
    // setLook, safety.ts gentleFlash): with the viewer's choice written into the config instead (the
    // mosaic's reduced factors never applied) this was 0.67x.
    expect(dReduced).toBeLessThan(dNormal * 0.6);

    // The toggle: the normal page, reduced by hand, changes less too.
    await normal.evaluate(() => (document.querySelector('.viewer-nav button:nth-of-type(1)') as HTMLButtonElement).click());
    await normal.waitForFunction(() => window.noctilucaViewer!.reducedMotion());
    await normal.waitForFunction(() => window.noctiluca.controller.motionReduced());
    const dToggled = await motion(normal);
    console.info(`[viewer] toggled: ${dToggled.toFixed(2)}`);
    expect(dToggled).toBeLessThan(dNormal * 0.6);
    await normal.context().close();
    await reduced.context().close();
  });
});

describe('when the context fails', () => {
  it('falls back to the poster and the description when the mosaic cannot get a WebGL context', async () => {
    const page = await h.browser.newPage({ viewport: { width: 480, height: 270 }, deviceScaleFactor: 1 });
    // The capability probe gets its context; the stage's canvas does not (a driver that gives up).
    await page.addInitScript(() => {
      const original = HTMLCanvasElement.prototype.getContext;
      let calls = 0;
      HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
        if (type.startsWith('webgl') && calls++ > 0) return null;
        return (original as (...a: unknown[]) => RenderingContext | null).call(this, type, ...rest);
      } as typeof original;
    });
    await page.goto(h.url(VIEW));
    expect(await waitViewer(page)).toBe('fallback');
    await page.waitForFunction(() => document.querySelector('#viewer-summary')?.textContent?.includes('journeys'));
    expect(await page.isVisible('.viewer-poster')).toBe(true);
    expect(await page.isVisible('.viewer-notice')).toBe(true);
    expect(await page.$('.overlay[role=alert]')).toBeNull();
    await page.close();
  });
});

describe('without WebGL', () => {
  it('shows the poster and the description instead of an error page', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--disable-webgl', '--disable-3d-apis'], headless: true });
    try {
      const page = await browser.newPage({ viewport: { width: 480, height: 270 }, deviceScaleFactor: 1 });
      logErrors(page);
      await page.goto(h.url(VIEW));
      expect(await waitViewer(page)).toBe('fallback');
      await page.waitForFunction(() => document.querySelector('#viewer-summary')?.textContent?.includes('journeys'));
      expect(await page.isVisible('.viewer-poster')).toBe(true);
      // The poster, or its styled placeholder while posters are not rendered.
      expect(await page.evaluate(() => {
        const img = document.querySelector<HTMLImageElement>('.viewer-poster-img')!;
        const ph = document.querySelector<HTMLElement>('.viewer-poster-placeholder')!;
        return (img.complete && img.naturalWidth > 0) || getComputedStyle(ph).display !== 'none';
      })).toBe(true);
      expect(await page.isVisible('#viewer-summary')).toBe(true);
      expect(await page.textContent('.viewer-notice')).toContain('WebGL is not available');
      expect(await page.$('.overlay[role=alert]')).toBeNull();
      expect(await page.$('canvas')).toBeNull();
      expect(await axeSerious(page)).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
