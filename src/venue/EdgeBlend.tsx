/**
 * Edge blending for projectors that overlap: a full-screen overlay that darkens this output's shared
 * edges along a ramp (blendFactor), so that two projectors together give even light across the
 * overlap. Drawn once per size change on a 2D canvas; the compositor multiplies it over the stage.
 */
import { useEffect, useRef, type CSSProperties } from 'react';
import { blendFactor, neighbourEdges } from './wall.ts';

export interface EdgeBlendProps {
  columns: number;
  rows: number;
  output: number;
  overlap: number;
  gamma: number;
  style?: CSSProperties;
}

/** Stops per ramp: enough that the gradient's linear pieces are invisible. */
const STOPS = 24;

export function EdgeBlend({ columns, rows, output, overlap, gamma, style }: EdgeBlendProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const draw = () => {
      const w = window.innerWidth;
      const h = window.innerHeight;
      canvas.width = w;
      canvas.height = h;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.clearRect(0, 0, w, h);
      const edges = neighbourEdges({ columns, rows }, output);
      const ramp = (x0: number, y0: number, x1: number, y1: number) => {
        // From the outer edge (x0, y0) inwards over `overlap` pixels: black with alpha 1 - factor.
        const g = ctx.createLinearGradient(x0, y0, x1, y1);
        for (let k = 0; k <= STOPS; k++) {
          const d = (k / STOPS) * overlap;
          g.addColorStop(k / STOPS, `rgba(0,0,0,${(1 - blendFactor(d, overlap, gamma)).toFixed(4)})`);
        }
        return g;
      };
      const o = Math.min(overlap, w, h);
      if (edges.left) (ctx.fillStyle = ramp(0, 0, o, 0)), ctx.fillRect(0, 0, o, h);
      if (edges.right) (ctx.fillStyle = ramp(w, 0, w - o, 0)), ctx.fillRect(w - o, 0, o, h);
      if (edges.top) (ctx.fillStyle = ramp(0, 0, 0, o)), ctx.fillRect(0, 0, w, o);
      if (edges.bottom) (ctx.fillStyle = ramp(0, h, 0, h - o)), ctx.fillRect(0, h - o, w, o);
    };
    draw();
    window.addEventListener('resize', draw);
    return () => window.removeEventListener('resize', draw);
  }, [columns, rows, output, overlap, gamma]);
  return (
    <canvas
      ref={ref}
      className="venue-blend"
      aria-hidden="true"
      style={{ position: 'fixed', inset: 0, width: '100%', height: '100%', pointerEvents: 'none', transformOrigin: '0 0', ...style }}
    />
  );
}
