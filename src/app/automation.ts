/**
 * The automation surface, for tests, venues and tools:
 * - `document.documentElement.dataset.state`: "loading", then "ready" once the first frame with the
 *   real data has been drawn, or "error";
 * - `window.noctiluca`: `ready` (a promise), `stats()`, `setTime(seconds | null)`,
 *   `setView(view | null)`, `frameTimings()`.
 */
import type { InstallationController } from './controller.ts';
import type { FrameInfo } from './Stage.tsx';

/** The counts of the last frame (drawCalls: all passes; sceneDrawCalls: the scene alone, the mosaic is one), plus: */
export interface Stats extends FrameInfo {
  installation: string;
  cells: number;
  frames: number;
  /** GPU bytes of the mosaic's attributes and timeline texture. */
  gpuBytes: number;
  /** Data rows skipped by the bake, and its summary. */
  rowsSkipped: number;
  dataSummary: string;
  warnings: string[];
  /** Errors of an invalid config edit while the last good config keeps playing. */
  configErrors: string[];
  /** Cell rebuilds (layout, encoding or data changes) since load. */
  rebuilds: number;
  time: number;
  /** The camera view offset of the last frame drawn (fullW, fullH, x, y, w, h), or null. */
  view: View | null;
  /** WebGL context losses recovered from (the same frame drawn again); details in `venue.stats()`. */
  recoveries: number;
}

/** A camera view offset, as three's Camera.setViewOffset(fullWidth, fullHeight, x, y, width, height). */
export type View = [number, number, number, number, number, number];

export interface Automation {
  ready: Promise<void>;
  stats(): Stats;
  setTime(seconds: number | null): void;
  /**
   * Draw the part (x, y, w, h) of a virtual canvas of fullW x fullH CSS pixels, or the whole page
   * (null), without a reload. Done once `stats().view` equals it (stills in pieces wait on that).
   */
  setView(view: View | null): void;
  /** What is on screen and how changes apply (config, bake, GPU mosaic): for tools and tests. */
  controller: InstallationController;
  /** JS time (ms) of the last frame callbacks, oldest first (at most FRAME_TIMINGS): for the benchmark. */
  frameTimings(): number[];
}

/** How many frame callback timings the automation surface keeps. */
export const FRAME_TIMINGS = 1024;
const frameTimes = new Float64Array(FRAME_TIMINGS);
let frameTimeCount = 0;

/** Records the JS time of one frame callback (called by the stage: constant work, no allocation). */
export function recordFrameTime(ms: number): void {
  frameTimes[frameTimeCount++ % FRAME_TIMINGS] = ms;
}

function frameTimings(): number[] {
  const n = Math.min(frameTimeCount, FRAME_TIMINGS);
  const out: number[] = [];
  for (let k = frameTimeCount - n; k < frameTimeCount; k++) out.push(frameTimes[k % FRAME_TIMINGS]);
  return out;
}

declare global {
  interface Window {
    noctiluca: Automation;
  }
}

export type PageState = 'loading' | 'ready' | 'error';

export function setPageState(state: PageState): void {
  document.documentElement.dataset.state = state;
}

/** Creates `window.noctiluca`; the app fills in the live parts. */
export function installAutomation(parts: Omit<Automation, 'ready' | 'frameTimings'>): {
  markReady: () => void;
  markError: (reason: string) => void;
} {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  ready.catch(() => {}); // an error is shown on the page; nobody has to await it
  window.noctiluca = { ...parts, ready, frameTimings };
  setPageState('loading');
  return {
    markReady: () => {
      setPageState('ready');
      resolve();
    },
    markError: (reason) => {
      setPageState('error');
      reject(new Error(reason));
    },
  };
}
