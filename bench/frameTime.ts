/**
 * Frame time at full-size viewports, synchronised with the GPU (see measureFrames): a blank
 * full-screen pass (the floor: what any page pays to fill the canvas), the mosaic alone
 * (`?post=none`, tone-mapped), the full look (`?post=full`) and the full look with pmndrs' default
 * mipmap-blur bloom in place of ours (`?post=pmndrs`), each on its own page at a frozen time.
 */
import { measureFrames, openBenchPage, type Viewport } from './page.ts';
import type { Harness } from '../tests/harness.ts';

export interface FrameTimeRun {
  viewport: Viewport;
  installation: string;
  frames: number;
  /** Median ms per frame. */
  blankMs: number;
  mosaicMs: number;
  fullMs: number;
  pmndrsMs: number;
  /** Full look / mosaic alone (goal ≤ 2.5). */
  fullOverMosaic: number;
  /** Our glow's cost over the mosaic alone, divided by the default bloom's (full − mosaic) / (pmndrs − mosaic). */
  glowOverDefaultBloom: number;
}

export interface FrameTimeOptions {
  installation: string;
  viewports: { viewport: Viewport; frames: number }[];
  log?: (line: string) => void;
}

async function timed(h: Harness, path: string, viewport: Viewport, frames: number): Promise<number> {
  const page = await openBenchPage(h, path, viewport);
  try {
    const r = await measureFrames(page, frames, { warmup: 1 });
    if (!r.frames) throw new Error(`bench: no synchronised frames on ${path}`);
    return r.frameMedianMs;
  } finally {
    await page.close();
  }
}

export async function measureFrameTimes(h: Harness, opts: FrameTimeOptions): Promise<FrameTimeRun[]> {
  const out: FrameTimeRun[] = [];
  for (const { viewport, frames } of opts.viewports) {
    const at = `${viewport.width}x${viewport.height}`;
    const app = (post: string) => `/?installation=${opts.installation}&t=10&post=${post}`;
    opts.log?.(`frame time ${at}: blank pass`);
    const blankMs = await timed(h, '/bench/peer/index.html?scene=blank&frozen', viewport, frames);
    opts.log?.(`frame time ${at}: mosaic alone`);
    const mosaicMs = await timed(h, app('none'), viewport, frames);
    opts.log?.(`frame time ${at}: full look`);
    const fullMs = await timed(h, app('full'), viewport, frames);
    opts.log?.(`frame time ${at}: full look, pmndrs default bloom`);
    const pmndrsMs = await timed(h, app('pmndrs'), viewport, frames);
    out.push({
      viewport,
      installation: opts.installation,
      frames,
      blankMs,
      mosaicMs,
      fullMs,
      pmndrsMs,
      fullOverMosaic: fullMs / mosaicMs,
      glowOverDefaultBloom: (fullMs - mosaicMs) / (pmndrsMs - mosaicMs),
    });
  }
  return out;
}
