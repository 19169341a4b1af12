import { parseEpoch } from './clock.ts';
import type { View } from './contract.ts';

/** What the page's URL asks of the page core, in every mode (the mode itself is src/modes.ts's). */
export interface PageParams {
  installation: string;
  /** Frozen animation time in seconds, or null to run. */
  time: number | null;
  /** `?now=<ISO date-time | ms since 1970>`: the wall clock reads this instant (stills, tests), or null. */
  now: number | null;
  /**
   * Which post-processing chain draws the frame: "full" (the installation's look), "none" (the
   * mosaic alone: no glow, no plankton, drawn straight to the canvas and tone-mapped there), or "pmndrs" (the full look with pmndrs' default mipmap-blur bloom
   * in place of ours). The benchmark compares them side by side.
   */
  post: 'full' | 'none' | 'pmndrs';
  /**
   * A camera view offset, as three's Camera.setViewOffset(fullWidth, fullHeight, x, y, width, height):
   * this page draws the part (x, y, width, height) of a virtual canvas of fullWidth x fullHeight CSS
   * pixels. Used by video walls and stills drawn in pieces. `?view=3840,1080,1920,0,1920,1080`.
   */
  view: View | null;
}

export const DEFAULT_INSTALLATION = 'harmonia';

/**
 * The aspect (width / height) the page core's first layout is made for: the URL's virtual canvas,
 * else the window's (the stage corrects it if its canvas differs). The entry and view mode ask the
 * worker's early layout (src/app/speculation.ts) for this same aspect, so it is the one adopted.
 */
export function firstLayoutAspect(params: Pick<PageParams, 'view'>): number {
  return params.view ? params.view[0] / params.view[1] : innerWidth / Math.max(1, innerHeight);
}

/** Reads the URL. */
export function readParams(search: string): PageParams {
  const q = new URLSearchParams(search);
  const t = q.get('t');
  const time = t !== null && t.trim() !== '' && Number.isFinite(Number(t)) ? Number(t) : null;
  const p = q.get('post');
  const v = (q.get('view') ?? '').split(',').map(Number);
  return {
    installation: q.get('installation') || DEFAULT_INSTALLATION,
    time,
    now: parseEpoch(q.get('now')),
    post: p === 'none' || p === 'pmndrs' ? p : 'full',
    view: v.length === 6 && v.every(Number.isFinite) && v[0] > 0 && v[1] > 0 ? (v as View) : null,
  };
}
