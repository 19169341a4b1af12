/**
 * Drawing frames of one installation in the real page. One browser page is opened once and kept:
 * time changes through `window.noctiluca.setTime`, pieces through `setView` and the viewport size,
 * never through a reload (a reload is a new WebGL context, shader compile and layout: slow in
 * SwiftShader).
 */
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import type { View } from '../../app/contract.ts';
import type { Site } from './browser.ts';
import { PngWriter, writeFileAtomic } from './png.ts';
import { bloomAlign, bloomMargin, drawOrder, planPieces, pieceView, type Piece, type PiecePlan } from './pieces.ts';

/** Largest region drawn in one go unless the browser allows less: 4096 px is within every WebGL 2 limit we know. */
export const MAX_REGION = 4096;

/** How a picture is cut into pieces. */
export interface PieceOptions {
  /** Force this core piece size (otherwise: as few pieces as the browser allows). */
  piece?: [number, number] | null;
  /** Override the bloom margin in px (tests show what too small a margin does). */
  margin?: number;
}

export interface SessionOptions {
  browser: Browser;
  site: Site;
  installation: string;
  /** Called with a line for the person running the render (page warnings). */
  log?: (line: string) => void;
}

// Anything over the picture (messages, banners, the studio's tuning panel) is not part of the artwork.
const HIDE_OVERLAYS = 'body > :not(#root), #root > :not(.stage) { display: none !important; }';
const PAGE_TIMEOUT = 180_000;

export class InstallationRenderer {
  private page: Page | null = null;
  private readonly levels: number;
  private maxRegion: [number, number] = [MAX_REGION, MAX_REGION];

  private constructor(
    private readonly options: SessionOptions,
    levels: number,
  ) {
    this.levels = levels;
  }

  /** Checks the installation exists and is valid on the site; the page is opened on the first frame. */
  static async open(options: SessionOptions): Promise<InstallationRenderer> {
    const { site, installation } = options;
    if (!site.names.includes(installation)) throw new UnknownInstallation(installation, site);
    const config = await site.config(installation);
    return new InstallationRenderer(options, config.look.bloom.levels);
  }

  /** The pieces a width x height picture is drawn in. */
  plan(width: number, height: number, options: PieceOptions = {}): PiecePlan {
    return planPieces(width, height, {
      maxRegion: this.maxRegion,
      margin: options.margin ?? bloomMargin(this.levels),
      align: bloomAlign(this.levels),
      piece: options.piece,
    });
  }

  /** Draws one piece at time t and returns its core as a PNG (bytes from Chromium's screenshot). */
  async drawPiece(plan: PiecePlan, piece: Piece, t: number): Promise<Buffer> {
    const view = pieceView(plan, piece);
    const { width, height } = piece.region;
    if (!this.page) await this.openPage(t, view, width, height);
    else {
      const page = this.page;
      try {
        if (this.loads !== 1) await this.reloaded(page);
        await this.show(page, t, view, width, height);
      } catch (e) {
        // A page reloaded under us (a dev server may do that) is waited for and asked again, once.
        if (this.loads === 1) throw e;
        await this.reloaded(page);
        await this.show(page, t, view, width, height);
      }
    }
    const page = this.page!;
    const clip = { x: piece.core.x - piece.region.x, y: piece.core.y - piece.region.y, width: piece.core.width, height: piece.core.height };
    return page.screenshot({ type: 'png', clip, timeout: PAGE_TIMEOUT });
  }

  /**
   * Draws frame t at width x height as PNG bytes. One piece: Chromium's PNG as is. Several: the
   * pieces are stitched row band by row band into `out` (required then), streaming.
   */
  async drawFrame(t: number, width: number, height: number, out: string, options: PieceOptions = {}): Promise<PiecePlan> {
    const plan = this.plan(width, height, options);
    if (plan.pieces.length === 1) {
      await writeFileAtomic(out, await this.drawPiece(plan, plan.pieces[0], t));
      return plan;
    }
    const shots = new Map<Piece, Buffer>();
    for (const piece of drawOrder(plan)) shots.set(piece, await this.drawPiece(plan, piece, t));
    await stitch(plan, shots, out);
    return plan;
  }

  async close(): Promise<void> {
    await this.page?.close();
    this.page = null;
  }

  /** Page loads so far (1 after opening; more means the page reloaded itself). */
  private loads = 0;

  /** After a reload: waits for the page to be ready again. */
  private async reloaded(page: Page): Promise<void> {
    this.options.log?.(`${this.options.installation}: the page reloaded; waiting for it`);
    await page.waitForFunction(() => document.documentElement.dataset.state === 'ready', null, { timeout: PAGE_TIMEOUT });
    this.loads = 1;
  }

