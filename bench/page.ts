/**
 * Driving a benchmark page in Chromium: the app (`/?installation=…`) or the naive peer
 * (`/bench/peer/index.html`). Both expose the same three things the bench needs: a frame counter, the
 * JS time of recent frame callbacks, and a way to ask for one frame; see `target()` below.
 */
import type { Page } from 'playwright-core';
import type { Harness } from '../tests/harness.ts';
import type { Automation, Stats } from '../src/app/contract.ts';

/**
 * Runs before any page script: records long tasks and the moment the page says "ready", listens to
 * the pipeline worker's replies (layout and encode timings), and keeps the WebGL context so frames
 * can be synchronised with a one-pixel readPixels.
 */
const INIT_SCRIPT = `(() => {
  // tsx (esbuild keepNames) wraps named functions in page.evaluate bodies with __name().
  window.__name = window.__name || ((f) => f);
  const b = (window.__bench = { longTasks: [], readyAt: null, readySyncedAt: null, pipeline: [], gl: null });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  new MutationObserver(() => {
    const s = document.documentElement && document.documentElement.dataset.state;
    if (s !== 'ready' || b.readyAt !== null) return;
    b.readyAt = performance.now();
    // In a task of its own (not billed to loading): wait until the GPU has actually drawn it.
    setTimeout(() => {
      if (b.gl) b.gl.readPixels(0, 0, 1, 1, b.gl.RGBA, b.gl.UNSIGNED_BYTE, new Uint8Array(4));
      b.readySyncedAt = performance.now();
    });
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-state'] });
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(url, opts) {
      super(url, opts);
      this.addEventListener('message', (e) => { if (e.data && e.data.timings) b.pipeline.push(e.data.timings); });
    }
  };
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
    const c = getContext.call(this, type, ...rest);
    if (c && (type === 'webgl2' || type === 'webgl')) b.gl = c;
    return c;
  };
})();`;

export interface Viewport {
  width: number;
  height: number;
}

/**
 * Opens a page with the bench's init script and waits until it is ready. A page that fails (or says
 * "error") is tried once more after a pause: in a shared checkout someone may be mid-edit.
 */
export async function openBenchPage(h: Pick<Harness, 'browser' | 'url'>, path: string, viewport: Viewport, timeoutMs = 600_000, retries = 1): Promise<Page> {
  const page = await h.browser.newPage({ viewport, deviceScaleFactor: 1 });
  page.on('pageerror', (e) => console.error(`[bench page error] ${e.message}`));
  await page.addInitScript(INIT_SCRIPT);
  let problem = '';
  try {
    await page.goto(h.url(path), { timeout: timeoutMs });
    await page.waitForFunction(() => ['ready', 'error'].includes(document.documentElement.dataset.state ?? ''), null, {
      timeout: timeoutMs,
      polling: 250,
    });
    if ((await page.evaluate(() => document.documentElement.dataset.state)) === 'ready') return page;
    problem = (await page.evaluate(() => document.body.innerText)).replace(/\s+/g, ' ').slice(0, 400);
  } catch (err) {
    problem = err instanceof Error ? err.message.split('\n')[0] : String(err);
  }
  await page.close();
  if (retries > 0) {
    console.error(`[bench] ${path} did not load (${problem}); trying again in 20 s`);
    await new Promise((r) => setTimeout(r, 20_000));
    return openBenchPage(h, path, viewport, timeoutMs, retries - 1);
  }
  throw new Error(`bench: ${path} did not load: ${problem}`);
}

/**
 * Stirring on, as the look benchmarks measure it: a recorded stroke (the most samples a frame draws)
 * across the mosaic in the two seconds before `t`, so every measured frame draws the stirring.
 */
export async function stirBenchPage(page: Page, t = 10): Promise<number> {
  return page.evaluate(
    `(() => {
      const n = 512;
      const rec = [];
      for (let k = 0; k < n; k++) rec.push({ t: ${t} - 2 + (2 * k) / n, x: 0.1 + (0.8 * k) / n, y: 0.5 + 0.3 * Math.sin(k / 40), r: 0.05, a: 1 });
      window.noctiluca.stir.replay(rec);
      return window.noctiluca.stir.record().length;
    })()`,
  ) as Promise<number>;
}

export interface LoadMetrics {
  /** Navigation start to "ready" (the page says its first frame with the data is presented), ms. */
  timeToFirstFrameMs: number;
  /** Navigation start to that first frame done on the GPU (a one-pixel readPixels after ready), ms. */
  timeToFirstFrameSyncedMs: number;
  /** Main-thread long tasks (> 50 ms) before ready. */
  longTasks: { count: number; totalMs: number; maxMs: number };
  /** The pipeline worker's own timings (layout, encode), ms; null on the peer. */
  worker: { layout: number; encode: number } | null;
}

export async function loadMetrics(page: Page): Promise<LoadMetrics> {
  await page.waitForFunction(() => (window as unknown as { __bench: { readySyncedAt: number | null } }).__bench.readySyncedAt !== null, null, {
    timeout: 600_000,
    polling: 250,
  });
  return page.evaluate(() => {
    const b = (window as unknown as { __bench: { longTasks: { start: number; duration: number }[]; readyAt: number; readySyncedAt: number; pipeline: { layout: number; encode: number }[] } }).__bench;
    const before = b.longTasks.filter((t) => t.start < b.readyAt);
    return {
      timeToFirstFrameMs: b.readyAt,
      timeToFirstFrameSyncedMs: b.readySyncedAt,
      longTasks: {
        count: before.length,
        totalMs: before.reduce((s, t) => s + t.duration, 0),
        maxMs: before.reduce((m, t) => Math.max(m, t.duration), 0),
      },
      worker: b.pipeline.length ? b.pipeline[b.pipeline.length - 1] : null,
    };
  });
}

