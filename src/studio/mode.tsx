/**
 * Studio mode, the artist's: the page core with the visitor's reduced-motion preference, the tuning
 * panel (loaded on demand, src/studio/start.ts), the legend drawn from the encoding's own scales, and
 * the pointer stirring the sea.
 */
import { useEffect } from 'react';
import { mountApp } from '../app/App.tsx';
import { LegendLayer } from '../app/Legend.tsx';
import type { PageParams } from '../app/params.ts';
import type { PagePart } from '../app/parts/part.ts';
import { usePointerStirring } from '../app/parts/pointerStirring.ts';
import { useSystemReducedMotion } from '../app/parts/reducedMotion.ts';
import { soundPart } from '../sound/page.ts';
import { startStudio } from './start.ts';

/** The panel and the legend. */
export const useStudio: PagePart = ({ controller, params }, state) => {
  useEffect(() => startStudio(controller), [controller]);
  return { layer: <LegendLayer config={state.config} table={state.table} view={params.view} /> };
};

/** The sound, from the first click or key (src/sound/). */
const useSound = soundPart('gesture');

export function start(root: HTMLElement, params: PageParams): void {
  mountApp(root, params, [useSystemReducedMotion, useStudio, useSound, usePointerStirring]);
}