  private async openPage(t: number, view: View, width: number, height: number): Promise<void> {
    const { browser, site, installation, log } = this.options;
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1, reducedMotion: 'no-preference' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('domcontentloaded', () => this.loads++);
    await page.addInitScript(
      `document.addEventListener('DOMContentLoaded', () => { const s = document.createElement('style'); s.textContent = ${JSON.stringify(HIDE_OVERLAYS)}; document.head.append(s); });`,
    );
    // Stills mode: the page core alone, a function of the URL (src/stills/mode.ts).
    const q = new URLSearchParams({ installation, t: String(t), mode: 'stills', view: view.join(',') });
    this.loads = 0;
    await page.goto(`${site.origin}/?${q}`);
    await page.waitForFunction(() => ['ready', 'error'].includes(document.documentElement.dataset.state ?? ''), null, { timeout: PAGE_TIMEOUT });
    this.loads = 1;
    const state = await page.evaluate(() => {
      const f = window.noctiluca?.controller.state.failure;
      return {
        state: document.documentElement.dataset.state,
        failure: f ? [f.title, ...f.lines].join(' ') : null,
        warnings: window.noctiluca?.stats().warnings ?? [],
      };
    });
    if (state.state !== 'ready') {
      await page.close();
      throw new Error(`stills: ${installation}: the page failed: ${state.failure ?? errors.join('; ') ?? 'unknown error'}`);
    }
    for (const w of state.warnings) log?.(`${installation}: ${w}`);
    // The browser may draw less than asked (drawing buffer limits): then the pieces must be smaller.
    const buffer = await page.evaluate(() => {
      const c = document.querySelector('canvas');
      const gl = c?.getContext('webgl2');
      return gl
        ? { w: gl.drawingBufferWidth, h: gl.drawingBufferHeight, cw: c!.width, ch: c!.height, max: Array.from(gl.getParameter(gl.MAX_VIEWPORT_DIMS) as Int32Array) }
        : null;
    });
    if (!buffer) {
      await page.close();
      throw new Error(`stills: ${installation}: the page has no WebGL 2 canvas`);
    }
    this.maxRegion = [Math.min(MAX_REGION, buffer.max[0]), Math.min(MAX_REGION, buffer.max[1])];
    if (buffer.w !== buffer.cw || buffer.h !== buffer.ch || buffer.cw < width || buffer.ch < height) {
      await page.close();
      throw new Error(`stills: Chromium draws ${buffer.w}x${buffer.h} px for a ${width}x${height} piece here; use a smaller --piece`);
    }
    this.page = page;
  }

  /** Brings the open page to time t, view and size, and waits until that frame is on screen. */
  private async show(page: Page, t: number, view: View, width: number, height: number): Promise<void> {
    const size = page.viewportSize();
    if (!size || size.width !== width || size.height !== height) {
      await page.setViewportSize({ width, height });
      // A resize reaches the canvas, then the renderer, over a few tasks and frames: let it settle
      // before asking for the frame that counts.
      await page.waitForFunction(
        ([w, h]) => {
          const c = document.querySelector('canvas');
          return !!c && c.clientWidth === w && c.clientHeight === h;
        },
        [width, height] as const,
        { timeout: PAGE_TIMEOUT },
      );
      await page.evaluate(`(${QUIET})()`);
    }
    await page.evaluate(`(${SHOW_FRAME})(${JSON.stringify([t, view, PAGE_TIMEOUT])})`);
  }
}

// In-page scripts are strings: the TypeScript loader (tsx) adds helpers to functions that do not exist in the page.

/** Sets time and view, then resolves once a frame with both is on screen. */
const SHOW_FRAME = `async ([t, view, timeout]) => {
  const n = window.noctiluca;
  const f0 = n.stats().frames;
  n.setTime(t);
  n.setView(view);
  const same = (a, b) => a === b || (!!a && !!b && a.every((x, i) => x === b[i]));
  const start = performance.now();
  await new Promise((resolve, reject) => {
    const check = () => {
      const s = n.stats();
      // A frame drawn after setTime, with the view asked for; two more frames put it on screen.
      if (s.frames > f0 && same(s.view, view)) requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
      else if (performance.now() - start > timeout) reject(new Error('no frame drawn at t=' + t + ' within ' + timeout / 1000 + ' s'));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}`;

/** Resolves once no frame has been drawn for three animation frames in a row. */
const QUIET = `async () => {
  let last = window.noctiluca.stats().frames;
  let still = 0;
  await new Promise((resolve) => {
    const check = () => {
      const f = window.noctiluca.stats().frames;
      still = f === last ? still + 1 : 0;
      last = f;
      if (still >= 3) resolve();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}`;

/** Stitches piece screenshots (PNG bytes of each core) into one PNG, one row band at a time. */
export async function stitch(plan: PiecePlan, shots: Map<Piece, Buffer>, out: string): Promise<void> {
  const writer = new PngWriter(out, plan.width, plan.height);
  try {
    const stride = plan.width * 4;
    for (let row = 0; row < plan.rows; row++) {
      const pieces = plan.pieces.filter((t) => t.row === row);
      const bandHeight = pieces[0].core.height;
      const band = new Uint8Array(stride * bandHeight);
      for (const piece of pieces) {
        const png = PNG.sync.read(shots.get(piece)!);
        const { width, height } = piece.core;
        if (png.width !== width || png.height !== height) throw new Error(`stills: piece ${piece.row},${piece.col}: got ${png.width}x${png.height}, expected ${width}x${height}`);
        for (let y = 0; y < height; y++) band.set(png.data.subarray(y * width * 4, (y + 1) * width * 4), y * stride + piece.core.x * 4);
        shots.delete(piece); // free the bytes as soon as they are used
      }
      await writer.writeRows(band, bandHeight);
    }
    await writer.end();
  } catch (e) {
    writer.abort();
    throw e;
  }
}

/** An installation the site does not serve; the message lists those it does. */
export class UnknownInstallation extends Error {
  constructor(name: string, site: Site) {
    super(
      site.names.length
        ? `no installation named "${name}" in ${site.source}; known: ${site.names.join(', ')}`
        : `no installation named "${name}": ${site.source} has none`,
    );
  }
}
