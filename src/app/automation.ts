/**
 * The automation surface's live parts (its contract, the types, is src/app/contract.ts): the page
 * state on `<html data-state>`, `window.noctiluca` with its ready promise, and the frame-time buffer
 * the benchmark reads.
 */
import type { Automation, PageState } from './contract.ts';

/** How many frame callback timings the automation surface keeps. */
export const FRAME_TIMINGS = 1024;

/** JS time of the last FRAME_TIMINGS frame callbacks: a ring, written without allocation. */
export class FrameTimes {
  private readonly times = new Float64Array(FRAME_TIMINGS);
  private count = 0;

  record(ms: number): void {
    this.times[this.count++ % FRAME_TIMINGS] = ms;
  }

  /** Oldest first. */
  list(): number[] {
    const n = Math.min(this.count, FRAME_TIMINGS);
    const out: number[] = [];
    for (let k = this.count - n; k < this.count; k++) out.push(this.times[k % FRAME_TIMINGS]);
    return out;
  }
}

export function setPageState(state: PageState): void {
  document.documentElement.dataset.state = state;
}

/** Creates `window.noctiluca` from the page's live parts; the page marks it ready or failed. */
export function installAutomation(parts: Omit<Automation, 'ready'>): {
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
  window.noctiluca = { ...parts, ready };
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
