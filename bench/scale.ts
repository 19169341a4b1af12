/**
 * Scaling: the app loaded with synthetic installations of 1k … 1M cells at a tiny viewport (so
 * SwiftShader's fill cost does not hide the per-frame work), with the full look, at a frozen time.
 * For each size: time to first frame and main-thread long tasks while loading, the pipeline worker's
 * layout and encode time, the median JS time of the frame callback, the GPU-synchronised frame time
 * (SwiftShader's vertex work shows here), draw calls, shader programs and GPU bytes per cell. Ripples
 * and stirring are on (a recorded stroke, stirBenchPage).
 *
 * Every frame waits for the GPU, so large sizes get fewer frames than asked within `maxFrameMs`
 * (SwiftShader draws 1M cells in tens of seconds); the count measured is reported.
 */
import { metaTexelBytes } from '../src/encode/slots.ts';
import { syntheticArtefact, syntheticConfig } from './synthetic.ts';
import { loadMetrics, measureFrames, median, openBenchPage, pageStats, stirBenchPage, type FrameSample, type LoadMetrics, type PageStats, type Viewport } from './page.ts';
import type { Page } from 'playwright-core';
import type { BenchHarness } from './server.ts';

export interface ScaleRun {
  cells: number;
  load: LoadMetrics;
  frames: FrameSample;
  stats: PageStats;
  /** stats().gpuBytes / cells, and its split. */
  bytesPerCell: { total: number; attributes: number; timeline: number };
}

/**
 * Bytes per cell of the attribute table (src/encode/cellTable.ts) that stay on the GPU: site 4,
 * style 4, meta as many as the channels beyond style's four need (1 for the shipped list:
 * src/encode/slots.ts). The corners (16, and their count 1) are there only while the cell image is
 * drawn (src/render/mosaic.ts), so gpuBytes leaves them out.
 */
export const ATTRIBUTE_BYTES_PER_CELL = 4 + 4 + metaTexelBytes();

export interface ScaleOptions {
  sizes: number[];
  frames: number;
  /** Frames drawn first and not counted (the JIT's warm-up; 1 unless given). */
  warmup?: number;
  viewport: Viewport;
  /** Cap on the time spent collecting frames at one size, ms. */
  maxFrameMs?: number;
  log?: (line: string) => void;
  /** Called with a size that failed (the other sizes still run). */
  onError?: (cells: number, err: unknown) => void;
}

export async function runScale(h: BenchHarness, opts: ScaleOptions): Promise<ScaleRun[]> {
  const out: ScaleRun[] = [];
  for (const cells of opts.sizes) {
    try {
      out.push(await runSize(h, cells, opts));
    } catch (err) {
      if (!opts.onError) throw err;
      opts.onError(cells, err);
    }
  }
  return out;
}

async function runSize(h: BenchHarness, cells: number, opts: ScaleOptions): Promise<ScaleRun> {
  {
    const name = `bench-${cells}`;
    // Made before the page asks for it, so its making (seconds at 1M) is not billed to loading.
    const bytes = syntheticArtefact(cells);
    h.addInstallation(name, { config: syntheticConfig(name), artefact: () => bytes });
    opts.log?.(`scale: ${cells.toLocaleString('en-US')} cells: loading`);
    // Frozen time: the page draws only when asked, so no GL work queues up behind the measurement.
    const page = await openBenchPage(h, `/?installation=${name}&t=10`, opts.viewport);
    try {
      const load = await loadMetrics(page);
      // Ripples are on in Harmonia's look; stirring is drawn from a recorded stroke.
      await stirBenchPage(page);
      opts.log?.(`scale: ${cells.toLocaleString('en-US')} cells: ready in ${(load.timeToFirstFrameMs / 1000).toFixed(1)} s; ${opts.frames} frames`);
      const frames = await measureFrames(page, opts.frames, { maxMs: opts.maxFrameMs ?? 60_000, warmup: opts.warmup ?? 1 });
      const stats = await pageStats(page);
      const total = stats.gpuBytes / Math.max(1, stats.cells);
      return {
        cells: stats.cells,
        load,
        frames,
        stats,
        bytesPerCell: { total, attributes: ATTRIBUTE_BYTES_PER_CELL, timeline: total - ATTRIBUTE_BYTES_PER_CELL },
      };
    } finally {
      await page.close();
      h.removeInstallation(name);
    }
  }
}

/** JS per frame of the smallest and largest sizes, measured side by side (runJsPair). */
export interface JsPairRun {
  cells: [number, number];
  /** Median frame-callback JS time over all blocks, ms, for each size. */
  medianMs: [number, number];
  /** Each block's median, in the order measured, for each size. */
  blockMediansMs: [number[], number[]];
  frames: [number, number];
}

export interface JsPairOptions {
  cells: [number, number];
  viewport: Viewport;
  /** Frames each page draws first, not counted. */
  warmup: number;
  /** Blocks per page, alternated (ABBA…), and frames a block. */
  blocks: number;
  framesPerBlock: number;
  log?: (line: string) => void;
}

/**
 * The JS-per-frame ratio from both pages open at once, measured in alternating blocks (the order
 * reversed every other block). Measured one size after the other, the ratio carries whatever the
 * machine and the browser did in between: the callback's median moves by 15–25% from one block to
 * the next on the same page (its JIT, the GPU process, the other pages), more than the ≤ 1.1 goal
 * can tell apart. Alternated, both sizes see the same drift. Both pages are stirred, as in runSize.
 */
export async function runJsPair(h: BenchHarness, opts: JsPairOptions): Promise<JsPairRun> {
  const names = opts.cells.map((n) => `bench-js-${n}`);
  const pages: Page[] = [];
  try {
    for (const [i, cells] of opts.cells.entries()) {
      const bytes = syntheticArtefact(cells);
      h.addInstallation(names[i], { config: syntheticConfig(names[i]), artefact: () => bytes });
      opts.log?.(`js pair: ${cells.toLocaleString('en-US')} cells: loading`);
      const page = await openBenchPage(h, `/?installation=${names[i]}&t=10`, opts.viewport);
      await stirBenchPage(page);
      pages.push(page);
    }
    for (const page of pages) await measureFrames(page, 0, { warmup: opts.warmup, maxMs: 600_000 });
    const ms: [number[], number[]] = [[], []];
    const blocks: [number[], number[]] = [[], []];
    for (let b = 0; b < opts.blocks; b++) {
      for (const i of b % 2 ? [1, 0] : [0, 1]) {
        const f = await measureFrames(pages[i], opts.framesPerBlock, { warmup: 0, maxMs: 600_000 });
        ms[i].push(...f.cpuMs);
        blocks[i].push(f.cpuMedianMs);
      }
      opts.log?.(`js pair: block ${b + 1} of ${opts.blocks}: ${blocks[0][b].toFixed(3)} / ${blocks[1][b].toFixed(3)} ms`);
    }
    return { cells: opts.cells, medianMs: [median(ms[0]), median(ms[1])], blockMediansMs: blocks, frames: [ms[0].length, ms[1].length] };
  } finally {
    for (const page of pages) await page.close();
    for (const name of names) h.removeInstallation(name);
  }
}
