/**
 * Rebuilds: how long the page takes to apply one settings change to a large mosaic, the way the
 * tuning panel and hot reload apply it (`window.noctiluca.controller.applyConfig`). Three changes,
 * one after the other on the same page (Harmonia's config on a synthetic mosaic, frozen time):
 *
 *   remap  encoding.hue.field: wellness → emergency_share (one channel, one byte column)
 *   gap    layout.gap: 0.14 → 0.2 (a uniform)
 *   seed   layout.seed: 7 → 8 (the layout runs again)
 *
 * For each: `applied`, from the call until applyConfig resolves (worker work, transfers, the main
 * thread's part); `shown`, from the call until the next frame with the change is done on the GPU (a
 * one-pixel readPixels after it); the bytes handed to WebGL uploads in between (bufferData,
 * bufferSubData, texImage2D, texSubImage2D) and the JS time spent in those calls. A plain frame at
 * the same size is measured first: `shown` minus it is roughly what the change cost the GPU side.
 */
import type { Page } from 'playwright-core';
import { measureFrames, openBenchPage, type Viewport } from './page.ts';
import type { BenchHarness } from './server.ts';
import { syntheticArtefact, syntheticConfig } from './synthetic.ts';

export const REBUILD_CHANGES = ['remap', 'gap', 'seed'] as const;
export type RebuildChange = (typeof REBUILD_CHANGES)[number];

export interface RebuildStep {
  change: RebuildChange;
  /** What applyConfig answered: the kind of work it did (its return value, as the page reports it). */
  result: string;
  appliedMs: number;
  shownMs: number;
  uploadBytes: number;
  uploadCallMs: number;
  /** Cell rebuilds the page counted for this change (stats().rebuilds after − before). */
  rebuilds: number;
}

export interface RebuildRun {
  cells: number;
  /** A plain GPU-synced frame at this size, for reference. */
  frameMs: number;
  steps: RebuildStep[];
}

export interface RebuildOptions {
  sizes: number[];
  viewport: Viewport;
  log?: (line: string) => void;
  onError?: (cells: number, err: unknown) => void;
}

