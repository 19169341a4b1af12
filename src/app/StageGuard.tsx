/**
 * Inside the stage's Canvas, in every mode: keeps the screen from staying black and the drawing
 * buffer inside what the GPU can draw.
 * - WebGL context loss: three keeps its scene objects (geometry arrays, the timeline DataTexture,
 *   post-processing render targets) and, on `webglcontextrestored`, rebuilds its GL state; every
 *   resource is uploaded again on first use. This asks for that frame at once and marks the page
 *   ready again when it is on screen. A context that does not come back within RESTORE_TIMEOUT_MS
 *   makes the page rebuild the renderer (a remount of the Canvas: the only one allowed).
 * - Large outputs: the requested drawing buffer is fitted to the GPU's limits.
 */
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import { setPageState } from './automation.ts';
import { fitDpr, readGpuLimits } from './limits.ts';
import { RESTORE_TIMEOUT_MS, type StageRuntime } from './stageRuntime.ts';

export interface StageGuardProps {
  runtime: StageRuntime;
  /** The resolution asked for before fitting (a part's, or the config's). */
  requestedDpr: number;
}

export function StageGuard({ runtime, requestedDpr }: StageGuardProps) {
  const gl = useThree((s) => s.gl);
  const invalidate = useThree((s) => s.invalidate);
  const size = useThree((s) => s.size);
  const firstFrameAfterLoss = useRef(false);

  // Context loss and restore. three's own listeners (registered when the renderer was made) run first.
  useEffect(() => {
    const canvas = gl.domElement;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onLost = (e: Event) => {
      e.preventDefault(); // without this the browser never restores the context
      runtime.stats.losses++;
      runtime.lostAt = performance.now();
      setPageState('loading');
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (gl.getContext().isContextLost()) runtime.rebuildRenderer();
      }, RESTORE_TIMEOUT_MS);
      runtime.changed();
    };
    const onRestored = () => {
      clearTimeout(timer);
      firstFrameAfterLoss.current = true;
      invalidate();
    };
    canvas.addEventListener('webglcontextlost', onLost);
    canvas.addEventListener('webglcontextrestored', onRestored);
    // A rebuilt renderer (after a loss that did not come back) draws its first frame as the recovery.
    if (runtime.lostAt !== null) firstFrameAfterLoss.current = true;
    return () => {
      clearTimeout(timer);
      canvas.removeEventListener('webglcontextlost', onLost);
      canvas.removeEventListener('webglcontextrestored', onRestored);
    };
  }, [gl, invalidate, runtime]);

  // The drawing buffer must fit the GPU: lower the resolution when it would not, and say so.
  useEffect(() => {
    const ctx = gl.getContext();
    if (ctx.isContextLost()) return;
    const limits = runtime.stats.limits ?? readGpuLimits(ctx);
    if (!limits) return;
    runtime.stats.limits = limits;
    const fit = fitDpr(size.width, size.height, requestedDpr, limits);
    const before = runtime.fit;
    if (before && before.dpr === fit.dpr && before.message === fit.message) return;
    runtime.fit = fit;
    runtime.stats.clamped = fit.message;
    if (fit.message && fit.message !== before?.message) console.warn(`[noctiluca stage] ${fit.message}`);
    runtime.changed();
  }, [gl, size.width, size.height, requestedDpr, runtime]);

  useFrame(() => {
    if (!firstFrameAfterLoss.current || gl.getContext().isContextLost()) return;
    firstFrameAfterLoss.current = false;
    // This frame renders right after this callback (the stage's priority-1 callback) and is
    // presented at the next animation frame: then the page is ready again.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if (runtime.lostAt === null) return;
        runtime.stats.recoveries++;
        runtime.stats.lastRecoveryMs = performance.now() - runtime.lostAt;
        runtime.lostAt = null;
        setPageState('ready');
        runtime.changed();
      }),
    );
  });

  return null;
}
