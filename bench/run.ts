/**
 * The benchmark suite: where Noctiluca stands, measured side by side in one run, as ratios and counts
 * (the machines are shared, 2 cores, no GPU: WebGL runs in SwiftShader, so absolute times only mean
 * something next to each other). See bench/README.md for what each metric means and its goal.
 *
 *   npm run bench                 the full suite: writes bench/results/latest.json, prints the tables
 *   npx tsx bench/run.ts --quick  small sizes only (what tests/bench-smoke.test.ts runs)
 *   --only deckgl,intake          only these parts (see PARTS); writes bench/results/only-<parts>.json
 *   --head                        serve the last commit instead of the working tree (shared checkouts)
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBundleBench, type BundleRun } from './bundle.ts';
import { runContributionsBench, type ContributionsBench } from './contributions.ts';
import { runDeckgl, type DeckglOptions, type DeckglRun } from './deckgl.ts';
import { measureFrameTimes, type FrameTimeRun } from './frameTime.ts';
import { runIntakeBench, type IntakeBenchRun } from './intake.ts';
import { runLayoutBench, type LayoutRun } from './layout.ts';
import { openBenchPage, type Viewport } from './page.ts';
import { runPeer, type PeerRun } from './peer.ts';
import { runRebuild, type RebuildRun } from './rebuild.ts';
import { runJsPair, runScale, type JsPairRun, type ScaleRun } from './scale.ts';
import { startBenchHarness, type BenchHarness, type DevBenchHarness } from './server.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** The parts of the suite, each runnable alone (`--only`). */
export const PARTS = ['bundle', 'layout', 'intake', 'scale', 'peer', 'frame', 'deckgl', 'rebuild', 'contributions'] as const;
export type Part = (typeof PARTS)[number];

export interface SuiteOptions {
  /** Only these parts; null for all of them. */
  only: Part[] | null;
  /** bench/contributions.ts: installation sizes for approval → drawn, submissions for the form's rate; null to skip. */
  contributions: { journeys: number[]; submissions: number; approvals: number } | null;
  /** Cells per scaling run (synthetic installations). */
  scaleSizes: number[];
  /** Frames whose frame-callback JS time is the median (200 in the full suite; fewer where maxFrameMs runs out). */
  cpuFrames: number;
  /**
   * Frames drawn before those: the frame callback's JIT warms over a page's first ~40 frames (block
   * medians 2.0 -> 0.6 ms, bench/probe-js.ts), and a median of a fresh page's frames would carry it.
   */
  cpuWarmup: number;
  cpuViewport: Viewport;
  /**
   * The JS-per-frame goal's ratio: the smallest and largest scale sizes open at once, measured in
   * alternating blocks after a warm-up (bench/scale.ts runJsPair); null to take it from the sizes'
   * own runs, one after the other.
   */
  jsPair: { warmup: number; blocks: number; framesPerBlock: number } | null;
  /** Cap on the time spent collecting frames at one size (every frame waits for SwiftShader: 1M cells take ~30 s). */
  maxFrameMs: number;
  layoutSizes: number[];
  /** Cells of the rebuild runs (bench/rebuild.ts: a one-channel remap, a gap change, a seed change); empty to skip. */
  rebuildSizes: number[];
  /** Event counts for bench/intake.ts; empty to skip. */
  intakeEvents: number[];
  /** bench/intake.ts's built-in CSV generator instead of scripts/generate-sample-data.ts (faster to start). */
  intakeBuiltinGenerator: boolean;
  peerSizes: number[];
  peerViewport: Viewport;
  peerFrames: number;
  /** Installation whose frame time is measured at each viewport. */
  lookInstallation: string;
  frameViewports: { viewport: Viewport; frames: number }[];
  bundle: boolean;
  /** The deck.gl peer, interleaved with the app (bench/deckgl.ts). */
  deckgl: Omit<DeckglOptions, 'log'>;
  /**
   * What the browser parts load: "auto" (the working tree, or HEAD if the working tree does not
   * load), "working-tree" (no check) or "head".
   */
  source: 'auto' | 'working-tree' | 'head';
  /**
   * Load the scaling (1, 2, 3, 5) and deck.gl (11) pages, the app's and the peer's alike, from a
   * production build served by `vite preview` (what residents load) instead of the dev server's
   * unbundled modules. The other browser parts (peer, frame, rebuild) stay on the dev server (the
   * look's debug surface is a development build's).
   */
  built: boolean;
  log: (line: string) => void;
}