export async function runRebuild(h: BenchHarness, opts: RebuildOptions): Promise<RebuildRun[]> {
  const out: RebuildRun[] = [];
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

async function runSize(h: BenchHarness, cells: number, opts: RebuildOptions): Promise<RebuildRun> {
  const name = `bench-rebuild-${cells}`;
  h.addInstallation(name, { config: syntheticConfig(name), artefact: () => syntheticArtefact(cells) });
  opts.log?.(`rebuild: ${cells.toLocaleString('en-US')} cells: loading`);
  const page = await openBenchPage(h, `/?installation=${name}&t=10`, opts.viewport);
  try {
    const frame = await measureFrames(page, 1, { warmup: 1, maxMs: 120_000 });
    const steps: RebuildStep[] = [];
    for (const change of REBUILD_CHANGES) {
      opts.log?.(`rebuild: ${cells.toLocaleString('en-US')} cells: ${change}`);
      steps.push(await applyChange(page, change));
    }
    return { cells, frameMs: frame.frameMedianMs, steps };
  } finally {
    await page.close();
    h.removeInstallation(name);
  }
}

function applyChange(page: Page, change: RebuildChange): Promise<RebuildStep> {
  return page.evaluate(async (change) => {
    type Config = { encoding: Record<string, unknown>; layout: Record<string, unknown> } & Record<string, unknown>;
    const w = window as unknown as {
      noctiluca: {
        controller: { state: { config: Config; gpu: { mesh: { onBeforeRender: () => void } } | null }; applyConfig(c: Config): Promise<unknown> };
        stats(): { frames: number; rebuilds: number };
      };
      __bench: { gl: WebGL2RenderingContext };
    };
    const gl = w.__bench.gl;
    const px = new Uint8Array(4);
    const raf = () => new Promise<number>((r) => requestAnimationFrame(r));
    const base = w.noctiluca.controller.state.config;
    const next: Config =
      change === 'remap'
        ? { ...base, encoding: { ...base.encoding, hue: { field: 'emergency_share', scale: { type: 'linear', domain: 'auto', range: [0, 1] } } } }
        : change === 'gap'
          ? { ...base, layout: { ...base.layout, gap: 0.2 } }
          : { ...base, layout: { ...base.layout, seed: (base.layout.seed as number) + 1 } };

    // Start from an idle GPU.
    await raf();
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);

    // Count what reaches WebGL as uploads until the change is on screen.
    let uploadBytes = 0;
    let uploadCallMs = 0;
    const g = gl as unknown as Record<string, (...a: unknown[]) => unknown>;
    const originals: Record<string, (...a: unknown[]) => unknown> = {};
    const sizeOf = (a: unknown): number => (a && typeof a === 'object' && 'byteLength' in a ? Number((a as ArrayBufferView).byteLength) : 0);
    for (const fn of ['bufferData', 'bufferSubData', 'texImage2D', 'texSubImage2D', 'texImage3D', 'texSubImage3D']) {
      const orig = g[fn];
      originals[fn] = orig;
      g[fn] = function (this: unknown, ...args: unknown[]) {
        for (const a of args) uploadBytes += sizeOf(a);
        const t = performance.now();
        try {
          return orig.apply(gl, args);
        } finally {
          uploadCallMs += performance.now() - t;
        }
      };
    }
    const before = w.noctiluca.stats();
    const t0 = performance.now();
    let result: unknown;
    let appliedMs = 0;
    let shownMs = 0;
    try {
      result = await w.noctiluca.controller.applyConfig(next);
      appliedMs = performance.now() - t0;
      // The change is on screen once the mosaic now in the controller's state has been drawn (three
      // calls its mesh's onBeforeRender) and the GPU has finished that frame.
      let drawn = false;
      const mesh = w.noctiluca.controller.state.gpu?.mesh;
      if (mesh) mesh.onBeforeRender = () => void (drawn = true);
      const deadline = performance.now() + 600_000;
      while (!drawn && performance.now() < deadline) await raf();
      if (mesh) mesh.onBeforeRender = () => {};
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
      shownMs = performance.now() - t0;
    } finally {
      for (const [fn, orig] of Object.entries(originals)) g[fn] = orig;
    }
    return {
      change,
      result: String(result),
      appliedMs,
      shownMs,
      uploadBytes,
      uploadCallMs,
      rebuilds: w.noctiluca.stats().rebuilds - before.rebuilds,
    };
  }, change);
}

/** `npx tsx bench/rebuild.ts [--head] [cells…]`: this part alone (default 100k and 1M cells), as a table. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const { startBenchHarness } = await import('./server.ts');
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const h = await startBenchHarness({ source: process.argv.includes('--head') ? 'head' : 'working-tree' });
  try {
    const runs = await runRebuild(h, {
      sizes: sizes.length ? sizes : [100_000, 1_000_000],
      viewport: { width: 64, height: 36 },
      log: (l) => console.error(`[rebuild ${new Date().toISOString().slice(11, 19)}] ${l}`),
    });
    console.log(`rebuild (${h.source}):`);
    for (const r of runs) {
      console.log(`  ${r.cells} cells, plain frame ${r.frameMs.toFixed(0)} ms`);
      for (const s of r.steps) {
        console.log(
          `    ${s.change.padEnd(6)} ${s.result.padEnd(8)} applied ${s.appliedMs.toFixed(0).padStart(7)} ms  shown ${s.shownMs.toFixed(0).padStart(7)} ms  ` +
            `uploads ${(s.uploadBytes / 1e6).toFixed(1).padStart(6)} MB in ${s.uploadCallMs.toFixed(0)} ms  rebuilds ${s.rebuilds}`,
        );
      }
    }
  } finally {
    await h.close();
  }
}
