/**
 * How modes build on the page core. The core (App.tsx) is the stage, the clock, the installation
 * controller, context-loss recovery, GPU limits and the automation surface; it never asks which mode
 * it is in. A mode (src/modes.ts) is the list of parts it adds; a plugin (a heartbeat to a venue
 * server, a sound layer) is one more part in that list, with no change to the core.
 *
 * A part is a React hook: the core calls every part on each of its renders, in list order, with the
 * core's handles and the controller's state. It may use any hook (effects for side work, state for
 * what it shows) and returns what it asks of the stage and what it adds to the page. The list is
 * fixed for the page's life (hooks must be called in the same order every render).
 *
 *   const useHeartbeat: PagePart = (core) => {
 *     useEffect(() => {
 *       const t = setInterval(() => void fetch('/beat', { method: 'POST', body: JSON.stringify(core.stats()) }), 5000);
 *       return () => clearInterval(t);
 *     }, [core]);
 *   };
 */
import type { ReactNode } from 'react';
import type { PostLook } from '../../render/post.ts';
import type { Clock } from '../clock.ts';
import type { Automation, Overscan, StageStats, Stats, View } from '../contract.ts';
import type { ControllerState, InstallationController } from '../controller.ts';
import type { PageParams } from '../params.ts';
import type { Stirring } from '../stirring.ts';

/** The core's handles, the same object for the page's life. */
export interface PageCore {
  readonly params: PageParams;
  readonly clock: Clock;
  readonly controller: InstallationController;
  /** Ask for a frame (needed when the clock is frozen and only a uniform changed). */
  invalidate(): void;
  /** The page's stats, as `window.noctiluca.stats()` gives them. */
  stats(): Stats;
  /** Context losses, recoveries and GPU limits (the live object; read, do not write). */
  readonly stage: Readonly<StageStats>;
  /** The sea visitors stir: the recording every frame draws from, and its inputs (src/app/stirring.ts). */
  readonly stirring: Stirring;
  /**
   * Adds a part's own entry to `window.noctiluca` (e.g. `venue`); returns the function that removes
   * it. Call it from an effect.
   */
  expose<K extends keyof Automation>(key: K, value: Automation[K]): () => void;
}

/** What a part asks of the stage and adds to the page; every field is optional. */
export interface PartOutput {
  /** A camera view offset when the URL gives none (a wall's output); the first part that gives one wins. */
  view?: View | null;
  /**
   * Pixels of the virtual canvas drawn around that view and not shown (a wall output's glow margin,
   * src/venue/wall.ts glowOverscan): the stage draws the larger region and shows only the view.
   */
  overscan?: Overscan | null;
  /** Draw at this device pixel ratio (adaptive quality); the lowest asked for wins, then GPU limits apply. */
  dpr?: number | null;
  /** Changes the post-processing look (adaptive quality's bloom levels); applied in list order. */
  post?: (look: PostLook) => PostLook;
  /** Goes inside the stage's Canvas (r3f components: useFrame, useThree). */
  inCanvas?: ReactNode;
  /** Goes beside the stage (DOM overlays). */
  layer?: ReactNode;
}

/** A mode's or a plugin's page-side behaviour: a hook the core calls on every render. */
export type PagePart = (core: PageCore, state: ControllerState) => PartOutput | void;
