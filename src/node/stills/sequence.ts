/**
 * Frame-exact sequences: frame k is the picture at t = k / fps, whatever the render costs. Frames
 * already on disk are skipped (each is written under a temporary name and renamed, so a file with
 * the real name is whole), and a shard i/n renders only its contiguous share, so a batch scheduler
 * can spread a film over machines.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isCompletePng } from './png.ts';
import { Progress, type ProgressStream } from './progress.ts';
import type { InstallationRenderer, PieceOptions } from './session.ts';

/** Frames start (inclusive) to end (exclusive). */
export interface FrameRange {
  start: number;
  end: number;
}

/** Shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** The file name of frame k: six digits, as ffmpeg's `-i %06d.png` reads them. */
export function frameName(k: number): string {
  return `${String(k).padStart(6, '0')}.png`;
}

/** Frame k's time in seconds. */
export function frameTime(k: number, fps: number): number {
  return k / fps;
}

/**
 * The frames of shard i/n: contiguous blocks whose sizes differ by at most one, in order (shard 1
 * gets the first block), so each machine's frames also encode to a segment of the film on their own.
 */
export function shardRange(range: FrameRange, shard: Shard | null | undefined): FrameRange {
  if (!shard) return range;
  const total = Math.max(0, range.end - range.start);
  const base = Math.floor(total / shard.count);
  const extra = total % shard.count;
  const i = shard.index - 1;
  const start = range.start + i * base + Math.min(i, extra);
  return { start, end: start + base + (i < extra ? 1 : 0) };
}

export interface SequenceOptions {
  renderer: InstallationRenderer;
  width: number;
  height: number;
  fps: number;
  frames: FrameRange;
  shard?: Shard | null;
  /** Folder the numbered PNGs go to (made when missing). */
  outDir: string;
  pieces?: PieceOptions;
  /** Where the progress bar goes (default stderr; null: nowhere). */
  progress?: ProgressStream | null;
}

export interface SequenceResult {
  /** Frames of this shard, in order. */
  frames: number[];
  rendered: number;
  skipped: number;
  /** Seconds per frame over the last frames drawn (NaN when all were skipped). */
  secondsPerFrame: number;
}

export async function renderSequence(o: SequenceOptions): Promise<SequenceResult> {
  const range = shardRange(o.frames, o.shard);
  mkdirSync(o.outDir, { recursive: true });
  const frames: number[] = [];
  for (let k = range.start; k < range.end; k++) frames.push(k);
  const progress = new Progress(frames.length, o.progress === undefined ? process.stderr : o.progress);
  let rendered = 0;
  for (const k of frames) {
    const file = join(o.outDir, frameName(k));
    if (isCompletePng(file)) {
      progress.skip();
      continue;
    }
    const t0 = performance.now();
    await o.renderer.drawFrame(frameTime(k, o.fps), o.width, o.height, file, o.pieces);
    rendered++;
    progress.rendered((performance.now() - t0) / 1000);
  }
  return { frames, rendered, skipped: frames.length - rendered, secondsPerFrame: progress.secondsPerFrame };
}