export const FULL: SuiteOptions = {
  only: null,
  contributions: { journeys: [3_000, 100_000], submissions: 400, approvals: 3 },
  scaleSizes: [1_000, 10_000, 100_000, 1_000_000],
  cpuFrames: 200,
  cpuWarmup: 40,
  cpuViewport: { width: 64, height: 36 },
  jsPair: { warmup: 30, blocks: 6, framesPerBlock: 8 },
  maxFrameMs: 60_000,
  layoutSizes: [10_000, 100_000, 1_000_000],
  rebuildSizes: [100_000, 1_000_000],
  intakeEvents: [100_000, 1_000_000],
  intakeBuiltinGenerator: false,
  peerSizes: [1_000, 10_000],
  peerViewport: { width: 960, height: 540 },
  peerFrames: 8,
  lookInstallation: 'harmonia',
  frameViewports: [
    { viewport: { width: 1920, height: 1080 }, frames: 5 },
    { viewport: { width: 3840, height: 2160 }, frames: 2 },
  ],
  bundle: true,
  deckgl: { sizes: [10_000, 100_000, 1_000_000], frameSizes: [10_000, 100_000], repetitions: 3, viewport: { width: 960, height: 540 }, frames: 5 },
  source: 'auto',
  built: true,
  log: (line) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`),
};

/** Small sizes, few frames, small viewports: the smoke test and a quick look. */
export const QUICK: SuiteOptions = {
  ...FULL,
  scaleSizes: [1_000],
  cpuFrames: 10,
  cpuWarmup: 1,
  jsPair: null,
  maxFrameMs: 10_000,
  layoutSizes: [1_000],
  rebuildSizes: [1_000],
  intakeEvents: [2_000],
  intakeBuiltinGenerator: true,
  peerSizes: [1_000],
  peerViewport: { width: 160, height: 90 },
  peerFrames: 1,
  frameViewports: [{ viewport: { width: 160, height: 90 }, frames: 1 }],
  bundle: false,
  built: false, // no vite build in the smoke test
  deckgl: { sizes: [1_000], frameSizes: [1_000], repetitions: 1, viewport: { width: 160, height: 90 }, frames: 1 },
  contributions: null, // a vite build of its own and a venue server: run it alone (npx tsx bench/contributions.ts)
};

export interface SuiteResult {
  date: string;
  machine: { cpus: number; node: string; chromium: string };
  /** What the dev server served: "working tree" or "HEAD <commit>" (and what the build was made from). */
  source: string;
  scale: ScaleRun[];
  /** Frame-callback JS time at the largest size over the smallest (goal ≤ 1.1): from jsPair when it ran, else from the sizes' own runs. */
  cpuRatioLargestOverSmallest: number | null;
  /** The smallest and largest sizes side by side, blocks alternated (SuiteOptions.jsPair). */
  jsPair: JsPairRun | null;
  /** Draw calls and programs the same at every size. */
  drawCallsConstant: boolean;
  frameTime: FrameTimeRun[];
  /** The look owner's bench/look.ts result, when that file exists (its own shape). */
  look: unknown;
  peer: PeerRun[];
  deckgl: DeckglRun[];
  layout: LayoutRun[];
  rebuild: RebuildRun[];
  intake: IntakeBenchRun[];
  bundle: BundleRun | null;
  contributions: ContributionsBench | null;
  errors: string[];
  durationMs: number;
}

/**
 * The dev server on the working tree, or on HEAD when the working tree does not load (a shared
 * checkout where someone is mid-edit); `--head` asks for HEAD directly.
 */
async function startServing(opts: SuiteOptions): Promise<DevBenchHarness> {
  if (opts.source === 'head') return startBenchHarness({ source: 'head' });
  const h = await startBenchHarness();
  if (opts.source === 'working-tree') return h;
  try {
    const page = await openBenchPage(h, '/?installation=harmonia&t=1', { width: 64, height: 36 }, 60_000);
    await page.close();
    return h;
  } catch (err) {
    opts.log(`the working tree does not load (${(err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 200)}); serving HEAD instead`);
    await h.close();
    return startBenchHarness({ source: 'head' });
  }
}

/**
 * Runs bench/look.ts's measureLook (the look owner's, one call per viewport with its frame count)
 * when that file exists and the page offers what it drives (window.noctiluca.look); null otherwise,
 * and the suite measures frame time itself (bench/frameTime.ts).
 */
async function lookBench(h: DevBenchHarness, opts: SuiteOptions): Promise<{ raw: unknown[]; rows: FrameTimeRun[] } | null> {
  if (!existsSync(join(here, 'look.ts'))) return null;
  const mod = (await import('./look.ts' as string)) as {
    measureLook?: (h: DevBenchHarness, o: { installation: string; viewports: Viewport[]; frames: number; warmup: number; log: (l: string) => void }) => Promise<{
      runs: { viewport: Viewport; blank: number; mosaic: number; none: number; full: number; pmndrs: number }[];
    }>;
  };
  if (typeof mod.measureLook !== 'function') return null;
  const probe = await openBenchPage(h, `/?installation=${opts.lookInstallation}&t=10`, { width: 64, height: 36 });
  // The look surface is a development build's, loaded just after the stage (src/app/Stage.tsx): wait a moment for it.
  const hasLook = await probe
    .waitForFunction(() => Boolean((window as unknown as { noctiluca: { look?: unknown } }).noctiluca.look), null, { timeout: 10_000 })
    .then(() => true, () => false);
  await probe.close();
  if (!hasLook) {
    opts.log('bench/look.ts exists but the page has no window.noctiluca.look yet: measuring frame time with bench/frameTime.ts');
    return null;
  }
  const raw: unknown[] = [];
  const rows: FrameTimeRun[] = [];
  for (const { viewport, frames } of opts.frameViewports) {
    const r = await mod.measureLook(h, { installation: opts.lookInstallation, viewports: [viewport], frames, warmup: 1, log: opts.log });
    raw.push(r);
    for (const x of r.runs) {
      rows.push({
        viewport: x.viewport,
        installation: opts.lookInstallation,
        frames,
        blankMs: x.blank,
        mosaicMs: x.none,
        fullMs: x.full,
        pmndrsMs: x.pmndrs,
        fullOverMosaic: x.full / x.none,
        glowOverDefaultBloom: (x.full - x.none) / (x.pmndrs - x.none),
      });
    }
  }
  return { raw, rows };
}

export async function runSuite(opts: SuiteOptions = FULL): Promise<SuiteResult> {
  const t0 = performance.now();
  const errors: string[] = [];
  const step = async <T>(name: string, f: () => Promise<T> | T, fallback: T): Promise<T> => {
    try {
      return await f();
    } catch (err) {
      const text = `${name}: ${err instanceof Error ? err.message : String(err)}`.replace(/\s+/g, ' ').slice(0, 500);
      opts.log(`FAILED ${text}`);
      errors.push(text);
      return fallback;
    }
  };

  const want = (p: Part) => opts.only === null || opts.only.includes(p);

  const bundle = opts.bundle && want('bundle') ? await step('bundle', () => { opts.log('bundle: vite build'); return runBundleBench(); }, null) : null;
  const layout = want('layout') ? await step('layout', () => runLayoutBench(opts.layoutSizes, opts.log), []) : [];
  const intake =
    opts.intakeEvents.length && want('intake')
      ? await step('intake', async () => (await runIntakeBench({ events: opts.intakeEvents, log: false, builtinGenerator: opts.intakeBuiltinGenerator })).runs, [])
      : [];

  let scale: ScaleRun[] = [];
  let frameTime: FrameTimeRun[] = [];
  let look: unknown = null;
  let peer: PeerRun[] = [];
  let rebuild: RebuildRun[] = [];
  let deckgl: DeckglRun[] = [];
  let jsPair: JsPairRun | null = null;
  let chromium = '';
  let source = '';
  const browserParts = (['scale', 'peer', 'frame', 'deckgl', 'rebuild'] as const).filter(want);
  const sources: string[] = [];
  /** The browser parts in `parts`, on one harness, in the suite's order. */
  const browserRun = async (h: BenchHarness, parts: Part[], dev: DevBenchHarness | null) => {
    const on = (p: Part) => parts.includes(p);
    chromium = h.browser.version();
    sources.push(h.source);
    // The largest sizes go last: if one takes the browser down, the other parts are measured already.
    const small = opts.scaleSizes.filter((n) => n < 1_000_000);
    const large = opts.scaleSizes.filter((n) => n >= 1_000_000);
    const scaleRun = (sizes: number[]) =>
      step(
        'scale',
        () =>
          runScale(h, {
            sizes,
            frames: opts.cpuFrames,
            warmup: opts.cpuWarmup,
            viewport: opts.cpuViewport,
            maxFrameMs: opts.maxFrameMs,
            log: opts.log,
            onError: (cells, err) => {
              const text = `scale ${cells}: ${err instanceof Error ? err.message : String(err)}`.replace(/\s+/g, ' ').slice(0, 500);
              opts.log(`FAILED ${text}`);
              errors.push(text);
            },
          }),
        [],
      );
    if (on('scale')) scale = await scaleRun(small);
    if (on('peer')) peer = await step(
      'peer',
      () =>
        runPeer(h, {
          sizes: opts.peerSizes,
          cpuFrames: opts.cpuFrames,
          cpuWarmup: opts.cpuWarmup,
          cpuViewport: opts.cpuViewport,
          maxFrameMs: opts.maxFrameMs,
          frameViewport: opts.peerViewport,
          frames: opts.peerFrames,
          scale,
          log: opts.log,
        }),
      [],
    );
    if (on('frame') && dev) {
      const fromLook = await step('look (bench/look.ts)', () => lookBench(dev, opts), null);
      if (fromLook) {
        look = fromLook.raw;
        frameTime = fromLook.rows;
      }
      if (fromLook === null) frameTime = await step('frame time', () => measureFrameTimes(dev, { installation: opts.lookInstallation, viewports: opts.frameViewports, log: opts.log }), []);
    }
    if (large.length && on('scale')) scale = [...scale, ...(await scaleRun(large))];
    const ends = [opts.scaleSizes[0], opts.scaleSizes[opts.scaleSizes.length - 1]] as [number, number];
    if (on('scale') && opts.jsPair && ends[0] !== ends[1]) {
      const settings = opts.jsPair;
      jsPair = await step('js pair', () => runJsPair(h, { cells: ends, viewport: opts.cpuViewport, ...settings, log: opts.log }), null);
    }
    if (on('deckgl')) deckgl = await step('deck.gl peer', () => runDeckgl(h, { ...opts.deckgl, log: opts.log }), []);
    // Rebuilds last: the 1M page is the heaviest thing the suite opens.
    if (opts.rebuildSizes.length && on('rebuild')) {
      rebuild = await step(
        'rebuild',
        () =>
          runRebuild(h, {
            sizes: opts.rebuildSizes,
            viewport: opts.cpuViewport,
            log: opts.log,
            onError: (cells, err) => {
              const text = `rebuild ${cells}: ${err instanceof Error ? err.message : String(err)}`.replace(/\s+/g, ' ').slice(0, 500);
              opts.log(`FAILED ${text}`);
              errors.push(text);
            },
          }),
        [],
      );
    }
  };
  // First the parts a production build serves (both peers' pages from the same build and server).
  let devParts: Part[] = browserParts;
  if (opts.built) {
    const builtParts: Part[] = browserParts.filter((p) => p === 'scale' || p === 'deckgl');
    if (builtParts.length) {
      opts.log(`${builtParts.join(', ')}: vite build of the app and the peers, served by vite preview`);
      const hb = await step('production build', () => startBenchHarness({ serve: 'build', source: opts.source === 'head' ? 'head' : 'working-tree' }), null);
      if (hb) {
        devParts = browserParts.filter((p) => !builtParts.includes(p));
        try {
          await browserRun(hb, builtParts, null);
        } finally {
          await hb.close();
        }
      } else opts.log('the build failed: those parts load from the dev server instead');
    }
  }
  const h = devParts.length ? await startServing(opts) : null;
  if (h) try {
    await browserRun(h, devParts, h);
  } finally {
    await h.close();
  }
  source = sources.join('; ');

  // Its own build and venue server, after the browser parts (it starts a Chromium of its own).
  const contributions =
    opts.contributions && want('contributions') ? await step('contributions', () => runContributionsBench({ ...opts.contributions!, log: opts.log }), null) : null;

  const first = scale[0];
  const last = scale[scale.length - 1];
  const pair = jsPair as JsPairRun | null; // set inside browserRun, which TypeScript does not follow
  return {
    date: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version, chromium },
    source,
    scale,
    cpuRatioLargestOverSmallest: pair ? pair.medianMs[1] / pair.medianMs[0] : first && last && first !== last ? last.frames.cpuMedianMs / first.frames.cpuMedianMs : null,
    jsPair: pair,
    // The per-cell state pass (sizes with fewer cells than pixels) is one more draw and program, by design.
    drawCallsConstant: scale.every((s) => {
      const own = (x: typeof s) => (x.stats.statePass ? 1 : 0);
      return first !== undefined && s.stats.drawCalls - own(s) === first.stats.drawCalls - own(first) && s.stats.programs - own(s) === first.stats.programs - own(first);
    }),
    frameTime,
    look,
    peer,
    deckgl,
    layout,
    rebuild,
    intake,
    bundle,
    contributions,
    errors,
    durationMs: performance.now() - t0,
  };
}

// ——— the table ———

const n0 = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
const n1 = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const n2 = (x: number) => (!Number.isFinite(x) ? String(x) : Math.abs(x) < 0.1 && x !== 0 ? x.toPrecision(2) : x.toFixed(2));
const ms = (x: number) => (x < 10 ? `${x.toFixed(3)} ms` : x < 10_000 ? `${n0(x)} ms` : `${n1(x / 1000)} s`);
const kb = (b: number) => `${n1(b / 1024)} KiB`;
const size = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));
const vp = (v: Viewport) => `${v.width}×${v.height}`;
const verdict = (ok: boolean | null) => (ok === null ? '' : ok ? ' ✅' : ' ❌');
const opt = (x: number | null, f: (x: number) => string) => (x === null ? '—' : f(x));

export function markdownTable(r: SuiteResult): string {
  const rows: [string, string, string][] = [];
  const row = (metric: string, value: string, goal = '') => rows.push([metric, value, goal]);

  for (const s of r.scale) {
    row(
      `1. CPU per frame, ${size(s.cells)} cells (${vp(FULL.cpuViewport)}, full look)`,
      `${ms(s.frames.cpuMedianMs)} median of ${s.frames.frames} frames (p90 ${ms(s.frames.cpuP90Ms)}); GPU-synced frame ${ms(s.frames.frameMedianMs)}`,
    );
  }
  if (r.cpuRatioLargestOverSmallest !== null) {
    const a = r.scale[0];
    const b = r.scale[r.scale.length - 1];
    const p = r.jsPair;
    row(
      `1. CPU per frame ${size(b.cells)} / ${size(a.cells)}`,
      n2(r.cpuRatioLargestOverSmallest) +
        verdict(r.cpuRatioLargestOverSmallest <= 1.1) +
        (p
          ? ` (both pages open, ${p.blockMediansMs[0].length} blocks alternated: ${ms(p.medianMs[0])} → ${ms(p.medianMs[1])} over ${p.frames[0]} / ${p.frames[1]} frames; block medians ${p.blockMediansMs[0].map((x) => x.toFixed(2)).join(' ')} / ${p.blockMediansMs[1].map((x) => x.toFixed(2)).join(' ')} ms; one size after the other: ${n2(b.frames.cpuMedianMs / a.frames.cpuMedianMs)})`
          : ''),
      '≤ 1.1',
    );
    row(`1. GPU-synced frame ${size(b.cells)} / ${size(a.cells)} (SwiftShader's vertex work)`, n2(b.frames.frameMedianMs / a.frames.frameMedianMs), '(reported)');
  }
  for (const s of r.scale) row(`2. draw calls / programs, ${size(s.cells)} cells`, `${s.stats.drawCalls} / ${s.stats.programs} (scene: ${s.stats.sceneDrawCalls}${s.stats.statePass ? '; with the per-cell state pass' : ''})`, 'constant (the state pass adds one); scene 1');
  if (r.scale.length) row('2. constant across sizes', r.drawCallsConstant ? 'yes ✅' : 'no ❌', 'yes');
  const big = r.scale[r.scale.length - 1];
  if (big) {
    row(
      `3. GPU bytes per cell (${size(big.cells)} cells)`,
      `${n1(big.bytesPerCell.total)} B = ${big.bytesPerCell.attributes} site and channel bytes (the corners are on the GPU only while the cell image is drawn) + ${n1(big.bytesPerCell.timeline)} timeline and pooled ripples; naive InstancedMesh 76 B → ${n2(big.bytesPerCell.total / 76)}×${verdict(big.bytesPerCell.total <= 16)}; and the cell image, ${n1(big.stats.imageBytes / 1024)} KiB (20 B a pixel of the output, not per cell)`,
      '≤ 16 B',
    );
  }
  for (const f of r.frameTime) {
    row(
      `4. frame time ${vp(f.viewport)} (${f.installation}, median of ${f.frames})`,
      `blank ${ms(f.blankMs)} · mosaic ${ms(f.mosaicMs)} · full ${ms(f.fullMs)} · pmndrs bloom ${ms(f.pmndrsMs)}`,
    );
    row(`4. full look / mosaic alone, ${vp(f.viewport)}`, n2(f.fullOverMosaic) + verdict(f.fullOverMosaic <= 2.5), '≤ 2.5');
    row(`4. our glow / pmndrs default bloom (cost over the mosaic), ${vp(f.viewport)}`, n2(f.glowOverDefaultBloom), '(lower is cheaper)');
  }
  if (r.look !== null) row('4. frame time measured by', "bench/look.ts (the look owner's measureLook; raw result under `look` in latest.json)", '');
  for (const s of r.scale) {
    row(
      `5. load ${size(s.cells)} journeys: first frame (ready; drawn on the GPU); long tasks`,
      `${ms(s.load.timeToFirstFrameMs)}; ${ms(s.load.timeToFirstFrameSyncedMs)}; ${s.load.longTasks.count} long tasks, ${ms(s.load.longTasks.totalMs)} total, max ${ms(s.load.longTasks.maxMs)}`,
    );
  }
  for (const i of r.intake) {
    row(
      `6. intake ${size(i.events)} events (${n0(i.journeys)} journeys)`,
      `intake ${n0(i.intakeEventsPerSec)} ev/s · bake ${n0(i.bakeEventsPerSec)} ev/s · bare d3-dsv ${n0(i.d3dsvEventsPerSec)} rows/s → intake/d3-dsv ${n2(i.intakeEventsPerSec / i.d3dsvEventsPerSec)}, bake/d3-dsv ${n2(i.bakeEventsPerSec / i.d3dsvEventsPerSec)}`,
      '(ratio to bare parse)',
    );
    row(
      `6. bake with disclosure control / bake before it, ${size(i.events)} events`,
      `${ms(i.bakeMs)} / ${ms(i.bakeV1Ms)} = ${n2(i.bakeOverV1)}${i.events >= 1_000_000 ? verdict(i.bakeOverV1 <= 1.5) : ''}`,
      i.events >= 1_000_000 ? '≤ 1.5' : '(reported)',
    );
  }
  for (const l of r.layout) row(`7. layout ${size(l.cells)} cells (Node)`, `${ms(l.ms)} (${n0(l.cellsPerSec)} cells/s)`);
  for (const s of r.scale) if (s.load.worker) row(`7. layout ${size(s.cells)} cells (browser worker)`, `${ms(s.load.worker.layout)} + encode ${ms(s.load.worker.encode)}`);
  if (r.bundle) {
    const m = r.bundle.perMode;
    row('8. initial JS, view mode (gzip -9)', `${kb(m.view.gzipBytes)} (${m.view.files.length} file(s), ${kb(m.view.rawBytes)} raw)`);
    if (m.viewMosaic) row('8. view mode, mosaic loaded afterwards (gzip -9)', `${kb(m.viewMosaic.gzipBytes)} (${m.viewMosaic.files.length} file(s))`);
    row('8. initial JS, studio mode (gzip -9)', `${kb(m.studio.gzipBytes)} (${m.studio.files.length} file(s), ${kb(m.studio.rawBytes)} raw); built from ${r.bundle.source}`);
  }
  for (const p of r.peer) {
    row(
      `9. vs naive peer, ${size(p.cells)} cells: CPU per frame (${vp(FULL.cpuViewport)})`,
      `ours ${ms(p.ours.cpu.cpuMedianMs)} / peer ${ms(p.peer.cpu.cpuMedianMs)} = ${n2(p.cpuRatio)} (draw calls ${p.ours.stats.drawCalls} vs ${p.peer.stats.drawCalls})`,
      '< 1',
    );
    row(`9. vs naive peer, ${size(p.cells)} cells: frame time ${vp(p.frameViewport)}`, `ours ${ms(p.ours.frameMs)} / peer ${ms(p.peer.frameMs)} = ${n2(p.frameRatio)}`, '< 1');
  }
  const WHAT = { remap: 'a one-channel remap', gap: 'a gap change', seed: 'a seed change' } as const;
  for (const b of r.rebuild) {
    for (const st of b.steps) {
      const ok = st.change === 'remap' && b.cells >= 1_000_000 ? verdict(st.appliedMs <= 1000) : '';
      row(
        `10. apply ${WHAT[st.change]}, ${size(b.cells)} cells`,
        `applied in ${ms(st.appliedMs)} (${st.result}, ${st.rebuilds} rebuild${st.rebuilds === 1 ? '' : 's'}, ${st.uploadBytes >= 1e6 ? `${n1(st.uploadBytes / 1e6)} MB` : `${n1(st.uploadBytes / 1e3)} kB`} uploaded); on the GPU after ${ms(st.shownMs)} (a plain frame: ${ms(b.frameMs)})${ok}`,
        st.change === 'remap' ? '≤ 1 s at 1M' : st.change === 'gap' ? 'uniforms only' : 'layout only',
      );
    }
  }
  for (const d of r.deckgl) {
    const m = d.median;
    const at = `${size(d.cells)} cells, ${vp(d.viewport)}, median of ${d.reps.length}`;
    row(
      `11. vs deck.gl, ${at}: first frame (GPU-synced)`,
      `ours ${ms(m.oursFirstFrameMs)}${m.oursMosaicFirstFrameMs !== null ? ` (mosaic alone ${ms(m.oursMosaicFirstFrameMs)})` : ''} / deck.gl ${ms(m.deckFirstFrameMs)} = ${n2(m.oursFirstFrameMs / m.deckFirstFrameMs)}`,
      '≤ 0.5',
    );
    if (m.deckFrameMs !== null) {
      row(
        `11. vs deck.gl, ${at}: frame time`,
        `mosaic alone ${opt(m.oursMosaicFrameMs, ms)} · full look ${opt(m.oursFullFrameMs, ms)} · deck.gl ${ms(m.deckFrameMs)}`,
      );
      row(
        `11. vs deck.gl, ${at}: JS per frame`,
        `ours ${opt(m.oursCpuMs, ms)} (mosaic alone ${opt(m.oursMosaicCpuMs, ms)}) / deck.gl ${opt(m.deckCpuMs, ms)}`,
      );
    }
    row(`11. vs deck.gl, ${at}: GPU bytes per cell`, `ours ${n1(m.oursBytesPerCell)} B / deck.gl ${n1(m.deckBytesPerCell)} B`);
    if (m.oursLayoutMs !== null && m.deckLayoutMs !== null) row(`11. vs deck.gl, ${at}: layout in the worker`, `ours ${ms(m.oursLayoutMs)} / deck.gl peer ${ms(m.deckLayoutMs)} (the same layoutMosaic)`);
  }
  for (const e of r.errors) row('error', e.replace(/\|/g, '\\|'));
  for (const c of r.contributions?.approvals ?? []) {
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
    row(`12. contributions: approval → the new cell drawn, lit, at a venue, ${size(c.journeys)} journeys`, `${ms(c.medianDrawnMs)} median of ${c.drawnMs.length} (published after ${ms(med(c.publishMs))}: bake ${ms(med(c.bakeMs))}, check ${ms(med(c.checkMs))}; loaded on the output ${ms(med(c.loadMs))} later)`, 'within a minute');
  }
  for (const sub of r.contributions?.submit ?? []) {
    row(`12. contributions a second the form and the ${sub.database === 'embedded' ? 'embedded database' : 'PostgreSQL server'} accept (no rate limit, ${sub.concurrency} clients)`, `${n0(sub.perSecond)} (${sub.submissions} in ${ms(sub.ms)}${sub.stored === sub.submissions ? ', all stored' : `, ${sub.stored} stored`})`, 'the limit: 30 a minute per address');
  }
  const head = `Noctiluca bench, ${r.date.slice(0, 16).replace('T', ' ')} UTC: ${r.machine.cpus} cores, ${r.machine.chromium ? `Chromium ${r.machine.chromium}` : 'no browser'} (SwiftShader), Node ${r.machine.node}; ${r.source ? `app served from the ${r.source}` : 'no browser part'}; ${n1(r.durationMs / 60_000)} min`;
  return [head, '', '| metric | result | goal |', '|---|---|---|', ...rows.map((c) => `| ${c.join(' | ')} |`)].join('\n');
}

