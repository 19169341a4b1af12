/**
 * Large outputs (4K and up): the drawing buffer and the post-processing targets must fit the GPU's
 * limits. The render resolution is lowered to fit, and the operator is told. Every mode runs this.
 */
import type { GpuLimits } from './contract.ts';

export interface DprFit {
  dpr: number;
  /** What was asked for and what is drawn, for the operator; null when nothing was clamped. */
  message: string | null;
}

/**
 * The largest device pixel ratio, at most `dpr`, for which a `width` x `height` (CSS pixels) canvas
 * fits every limit. Pure.
 */
export function fitDpr(width: number, height: number, dpr: number, limits: GpuLimits): DprFit {
  const maxW = Math.min(limits.maxTextureSize, limits.maxRenderbufferSize, limits.maxViewport[0]);
  const maxH = Math.min(limits.maxTextureSize, limits.maxRenderbufferSize, limits.maxViewport[1]);
  const w = Math.max(1, width);
  const h = Math.max(1, height);
  const fit = Math.min(dpr, maxW / w, maxH / h);
  if (fit >= dpr) return { dpr, message: null };
  const fitted = fit * (1 - 1e-9); // a hair under, so rounding never lands one pixel over
  return {
    dpr: fitted,
    message:
      `Render size clamped: ${Math.round(w * dpr)}x${Math.round(h * dpr)} pixels were asked for; this GPU draws at most ` +
      `${maxW}x${maxH}, so the output renders at ${Math.floor(w * fitted)}x${Math.floor(h * fitted)} and is scaled up.`,
  };
}

/** Reads the limits from a WebGL context. */
export function readGpuLimits(gl: WebGLRenderingContext | WebGL2RenderingContext): GpuLimits | null {
  const tex = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number | null;
  const rb = gl.getParameter(gl.MAX_RENDERBUFFER_SIZE) as number | null;
  const vp = gl.getParameter(gl.MAX_VIEWPORT_DIMS) as Int32Array | null;
  if (!tex || !rb || !vp) return null; // a lost context answers null
  return { maxTextureSize: tex, maxRenderbufferSize: rb, maxViewport: [vp[0], vp[1]] };
}
