/**
 * The living mosaic's life in view mode: loaded with a dynamic import once the first screen is up
 * (mosaic.tsx: React, three, r3f and the post chain), faded in over the poster when its first frame
 * is drawn, the poster shown again while a lost GPU context is away. Without WebGL, or when the
 * mosaic cannot start or draw, the poster and the description stay: never an error page.
 * `<html data-viewer>` says which: loading, mosaic, fallback, withheld (too small to publish) or error.
 */
import type { StageHandle } from '../app/App.tsx';
import { prefetchInstallation } from '../app/prefetch.ts';
import type { View } from '../app/contract.ts';
import { firstLayoutAspect, type PageParams } from '../app/params.ts';
import type { FirstScreen } from './firstScreen.ts';
import type { MosaicHandle } from './mosaic.tsx';

/** The mosaic's fade-in, ms (none when motion is reduced). */
const FADE_MS = 600;

type ViewerState = 'loading' | 'mosaic' | 'fallback' | 'withheld' | 'error';
export const setViewerState = (s: ViewerState) => (document.documentElement.dataset.viewer = s);

/** Whether this browser can create a WebGL2 context at all (the mosaic needs one). */
export function webglAvailable(): boolean {
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2');
    if (!gl) return false;
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return true;
  } catch {
    return false;
  }
}

export interface LivingEvents {
  /** The page core is mounted: its controller and frame requests. */
  onStage(stage: StageHandle): void;
  /** No living mosaic after all: say why (the poster and the description stay). */
  onFallback(reason: string): void;
  /** Whether motion is reduced (no fade). */
  reduced(): boolean;
  /** Why the core failed, if it says (the controller's failure). */
  failure(): string | null;
}

export class LivingMosaic {
  /** The page fell back to the poster (or failed): nothing living will be shown. */
  fellBack = false;
  private handle: MosaicHandle | null = null;
  private view: View | null;

  constructor(
    private readonly dom: FirstScreen,
    params: PageParams,
    private readonly events: LivingEvents,
  ) {
    this.view = params.view;
    if (!webglAvailable()) {
      this.fallBack('This device cannot draw the living mosaic (WebGL is not available), so here is a still image and a description instead.');
      return;
    }
    // The mosaic's first requests travel while its chunk (React, three, the page core) loads, and the
    // worker lays the mosaic out as the bytes arrive, on the core the chunk's parsing leaves free.
    prefetchInstallation(params.installation, firstLayoutAspect(params));
    import('./mosaic.tsx')
      .then(({ mountMosaic }) => {
        if (this.fellBack) return;
        this.handle = mountMosaic(dom.mosaicRoot, params, {
          onStage: (s) => events.onStage(s),
          onFail: () => this.fallBack('The living mosaic could not start on this device, so here is a still image and a description instead.'),
        });
        if (this.view) this.handle.setView(this.view);
      })
      .catch(() => this.fallBack('The living mosaic could not be loaded, so here is a still image and a description instead.'));
    this.watchReady();
  }

  setView(view: View | null): void {
    this.view = view;
    this.handle?.setView(view);
  }

  /** The poster and the description instead of the mosaic, for good. */
  fallBack(reason: string): void {
    if (this.fellBack) return;
    this.fellBack = true;
    this.dom.viewer.classList.add('viewer--fallback');
    this.dom.viewer.classList.remove('viewer--live');
    this.dom.mosaic.hidden = true;
    setViewerState('fallback');
    this.events.onFallback(reason);
  }

  /**
   * The mosaic is too small to publish (src/bake/small.ts): nothing of it is drawn, and the poster
   * and the description (which says why) stay.
   */
  withhold(): void {
    this.stop();
    this.dom.viewer.classList.add('viewer--fallback');
    this.dom.viewer.classList.remove('viewer--live');
    this.dom.mosaic.hidden = true;
    setViewerState('withheld');
  }

  /** No mosaic at all (the page is about to show something else): stop loading or drawing one. */
  stop(): void {
    this.fellBack = true;
    this.handle?.unmount();
    this.handle = null;
  }

  /** The installation could not be read: without a mosaic, the page is the error message. */
  failed(hasStage: boolean): void {
    if (hasStage) return;
    this.fellBack = true;
    this.dom.viewer.classList.add('viewer--fallback');
    setViewerState('error');
  }

  private watchReady(): void {
    const check = () => {
      const state = document.documentElement.dataset.state;
      const viewer = this.dom.viewer;
      if (state === 'ready' && !viewer.classList.contains('viewer--live') && !this.fellBack) {
        viewer.classList.add('viewer--live');
        performance.mark('viewer:mosaic');
        setTimeout(() => !this.fellBack && setViewerState('mosaic'), this.events.reduced() ? 0 : FADE_MS + 50);
        this.watchContext();
      } else if (state === 'error') {
        this.fallBack(this.events.failure() ?? 'The living mosaic could not be drawn, so here is a still image and a description instead.');
      }
    };
    new MutationObserver(check).observe(document.documentElement, { attributes: true, attributeFilter: ['data-state'] });
  }

  /** A lost GPU context shows the poster until the context is back. */
  private watchContext(): void {
    const canvas = this.dom.mosaicRoot.querySelector('canvas');
    if (!canvas) return;
    canvas.addEventListener('webglcontextlost', () => this.dom.viewer.classList.remove('viewer--live'));
    canvas.addEventListener('webglcontextrestored', () => !this.fellBack && this.dom.viewer.classList.add('viewer--live'));
  }
}