/** One row of the goal table: a ratio (ours ÷ baseline) or a figure of ours, against its goal. */
interface GoalRow {
  metric: string;
  goal: string;
  ours: string;
  baseline: string;
  /** The figure the goal is about (a ratio, or bytes, or ms); null when not measured. */
  value: number | null;
  met: (v: number) => boolean;
}

/**
 * Issue 21's goals, from one run: ours beside deck.gl (or the named baseline), the ratio and whether
 * the goal is met. A goal whose part did not run says "not measured".
 */
export function goalRows(r: SuiteResult): GoalRow[] {
  const rows: GoalRow[] = [];
  const none = 'not measured';
  for (const d of r.deckgl) {
    const m = d.median;
    rows.push({
      metric: `time to first frame (GPU-synced, ${vp(d.viewport)}) ÷ deck.gl's, ${size(d.cells)} cells`,
      goal: '≤ 0.5',
      ours: ms(m.oursFirstFrameMs),
      baseline: ms(m.deckFirstFrameMs),
      value: m.oursFirstFrameMs / m.deckFirstFrameMs,
      met: (v) => v <= 0.5,
    });
  }
  for (const d of r.deckgl.filter((x) => x.median.deckFrameMs !== null)) {
    const m = d.median;
    rows.push({
      metric: `frame time at ${vp(d.viewport)}, mosaic without post ÷ deck.gl's, ${size(d.cells)} cells`,
      goal: '≤ 0.5',
      ours: opt(m.oursMosaicFrameMs, ms),
      baseline: ms(m.deckFrameMs!),
      value: m.oursMosaicFrameMs === null ? null : m.oursMosaicFrameMs / m.deckFrameMs!,
      met: (v) => v <= 0.5,
    });
  }
  const withFrames = r.deckgl.filter((x) => x.median.deckFrameMs !== null);
  const largestFramed = withFrames[withFrames.length - 1];
  if (largestFramed) {
    const m = largestFramed.median;
    rows.push({
      metric: `frame time at ${vp(largestFramed.viewport)}, full look ÷ deck.gl without glow, ${size(largestFramed.cells)} cells`,
      goal: '≤ 1',
      ours: opt(m.oursFullFrameMs, ms),
      baseline: ms(m.deckFrameMs!),
      value: m.oursFullFrameMs === null ? null : m.oursFullFrameMs / m.deckFrameMs!,
      met: (v) => v <= 1,
    });
  }
  const a = r.scale[0];
  const b = r.scale[r.scale.length - 1];
  const scaled = a && b && a !== b;
  rows.push({
    metric: scaled ? `SwiftShader frame at ${vp(FULL.cpuViewport)}, ${size(b.cells)} ÷ ${size(a.cells)} cells` : `SwiftShader frame at ${vp(FULL.cpuViewport)}, largest ÷ smallest size`,
    goal: '≤ 3',
    ours: scaled ? `${ms(a.frames.frameMedianMs)} → ${ms(b.frames.frameMedianMs)}` : none,
    baseline: '—',
    value: scaled ? b.frames.frameMedianMs / a.frames.frameMedianMs : null,
    met: (v) => v <= 3,
  });
  rows.push({
    metric: scaled ? `JS per frame, ${size(b.cells)} ÷ ${size(a.cells)} cells (${vp(FULL.cpuViewport)})` : 'JS per frame, largest ÷ smallest size',
    goal: '≤ 1.1',
    ours: r.jsPair ? `${ms(r.jsPair.medianMs[0])} → ${ms(r.jsPair.medianMs[1])} (side by side)` : scaled ? `${ms(a.frames.cpuMedianMs)} → ${ms(b.frames.cpuMedianMs)}` : none,
    baseline: (() => {
      const ds = r.deckgl.filter((d) => d.median.deckCpuMs !== null);
      return ds.length ? ds.map((d) => `${size(d.cells)}: ${ms(d.median.deckCpuMs!)}`).join(', ') : '—';
    })(),
    value: r.cpuRatioLargestOverSmallest,
    met: (v) => v <= 1.1,
  });
  const deckBig = r.deckgl[r.deckgl.length - 1];
  const bytes = b ? b.bytesPerCell.total : deckBig ? deckBig.median.oursBytesPerCell : null;
  rows.push({
    metric: `GPU bytes per cell${b ? ` (${size(b.cells)} cells)` : deckBig ? ` (${size(deckBig.cells)} cells)` : ''}`,
    goal: '≤ 16',
    ours: bytes === null ? none : `${n1(bytes)} B`,
    baseline: deckBig ? `${n1(deckBig.median.deckBytesPerCell)} B (${size(deckBig.cells)} cells)` : '—',
    value: bytes,
    met: (v) => v <= 16,
  });
  const i = r.intake[r.intake.length - 1];
  rows.push({
    metric: `intake events/s ÷ bare d3-dsv parse of the same CSV${i ? ` (${size(i.events)} events)` : ''}`,
    goal: '≥ 1',
    ours: i ? `${n0(i.intakeEventsPerSec)} ev/s` : none,
    baseline: i ? `d3-dsv: ${n0(i.d3dsvEventsPerSec)} rows/s` : '—',
    value: i ? i.intakeEventsPerSec / i.d3dsvEventsPerSec : null,
    met: (v) => v >= 1,
  });
  const inWorker = [...r.scale].reverse().find((s) => s.load.worker);
  const deckLayout = deckBig?.median.deckLayoutMs ?? null;
  rows.push({
    metric: `layout of ${inWorker ? size(inWorker.cells) : '1M'} cells in the worker`,
    goal: '≤ 3 s',
    ours: inWorker ? ms(inWorker.load.worker!.layout) : none,
    baseline: deckLayout !== null ? `deck.gl peer's worker, same layout: ${ms(deckLayout)} (${size(deckBig.cells)})` : '—',
    value: inWorker ? inWorker.load.worker!.layout : null,
    met: (v) => v <= 3000,
  });
  return rows;
}

