/**
 * The automation contract: what a page offers tests, venues, the stills command and the benchmark.
 * Types only (no code runs from here), so Node programs (src/node/stills, bench/, tests/) import it
 * without pulling in the page. The page fills it in (src/app/automation.ts); modes add their parts.
 *
 * - `document.documentElement.dataset.state`: "loading", then "ready" once the first frame with the
 *   real data has been drawn, or "error" (PageState);
 * - `window.noctiluca` (Automation): `ready`, `stats()`, `setTime()`, `setView()`, `controller`,
 *   `frameTimings()`, and what modes and debug surfaces add (`venue`, `look`);
 * - `window.noctilucaViewer` (ViewerAutomation): view mode's picking and camera.
 */
import type { LookDebug } from '../render/debug.ts';
import type { StirInput, StirSample } from '../render/stir.ts';
import type { InstallationController } from './controller.ts';

export type { LookDebug, StirInput, StirSample };

export type PageState = 'loading' | 'ready' | 'error';

/** A camera view offset, as three's Camera.setViewOffset(fullWidth, fullHeight, x, y, width, height). */
export type View = [number, number, number, number, number, number];

/** Pixels drawn around a view on each side and not shown (a wall output's glow margin, src/venue/wall.ts). */
export interface Overscan {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The view offset of the region drawn: `view` grown by `o` on each side. */
export function overscanView(view: View, o: Overscan): View {
  return [view[0], view[1], view[2] - o.left, view[3] - o.top, view[4] + o.left + o.right, view[5] + o.top + o.bottom];
}

/** The counts of one frame: drawCalls are all passes; sceneDrawCalls the scene alone (the mosaic is one). */
export interface FrameInfo {
  drawCalls: number;
  sceneDrawCalls: number;
  triangles: number;
  geometries: number;
  textures: number;
  programs: number;
  /**
   * Programs compiled while the mosaic on screen drew its first frame. The stand-in's warm-up
   * (src/render/post.ts warmUp) compiles them all while the layout runs, so this is 0 unless its
   * guess of what the real cells need (the state pass, tiny cells) was wrong.
   */
  firstFrameCompiles: number;
}

/** The last frame's counts, plus: */
export interface Stats extends FrameInfo {
  installation: string;
  cells: number;
  frames: number;
  /** GPU bytes of the mosaic's per-cell data: the site and channel-byte textures (the corners only while the cell image is drawn), the timeline window (the slices a frame reads), the per-cell state when that pass runs, the pooled ripples. */
  gpuBytes: number;
  /** GPU bytes of the mosaic's cell image (per pixel of the output, not per cell; src/render/mosaic.ts). */
  imageBytes: number;
  /** How many times the mosaic's cell image was drawn: once per layout and view, not per frame. */
  imageDraws: number;
  /** Whether each frame first works out every cell's light once (fewer cells than pixels: one more draw and program). */
  statePass: boolean;
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
  /**
   * The layout on screen: the aspect (width / height) it was laid out for, which follows the
   * viewport's (or the virtual canvas's) once it holds still, and how far a layout under way has come
   * (0–1; null when none runs), and whether the first layout was the worker's early one, made as the
   * bytes arrived while the page's modules loaded (src/app/speculation.ts; null before the first).
   */
  layout: { aspect: number | null; progress: number | null; firstEarly: boolean | null };
  /** WebGL context losses recovered from (the same frame drawn again); details in `stage()`. */
  recoveries: number;
}

/** The GPU's size limits that matter for the drawing buffer and the post-processing targets. */
export interface GpuLimits {
  maxTextureSize: number;
  maxRenderbufferSize: number;
  /** MAX_VIEWPORT_DIMS. */
  maxViewport: [number, number];
}

/** What the stage knows about itself while it runs (every mode): context losses, recoveries, limits. */
export interface StageStats {
  /** WebGL context losses seen. */
  losses: number;
  /** Losses after which the same frame was drawn again (restored context, or rebuilt renderer). */
  recoveries: number;
  /** Renderer rebuilds (Canvas remounts) because a lost context did not come back in time. */
  rebuilds: number;
  /** Milliseconds from the last loss to the first frame drawn after it. */
  lastRecoveryMs: number | null;
  /** Said to the operator when the render size had to be lowered to fit the GPU. */
  clamped: string | null;
  limits: GpuLimits | null;
}

/** Adaptive quality's state: ladder step (0 = full), resolution and bloom levels in use (null: fixed). */
export interface QualityStats {
  qualityStep: number;
  dpr: number | null;
  bloomLevels: number | null;
}

export interface Automation {
  ready: Promise<void>;
  stats(): Stats;
  /** Context losses, recoveries and GPU limits of the stage. */
  stage(): StageStats;
  setTime(seconds: number | null): void;
  /** The wall clock reads this instant (ms since 1970), or the real clock again (null); as `?now=`. */
  setWall(ms: number | null): void;
  /**
   * Draw the part (x, y, w, h) of a virtual canvas of fullW x fullH CSS pixels, or the whole page
   * (null), without a reload. Done once `stats().view` equals it (stills in pieces wait on that).
   */
  setView(view: View | null): void;
  /** What is on screen and how changes apply (config, bake, GPU mosaic): for tools and tests. */
  controller: InstallationController;
  /** JS time (ms) of the last frame callbacks, oldest first (at most FRAME_TIMINGS): for the benchmark. */
  frameTimings(): number[];
  /** The sea visitors stir, as a recorded input (src/render/stir.ts): inject, record and replay it. */
  stir: StirAutomation;
  /** Venue mode's part (src/venue/). */
  venue?: VenueAutomation;
  /** The look's debug surface (src/render/debug.ts), in development builds only. */
  look?: LookDebug;
  /** Where cell `index`'s site is drawn (the debug surface's), in development builds only. */
  cellScreenPosition?: LookDebug['cellScreenPosition'];
}

/**
 * Stirring as a recorded input stream. Every frame draws the samples recorded before its time, so a
 * recording replayed on another page draws the same pictures at the same times.
 */
export interface StirAutomation {
  /** The recording so far, oldest first (what frames draw; samples older than two minutes are dropped). */
  record(): StirSample[];
  /** Raw disturbances, as a pointer or camera gives them (fatigue applies); returns what was recorded. */
  inject(inputs: StirInput[]): StirSample[];
  /** Replaces the recording with `samples` (a replay): frames then draw exactly these. */
  replay(samples: StirSample[]): void;
  clear(): void;
  /** Client pixels → the mosaic point under them (fractions of its width and height, y down), or null. */
  toMosaic(clientX: number, clientY: number): [number, number] | null;
  /** A venue camera's state, when the config turns one on (src/venue/camera.tsx). */
  camera?: () => CameraStirStats;
}

/** A venue camera stirring the sea: what it has done (no image is kept). */
export interface CameraStirStats {
  /** on: frames are arriving; asking: waiting for permission; refused / failed: no camera (the message says why). */
  state: 'asking' | 'on' | 'refused' | 'failed';
  /** Camera frames compared so far. */
  frames: number;
  /** Stirring samples it recorded. */
  samples: number;
  message: string | null;
}

/** A video wall: outputs across and down, numbered row by row from 0 (src/venue/wall.ts). */
export interface WallSpec {
  columns: number;
  rows: number;
  /** Hidden pixels between neighbouring screens (bezel compensation): the picture runs on behind the bezel. */
  bezel: number;
  /** Pixels shared by neighbouring projectors (edge blending): both draw them, each at part intensity. */
  overlap: number;
}

export type VenueStats = StageStats & QualityStats;

export interface VenueAutomation {
  stats(): VenueStats;
  /**
   * This page's wall, its output on that wall, its view offset and what it draws around it for the
   * glow (src/venue/wall.ts glowOverscan); `refused` says why the URL's output is not drawn (else null).
   */
  wall(): { wall: WallSpec; output: number; view: View | null; overscan: Overscan | null; refused: string | null };
}

/** View mode, for tests and tools: where a cell is, which one is picked. */
export interface ViewerAutomation {
  /** The cell's site in viewport CSS pixels, or null before the cells are built. */
  cellToScreen(cell: number): [number, number] | null;
  /** The picked cell, or -1. */
  selected(): number;
  /** Whether motion is reduced now. */
  reducedMotion(): boolean;
  /** The current camera view offset (pan and zoom), or null. */
  view(): View | null;
}

declare global {
  interface Window {
    noctiluca: Automation;
    noctilucaViewer?: ViewerAutomation;
  }
}
