/**
 * The naive peer (bench/peer/: one Mesh per cell, CPU colours, UnrealBloomPass), measured in the same
 * run and the same way as the app (frozen pages, one GPU-synchronised frame at a time): JS time of the
 * frame callback at the tiny CPU viewport, and frame time of the full look at a moderate viewport.
 * Ours comes from the same synthetic installation as the scaling run of that size.
 */
import { measureFrames, openBenchPage, pageStats, type FrameSample, type PageStats, type Viewport } from './page.ts';
import type { ScaleRun } from './scale.ts';
import { syntheticArtefact, syntheticConfig } from './synthetic.ts';
import type { BenchHarness } from './server.ts';

export interface PeerSide {
  cpu: FrameSample;
  frameMs: number;
  stats: PageStats;
}

export interface PeerRun {
  cells: number;
  frameViewport: Viewport;
  ours: PeerSide;
  peer: PeerSide;
  /** Ours / peer: below 1 is cheaper than the peer. */
  cpuRatio: number;
  frameRatio: number;
}

export interface PeerOptions {
  sizes: number[];
  cpuFrames: number;
  /** Frames drawn first and not counted, as for ours (SuiteOptions.cpuWarmup). */
  cpuWarmup?: number;
  cpuViewport: Viewport;
  maxFrameMs: number;
  frameViewport: Viewport;
  frames: number;
  /** Scaling runs at the same viewport, reused for our CPU side when the size matches. */
  scale?: ScaleRun[];
  log?: (line: string) => void;
}

async function side(h: BenchHarness, path: string, opts: PeerOptions, cpuFrom?: ScaleRun): Promise<PeerSide> {
  let cpu: FrameSample;
  let stats: PageStats;
  if (cpuFrom) {
    cpu = cpuFrom.frames;
    stats = cpuFrom.stats;
  } else {
    const page = await openBenchPage(h, path, opts.cpuViewport);
    try {
      cpu = await measureFrames(page, opts.cpuFrames, { maxMs: opts.maxFrameMs, warmup: opts.cpuWarmup ?? 1 });
      stats = await pageStats(page);
    } finally {
      await page.close();
    }
  }
  const page = await openBenchPage(h, path, opts.frameViewport);
  try {
    const r = await measureFrames(page, opts.frames, { warmup: 1 });
    return { cpu, stats, frameMs: r.frameMedianMs };
  } finally {
    await page.close();
  }
}

export async function runPeer(h: BenchHarness, opts: PeerOptions): Promise<PeerRun[]> {
  const out: PeerRun[] = [];
  for (const cells of opts.sizes) {
    const name = `bench-${cells}`;
    h.addInstallation(name, { config: syntheticConfig(name), artefact: () => syntheticArtefact(cells) });
    try {
      opts.log?.(`peer: ${cells.toLocaleString('en-US')} cells: ours`);
      const ours = await side(h, `/?installation=${name}&t=10`, opts, opts.scale?.find((s) => s.cells === cells));
      opts.log?.(`peer: ${cells.toLocaleString('en-US')} cells: naive peer`);
      const peer = await side(h, `/bench/peer/index.html?cells=${cells}&frozen`, opts);
      out.push({
        cells,
        frameViewport: opts.frameViewport,
        ours,
        peer,
        cpuRatio: ours.cpu.cpuMedianMs / peer.cpu.cpuMedianMs,
        frameRatio: ours.frameMs / peer.frameMs,
      });
    } finally {
      h.removeInstallation(name);
    }
  }
  return out;
}
