/**
 * A part: follow the visitor's prefers-reduced-motion through the controller, which keeps the glow
 * but slows and softens motion (config motion.reducedMotion, motion.reduced). Modes that have their
 * own control (view mode's toggle, src/viewer/) and stills (a picture is a function of its URL alone)
 * leave it out.
 */
import { useEffect } from 'react';
import type { PagePart } from './part.ts';

export const useSystemReducedMotion: PagePart = ({ controller, invalidate }) => {
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const query = matchMedia('(prefers-reduced-motion: reduce)');
    const apply = () => {
      controller.setPrefersReducedMotion(query.matches);
      invalidate();
    };
    apply();
    query.addEventListener('change', apply);
    return () => query.removeEventListener('change', apply);
  }, [controller, invalidate]);
};
