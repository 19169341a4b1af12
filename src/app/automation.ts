/**
 * The automation surface, for tests, venues and tools:
 * - `document.documentElement.dataset.state`: "loading", then "ready" once the first frame with the
 *   real data has been drawn, or "error";
 * - `window.noctiluca`: `ready` (a promise), `stats()`, `setTime(seconds | null)`.
 */
export interface Stats {
  installation: string;
  tiles: number;
  /** Draw calls of the last frame, all passes. */
  drawCalls: number;
  /** Draw calls of the scene render alone (the mosaic is one). */
  sceneDrawCalls: number;
  triangles: number;
  geometries: number;
  textures: number;
  programs: number;
  frames: number;
  /** GPU bytes of the mosaic's attributes and timeline texture. */
  gpuBytes: number;
  /** Data rows skipped by the bake, and its summary. */
  rowsSkipped: number;
  dataSummary: string;
  warnings: string[];
  time: number;
}

export interface Automation {
  ready: Promise<void>;
  stats(): Stats;
  setTime(seconds: number | null): void;
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
export function installAutomation(parts: { stats: () => Stats; setTime: (s: number | null) => void }): {
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
  window.noctiluca = { ready, stats: parts.stats, setTime: parts.setTime };
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