export function goalTable(r: SuiteResult): string {
  const cells = goalRows(r).map((g) => {
    const isRatio = !/^GPU bytes|^layout/.test(g.metric);
    const value = g.value === null ? '—' : isRatio ? n2(g.value) : g.metric.startsWith('layout') ? ms(g.value) : `${n1(g.value)} B`;
    const met = g.value === null ? 'not measured' : g.met(g.value) ? 'yes ✅' : 'no ❌';
    return `| ${[g.metric, g.goal, g.ours, g.baseline, value, met].join(' | ')} |`;
  });
  return ['Issue 21 goals (one run; "deck.gl" is the deck.gl peer unless the cell names another baseline):', '', '| metric | goal | ours | deck.gl | ratio | met? |', '|---|---|---|---|---|---|', ...cells].join('\n');
}

function parseOnly(argv: string[]): Part[] | null {
  const at = argv.indexOf('--only');
  if (at === -1) return null;
  const parts = (argv[at + 1] ?? '').split(',').filter(Boolean);
  const unknown = parts.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (!parts.length || unknown.length) {
    console.error(`bench: --only takes a comma-separated list of ${PARTS.join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}`);
    process.exit(2);
  }
  return parts as Part[];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const source = argv.includes('--head') ? 'head' : 'auto';
  const only = parseOnly(argv);
  runSuite({ ...(quick ? QUICK : FULL), source, only })
    .then((result) => {
      mkdirSync(join(here, 'results'), { recursive: true });
      const file = join(here, 'results', `${quick ? 'quick' : only ? `only-${only.join('-')}` : 'latest'}.json`);
      writeFileSync(file, JSON.stringify(result, null, 2));
      console.log(markdownTable(result));
      console.log(`\n${goalTable(result)}`);
      console.error(`\nwrote ${file}`);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
