/**
 * Venue mode: the page core with the visitor's reduced-motion preference and the venue part
 * (Venue.tsx: wall-clock time, walls, corner pins, adaptive quality, kiosk behaviour, status), and
 * following a venue server when the URL names the output (useFollow.ts); touches and a camera stir
 * the sea (the camera in Venue.tsx), and the stirring is relayed to the wall's other outputs
 * (stirRelay.ts).
 */
import { mountApp } from '../app/App.tsx';
import type { PageParams } from '../app/params.ts';
import { usePointerStirring } from '../app/parts/pointerStirring.ts';
import { useSystemReducedMotion } from '../app/parts/reducedMotion.ts';
import { soundPart } from '../sound/page.ts';
import { useStirRelay } from './stirRelay.ts';
import { useFollowVenue } from './useFollow.ts';
import { useVenue } from './Venue.tsx';

/** The sound, at once where the browser allows it (a kiosk), else from the first click or key (src/sound/). */
const useSound = soundPart('now');

export function start(root: HTMLElement, params: PageParams): void {
  mountApp(root, params, [useSystemReducedMotion, useVenue, useFollowVenue, useSound, usePointerStirring, useStirRelay]);
}
