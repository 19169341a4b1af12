/**
 * Browser tests drive the real page in Debian's Chromium (WebGL through SwiftShader) against the
 * real Vite dev server. Software WebGL is slow: tests use small viewports and frozen time.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';

import { CHROMIUM, CHROMIUM_ARGS } from '../src/node/chromium.ts';

export { CHROMIUM, CHROMIUM_ARGS };

export interface Harness {
  server: ViteDevServer;
  browser: Browser;
  url: (path: string) => string;
  close: () => Promise<void>;
}

/** One dev server and one browser for a test file. */
export async function startHarness(extraArgs: string[] = []): Promise<Harness> {
  const server = await createServer({
    configFile: new URL('../vite.config.ts', import.meta.url).pathname,
    server: { port: 0, host: '127.0.0.1', hmr: { port: undefined } },
    logLevel: 'error',
    // A dependency cache of its own: dev servers running side by side must not rewrite each other's.
    cacheDir: join(tmpdir(), `noctiluca-vite-${process.pid}`),
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('harness: dev server has no port');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs], headless: true });
  return {
    server,
    browser,
    url: (path) => `http://127.0.0.1:${address.port}${path}`,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/** Opens `path` at a small viewport and waits for the page to say it is ready (or failed). */
export async function openPage(h: Harness, path: string, viewport = { width: 480, height: 270 }): Promise<Page> {
  const page = await h.browser.newPage({ viewport, deviceScaleFactor: 1 });
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`[page console] ${m.text()}`);
  });
  await page.goto(h.url(path));
  await page.waitForFunction(() => ['ready', 'error'].includes(document.documentElement.dataset.state ?? ''), null, {
    timeout: 150_000,
  });
  return page;
}

export interface Pixels {
  width: number;
  height: number;
  data: Uint8Array;
  png: Buffer;
}

/** A screenshot of the viewport as RGBA pixels. */
export async function screenshot(page: Page): Promise<Pixels> {
  const png = await page.screenshot({ type: 'png' });
  const img = PNG.sync.read(png);
  return { width: img.width, height: img.height, data: new Uint8Array(img.data), png };
}

/** Relative luminance (0–255 scale) of the pixel at x, y. */
export function luminance(p: Pixels, x: number, y: number): number {
  const i = 4 * (y * p.width + x);
  return 0.2126 * p.data[i] + 0.7152 * p.data[i + 1] + 0.0722 * p.data[i + 2];
}

/** Hue in degrees (0–360) and saturation (0–1) of an sRGB pixel. */
export function hueSat(p: Pixels, x: number, y: number): [number, number] {
  const i = 4 * (y * p.width + x);
  const [r, g, b] = [p.data[i] / 255, p.data[i + 1] / 255, p.data[i + 2] / 255];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  if (d === 0) return [0, 0];
  let h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  h *= 60;
  return [h < 0 ? h + 360 : h, max === 0 ? 0 : d / max];
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Mean absolute per-channel difference between two screenshots, 0–255, optionally ignoring a box. */
export function meanDiff(a: Pixels, b: Pixels, ignore?: Box | null): number {
  let sum = 0;
  let count = 0;
  for (let y = 0; y < a.height; y++)
    for (let x = 0; x < a.width; x++) {
      if (ignore && x >= ignore.x && x < ignore.x + ignore.width && y >= ignore.y && y < ignore.y + ignore.height) continue;
      const i = 4 * (y * a.width + x);
      sum += Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]);
      count++;
    }
  return sum / (count * 3);
}
