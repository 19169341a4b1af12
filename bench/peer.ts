/**
 * The naive peer (bench/peer/: one Mesh per tile, CPU colours, UnrealBloomPass), measured in the same
 * run and the same way as the app: JS time of the frame callback while running at a tiny viewport,
 * and GPU-synchronised frame time of the full look at a moderate viewport.
 */
import { cpuFrames, median, openBenchPage, pageStats, syncedFrameTimes, type CpuFrames, type PageStats, type Viewport } from './page.ts';
import { syntheticArtefact, syntheticConfig } from './synthetic.ts';
import type { BenchHarness } from './server.ts';

export interface PeerSide {
  cpu: CpuFrames;
  frameMs: number;
  stats: PageStats;
}

export interface PeerRun {
  tiles: number;
  ours: PeerSide;
  peer: PeerSide;
  /** Ours / peer: below 1 is faster than the peer. */
  cpuRatio: number;
  frameRatio: number;
}

export interface PeerOptions {
  sizes: number[];
  cpuFrames: number;
  cpuViewport: Viewport;
  frameViewport: Viewport;
  frames: number;
  log?: (line: string) => void;
}

async function side(h: BenchHarness, running: string, frozen: string, opts: PeerOptions): Promise<PeerSide> {
  let page = await openBenchPage(h, running, opts.cpuViewport);
  let cpu: CpuFrames;
  let stats: PageStats;
  try {
    cpu = await cpuFrames(page, opts.cpuFrames, { maxMs: 180_000, warmup: Math.min(20, opts.cpuFrames) });
    stats = await pageStats(page);
  } finally {
    await page.close();
  }
  page = await openBenchPage(h, frozen, opts.frameViewport);
  try {
    const times = await syncedFrameTimes(page, opts.frames, 1);
    return { cpu, stats, frameMs: median(times) };
  } finally {
    await page.close();
  }
}

export async function runPeer(h: BenchHarness, opts: PeerOptions): Promise<PeerRun[]> {
  const out: PeerRun[] = [];
  for (const tiles of opts.sizes) {
    const name = `bench-peer-${tiles}`;
    h.addInstallation(name, { config: syntheticConfig(name), artefact: () => syntheticArtefact(tiles) });
    try {
      opts.log?.(`peer: ${tiles.toLocaleString('en-US')} tiles: ours`);
      const ours = await side(h, `/?installation=${name}`, `/?installation=${name}&t=10`, opts);
      opts.log?.(`peer: ${tiles.toLocaleString('en-US')} tiles: naive peer`);
      const peer = await side(h, `/bench/peer/index.html?tiles=${tiles}`, `/bench/peer/index.html?tiles=${tiles}&frozen`, opts);
      out.push({ tiles, ours, peer, cpuRatio: ours.cpu.cpuMedianMs / peer.cpu.cpuMedianMs, frameRatio: ours.frameMs / peer.frameMs });
    } finally {
      h.removeInstallation(name);
    }
  }
  return out;
}
