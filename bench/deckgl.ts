/**
 * The deck.gl peer (bench/peer-deckgl/, **a baseline, not product code**), measured interleaved with
 * the app on the same synthetic installations: for each size and repetition, the app with its full
 * look, the app's mosaic alone (`?post=none`, at the sizes whose frame time is measured) and the
 * deck.gl page each load in turn (the order flips every repetition, so drift bills both sides alike)
 * at one viewport (960×540). Each load gives the time to first frame (GPU-synced: navigation start
 * → the first frame with the data done on the GPU), then frames (one GPU-synchronised frame at a
 * time, see measureFrames) give the frame time and the JS time per frame, and stats() the GPU bytes
 * per cell. Every figure is the median of the repetitions.
 *
 *   npx tsx bench/run.ts --only deckgl     this part alone (the table with what it measured)
 */
import { loadMetrics, measureFrames, median, openBenchPage, pageStats, type LoadMetrics, type Viewport } from './page.ts';
import type { BenchHarness } from './server.ts';
import { syntheticArtefact, syntheticConfig } from './synthetic.ts';

/** One page load and its frames. */
export interface DeckglVisit {
  load: LoadMetrics;
  /** Median GPU-synced frame time, ms (null where frames are not measured). */
  frameMs: number | null;
  /** Median JS time per frame, ms (the app's frame callback; deck.gl's setProps + redraw). */
  cpuMs: number | null;
  frames: number;
  drawCalls: number;
  gpuBytesPerCell: number;
}

export interface DeckglRep {
  /** The app with its full look (glow, tone mapping). */
  full: DeckglVisit;
  /** The app's mosaic alone, no post-processing (null at sizes without frame time). */
  mosaic: DeckglVisit | null;
  deck: DeckglVisit;
}

export interface DeckglRun {
  cells: number;
  viewport: Viewport;
  reps: DeckglRep[];
  /** Medians over the repetitions (ms, bytes); frame and JS figures null where not measured. */
  median: {
    oursFirstFrameMs: number;
    oursMosaicFirstFrameMs: number | null;
    deckFirstFrameMs: number;
    oursMosaicFrameMs: number | null;
    oursFullFrameMs: number | null;
    deckFrameMs: number | null;
    oursCpuMs: number | null;
    oursMosaicCpuMs: number | null;
    deckCpuMs: number | null;
    oursBytesPerCell: number;
    deckBytesPerCell: number;
    oursLayoutMs: number | null;
    deckLayoutMs: number | null;
  };
}

export interface DeckglOptions {
  /** Sizes whose first frame and bytes are measured. */
  sizes: number[];
  /** Of those, the sizes whose frame time and JS per frame are measured too. */
  frameSizes: number[];
  repetitions: number;
  viewport: Viewport;
  /** Synchronised frames per page (after one warm-up frame). */
  frames: number;
  log?: (line: string) => void;
}

async function visit(h: BenchHarness, path: string, viewport: Viewport, frames: number): Promise<DeckglVisit> {
  const page = await openBenchPage(h, path, viewport);
  try {
    const load = await loadMetrics(page);
    const f = frames > 0 ? await measureFrames(page, frames, { warmup: 1 }) : null;
    const stats = await pageStats(page);
    return {
      load,
      frameMs: f && f.frames ? f.frameMedianMs : null,
      cpuMs: f && f.frames ? f.cpuMedianMs : null,
      frames: f?.frames ?? 0,
      drawCalls: stats.drawCalls,
      gpuBytesPerCell: stats.gpuBytes / Math.max(1, stats.cells),
    };
  } finally {
    await page.close();
  }
}

const med = (xs: (number | null | undefined)[]): number | null => {
  const v = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  return v.length ? median(v) : null;
};

export async function runDeckgl(h: BenchHarness, opts: DeckglOptions): Promise<DeckglRun[]> {
  const out: DeckglRun[] = [];
  const { viewport } = opts;
  // Warm both pages first (module transforms, pre-bundled dependencies, shader caches), so the
  // first measured load of either side is not its first load at all.
  {
    const name = 'bench-warmup-1000';
    const bytes = syntheticArtefact(1000);
    h.addInstallation(name, { config: syntheticConfig(name), artefact: () => bytes });
    opts.log?.('deck.gl: warming up both pages');
    await visit(h, `/?installation=${name}&t=10`, viewport, 0);
    await visit(h, `/bench/peer-deckgl/index.html?installation=${name}&t=10`, viewport, 0);
    h.removeInstallation(name);
  }
  for (const cells of opts.sizes) {
    const name = `bench-${cells}`;
    // Made before any page asks for it: the artefact's making is not any side's load time.
    const bytes = syntheticArtefact(cells);
    h.addInstallation(name, { config: syntheticConfig(name), artefact: () => bytes });
    const frames = opts.frameSizes.includes(cells) ? opts.frames : 0;
    const ours = (post: string) => `/?installation=${name}&t=10&post=${post}`;
    const deckPath = `/bench/peer-deckgl/index.html?installation=${name}&t=10`;
    const reps: DeckglRep[] = [];
    try {
      for (let k = 0; k < opts.repetitions; k++) {
        const at = `deck.gl: ${cells.toLocaleString('en-US')} cells, repetition ${k + 1}/${opts.repetitions}`;
        const run = {
          full: async () => {
            opts.log?.(`${at}: Noctiluca, full look`);
            return visit(h, ours('full'), viewport, frames);
          },
          mosaic: async () => {
            if (!frames) return null;
            opts.log?.(`${at}: Noctiluca, mosaic alone`);
            return visit(h, ours('none'), viewport, frames);
          },
          deck: async () => {
            opts.log?.(`${at}: deck.gl`);
            return visit(h, deckPath, viewport, frames);
          },
        };
        if (k % 2 === 0) {
          const full = await run.full();
          const mosaic = await run.mosaic();
          const deck = await run.deck();
          reps.push({ full, mosaic, deck });
        } else {
          const deck = await run.deck();
          const mosaic = await run.mosaic();
          const full = await run.full();
          reps.push({ full, mosaic, deck });
        }
      }
    } finally {
      h.removeInstallation(name);
    }
    const synced = (v: DeckglVisit | null) => v?.load.timeToFirstFrameSyncedMs;
    out.push({
      cells,
      viewport,
      reps,
      median: {
        oursFirstFrameMs: med(reps.map((r) => synced(r.full)))!,
        oursMosaicFirstFrameMs: med(reps.map((r) => synced(r.mosaic))),
        deckFirstFrameMs: med(reps.map((r) => synced(r.deck)))!,
        oursMosaicFrameMs: med(reps.map((r) => r.mosaic?.frameMs)),
        oursFullFrameMs: med(reps.map((r) => r.full.frameMs)),
        deckFrameMs: med(reps.map((r) => r.deck.frameMs)),
        oursCpuMs: med(reps.map((r) => r.full.cpuMs)),
        oursMosaicCpuMs: med(reps.map((r) => r.mosaic?.cpuMs)),
        deckCpuMs: med(reps.map((r) => r.deck.cpuMs)),
        oursBytesPerCell: med(reps.map((r) => r.full.gpuBytesPerCell))!,
        deckBytesPerCell: med(reps.map((r) => r.deck.gpuBytesPerCell))!,
        oursLayoutMs: med(reps.map((r) => r.full.load.worker?.layout)),
        deckLayoutMs: med(reps.map((r) => r.deck.load.worker?.layout)),
      },
    });
  }
  return out;
}
