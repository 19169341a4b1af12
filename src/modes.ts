/**
 * The modes: which page `?mode=` opens, and the only place that names them. Each mode builds on the
 * page core (src/app/App.tsx) with its own parts (src/app/parts/part.ts); the core never asks which
 * mode it is in. View mode starts from plain DOM at once (its first bundle stays small, see
 * bench/bundle.ts); the others load the full app with a dynamic import.
 *
 * A new mode: a `mode.tsx` in its folder whose `start` mounts the core with its parts
 * (`mountApp(root, params, [...])`), and one line here.
 */
import type { PageParams } from './app/params.ts';
import { startViewer } from './viewer/shell.ts';

/** Starts a mode's page in `root`. */
export type StartMode = (root: HTMLElement, params: PageParams) => void | Promise<void>;

export const MODES = {
  /** Residents online: poster, description and legend first, the living mosaic after (src/viewer/). */
  view: startViewer,
  /** The artist's: the tuning panel and the legend (src/studio/). */
  studio: async (root, params) => (await import('./studio/mode.tsx')).start(root, params),
  /** Screens, walls and projectors for days on end (src/venue/). */
  venue: async (root, params) => (await import('./venue/mode.tsx')).start(root, params),
  /** The picture alone, a pure function of its URL: what `noctiluca stills` draws (src/node/stills/). */
  stills: async (root, params) => (await import('./stills/mode.ts')).start(root, params),
  /** Residents add their own journey: the form, its preview, the withdrawal code (src/contribute/; needs a contributions server). */
  contribute: async (root, params) => (await import('./contribute/mode.ts')).start(root, params),
} satisfies Record<string, StartMode>;

export type ModeName = keyof typeof MODES;

/**
 * The mode `?mode=` asks for; `fallback` when absent or unknown: studio in development (the artist's
 * machine), view in a built site (residents), so a published page never opens the tuning panel.
 */
export function readMode(search: string, fallback: ModeName): ModeName {
  const m = new URLSearchParams(search).get('mode');
  return m !== null && Object.hasOwn(MODES, m) ? (m as ModeName) : fallback;
}
