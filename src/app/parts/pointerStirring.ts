/**
 * A part: pointers and touches moving over the picture stir the sea (config motion.stirring.pointer),
 * in modes where the picture is not something to pan (studio, venue). View mode stirs on drag from
 * its own gestures (src/viewer/gestures.ts); stills never (a picture is a function of its URL).
 */
import { useEffect } from 'react';
import type { PagePart } from './part.ts';

export const usePointerStirring: PagePart = ({ stirring }) => {
  useEffect(() => {
    const overStage = (e: PointerEvent) => {
      const stage = document.querySelector('.stage');
      return Boolean(stage && e.target instanceof Node && stage.contains(e.target));
    };
    const move = (e: PointerEvent) => {
      if (!overStage(e)) {
        stirring.release(e.pointerId);
        return;
      }
      // A fast stroke arrives as several coalesced moves in one event: take every one.
      const moves = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
      for (const m of moves.length ? moves : [e]) stirring.pointer(e.pointerId, m.clientX, m.clientY);
    };
    const release = (e: PointerEvent) => stirring.release(e.pointerId);
    window.addEventListener('pointerdown', move);
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', release);
    window.addEventListener('pointercancel', release);
    window.addEventListener('pointerleave', release);
    return () => {
      window.removeEventListener('pointerdown', move);
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', release);
      window.removeEventListener('pointercancel', release);
      window.removeEventListener('pointerleave', release);
    };
  }, [stirring]);
};
