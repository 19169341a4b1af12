/**
 * Screen ↔ mosaic coordinates for picking, and pan/zoom as a camera view offset. The stage fits
 * mosaic space ([0, w] x [0, h], y down) letterboxed into a virtual canvas and shows a part of it
 * (three's setViewOffset: src/app/Stage.tsx fitCamera); these functions are the same maths in
 * reverse, so a pointer position maps to the cell under it at any zoom.
 */

import type { View } from '../app/contract.ts';

export interface Viewport {
  width: number;
  height: number;
}

/** The view offset for a zoom (≥ 1) centred at (cx, cy) in 0–1 of the virtual canvas, clamped inside it. */
export function zoomView(vp: Viewport, zoom: number, cx: number, cy: number): View | null {
  if (zoom <= 1.0001) return null;
  const fw = vp.width * zoom;
  const fh = vp.height * zoom;
  const x = Math.min(Math.max(cx * fw - vp.width / 2, 0), fw - vp.width);
  const y = Math.min(Math.max(cy * fh - vp.height / 2, 0), fh - vp.height);
  return [fw, fh, x, y, vp.width, vp.height];
}

/** Zoom and centre (0–1 of the virtual canvas) of a view offset; zoom 1 centred without one. */
export function viewState(vp: Viewport, view: View | null): { zoom: number; cx: number; cy: number } {
  if (!view) return { zoom: 1, cx: 0.5, cy: 0.5 };
  return { zoom: view[0] / vp.width, cx: (view[2] + view[4] / 2) / view[0], cy: (view[3] + view[5] / 2) / view[1] };
}

/** The camera's mosaic-space rectangle over the whole virtual canvas (as fitCamera sets it). */
function frame(vp: Viewport, extent: [number, number], view: View | null) {
  const [w, h] = extent;
  const fw = view ? view[0] : vp.width;
  const fh = view ? view[1] : vp.height;
  const aspect = fw / Math.max(1, fh);
  const scale = aspect > w / h ? h : w / aspect;
  const halfH = scale / 2;
  const halfW = halfH * aspect;
  return { left: w / 2 - halfW, top: h / 2 - halfH, spanW: 2 * halfW, spanH: 2 * halfH, fw, fh };
}

/** A point in the viewport (CSS pixels from its top-left) → mosaic coordinates. */
export function screenToMosaic(vp: Viewport, extent: [number, number], view: View | null, sx: number, sy: number): [number, number] {
  const f = frame(vp, extent, view);
  const px = view ? view[2] + (sx * view[4]) / vp.width : sx;
  const py = view ? view[3] + (sy * view[5]) / vp.height : sy;
  return [f.left + (px / f.fw) * f.spanW, f.top + (py / f.fh) * f.spanH];
}

/** Mosaic coordinates → a point in the viewport (CSS pixels). */
export function mosaicToScreen(vp: Viewport, extent: [number, number], view: View | null, mx: number, my: number): [number, number] {
  const f = frame(vp, extent, view);
  const px = ((mx - f.left) / f.spanW) * f.fw;
  const py = ((my - f.top) / f.spanH) * f.fh;
  return view ? [((px - view[2]) * vp.width) / view[4], ((py - view[3]) * vp.height) / view[5]] : [px, py];
}

/** The view offset after zooming by `factor` about the viewport point (sx, sy), which stays put. */
export function zoomAt(vp: Viewport, view: View | null, factor: number, sx: number, sy: number, maxZoom: number): View | null {
  const { zoom } = viewState(vp, view);
  const next = Math.min(maxZoom, Math.max(1, zoom * factor));
  const fw = view ? view[0] : vp.width;
  const fh = view ? view[1] : vp.height;
  // The focal point as a fraction of the virtual canvas, before and after.
  const fx = ((view ? view[2] : 0) + sx) / fw;
  const fy = ((view ? view[3] : 0) + sy) / fh;
  const nfw = vp.width * next;
  const nfh = vp.height * next;
  return zoomView(vp, next, (fx * nfw - sx + vp.width / 2) / nfw, (fy * nfh - sy + vp.height / 2) / nfh);
}

/** The view offset after dragging the picture by (dx, dy) viewport pixels. */
export function panBy(vp: Viewport, view: View | null, dx: number, dy: number): View | null {
  if (!view) return null;
  return zoomView(vp, view[0] / vp.width, (view[2] - dx + vp.width / 2) / view[0], (view[3] - dy + vp.height / 2) / view[1]);
}