/** What a bench page offers, app or peer. */
interface Target {
  frames(): number;
  frameTimings(): number[];
  requestFrame(k: number): void;
  stats(): Record<string, unknown>;
}

/** The counts the benchmark reads from the page's stats() (src/app/contract.ts), or from the naive peer's. */
export type PageStats = Pick<Stats, 'cells' | 'drawCalls' | 'sceneDrawCalls' | 'programs' | 'textures' | 'geometries' | 'gpuBytes' | 'frames'> & {
  /** The app's cell image (per pixel, not per cell); 0 for the peers. */
  imageBytes: number;
  /** The app ran its per-cell state pass (one more draw call and program); false for the peers. */
  statePass: boolean;
};

export async function pageStats(page: Page): Promise<PageStats> {
  return page.evaluate(() => {
    const w = window as unknown as { peer?: { stats(): PageStats }; noctiluca?: { stats(): PageStats } };
    const s = (w.peer ?? w.noctiluca)!.stats();
    return {
      cells: s.cells,
      drawCalls: s.drawCalls,
      sceneDrawCalls: s.sceneDrawCalls,
      programs: s.programs,
      textures: s.textures,
      geometries: s.geometries,
      gpuBytes: s.gpuBytes,
      imageBytes: s.imageBytes ?? 0,
      statePass: s.statePass ?? false,
      frames: s.frames,
    };
  });
}

export interface FrameSample {
  /** Median JS time of the frame callback, ms. */
  cpuMedianMs: number;
  cpuP90Ms: number;
  /** Median frame time synchronised with the GPU (SwiftShader's vertex and fill work included), ms. */
  frameMedianMs: number;
  /** Frames measured (after warm-up); fewer than asked when the time cap was reached. */
  frames: number;
  cpuMs: number[];
  frameMs: number[];
}

const median = (xs: number[]) => quantile(xs, 0.5);
export function quantile(xs: number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.min(s.length - 1, lo + 1)] - s[lo]) * (i - lo);
}
export { median };

/**
 * Frames on a frozen page (`?t=` for the app, `&frozen` for the peer), one at a time and synchronised
 * with the GPU. For each frame, a rAF callback notes the start, the page is asked for exactly one
 * frame (the app's setTime, the peer's requestFrame), and a rAF callback queued after it reads one
 * pixel (which waits for every queued GL command) and notes the end; all three run in the same
 * animation frame, in order. The frame callback's own JS time comes from the page's frameTimings().
 *
 * Why one frame at a time: a running page queues GL work much faster than SwiftShader does it (at
 * 30k cells, 78 frames in 0.3 s queued 225 s of GPU work), so unsynchronised frames measure nothing
 * but the queue, and leave a backlog that stalls every later page in the browser.
 */
export async function measureFrames(page: Page, frames: number, opts: { warmup?: number; maxMs?: number } = {}): Promise<FrameSample> {
  const r = await page.evaluate(
    async ({ frames, warmup, maxMs }) => {
      const w = window as unknown as {
        peer?: Target;
        noctiluca: Automation;
        __bench: { gl: WebGL2RenderingContext };
      };
      const gl = w.__bench.gl;
      const px = new Uint8Array(4);
      const frameCount = () => (w.peer ? w.peer.frames() : w.noctiluca.stats().frames);
      const timings = () => (w.peer ? w.peer.frameTimings() : w.noctiluca.frameTimings());
      const request = (k: number) => (w.peer ? w.peer.requestFrame(k) : w.noctiluca.setTime(10 + k * 0.05));
      const raf = () => new Promise<number>((r) => requestAnimationFrame(r));
      const frameMs: number[] = [];
      const cpuMs: number[] = [];
      // The time cap counts from the end of the warm-up.
      let t0 = performance.now();
      for (let k = 0, tries = 0; frameMs.length < frames + warmup && tries < 3 * (frames + warmup) + 5; tries++) {
        if (frameMs.length <= warmup) t0 = performance.now();
        else if (performance.now() - t0 > maxMs) break;
        await raf();
        gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
        const f0 = frameCount();
        let start = 0;
        let startFrames = -1;
        const end = await new Promise<[number, number]>((resolve) => {
          requestAnimationFrame(() => {
            start = performance.now();
            startFrames = frameCount();
          });
          request(k++);
          requestAnimationFrame(() => {
            gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
            resolve([performance.now(), frameCount()]);
          });
        });
        // Keep only frames where exactly one frame was drawn between the two marks.
        if (startFrames === f0 && end[1] === f0 + 1) {
          frameMs.push(end[0] - start);
          const t = timings();
          cpuMs.push(t[t.length - 1]);
        }
      }
      return { frameMs: frameMs.slice(warmup), cpuMs: cpuMs.slice(warmup) };
    },
    { frames, warmup: opts.warmup ?? 2, maxMs: opts.maxMs ?? 120_000 },
  );
  return {
    cpuMedianMs: median(r.cpuMs),
    cpuP90Ms: quantile(r.cpuMs, 0.9),
    frameMedianMs: median(r.frameMs),
    frames: r.frameMs.length,
    cpuMs: r.cpuMs,
    frameMs: r.frameMs,
  };
}
