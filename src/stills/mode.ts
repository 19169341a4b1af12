/**
 * Stills mode, what `noctiluca stills` draws (src/node/stills/): the page core alone. No panel, no
 * legend, no visitor preferences and no adaptive quality, so every picture is a function of the URL
 * (installation, `?t=`, `?view=`) and the viewport, and nothing else.
 */
import { mountApp } from '../app/App.tsx';
import type { PageParams } from '../app/params.ts';
import { soundPart } from '../sound/page.ts';

/** The sound, never live: `noctiluca stills --audio` renders it offline (src/sound/offline.ts). */
const useSound = soundPart('asked');

export function start(root: HTMLElement, params: PageParams): void {
  mountApp(root, params, [useSound]);
}
