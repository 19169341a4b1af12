/**
 * Where the visitor looks: the camera view offset (pan and zoom, camera.ts's maths) and the cells'
 * picker (picking.ts), so a screen point maps to a cell and a cell to a screen point at any zoom.
 */
import type { View } from '../app/contract.ts';
import { mosaicToScreen, panBy, screenToMosaic, zoomAt, type Viewport } from './camera.ts';
import type { CellPicker } from './picking.ts';

/** How far a visitor can zoom into the mosaic. */
export const MAX_ZOOM = 12;

/** A target smaller than this (CSS px) is too small to tap with confidence: WCAG 2.5.8's minimum. */
export const MIN_TARGET_PX = 24;
/** What a tap on too small a cell zooms to: cells this far apart (CSS px), a comfortable finger's width. */
export const COMFORTABLE_TARGET_PX = 44;

export class Navigation {
  /** The cells' picker, once the cells are built (null before). */
  picker: CellPicker | null = null;

  /**
   * @param host the mosaic element: its canvas, once there is one, gives the viewport
   * @param view the view to start from (the URL's), or null for the whole mosaic
   * @param apply shows a view on the living mosaic
   */
  constructor(
    private readonly host: HTMLElement,
    private current: View | null,
    private readonly apply: (view: View | null) => void,
  ) {}

  get view(): View | null {
    return this.current;
  }

  setView(view: View | null): void {
    this.current = view;
    this.apply(view);
  }

  viewport(): Viewport {
    const canvas = this.host.querySelector('canvas');
    const r = (canvas ?? this.host).getBoundingClientRect();
    return { width: r.width || innerWidth, height: r.height || innerHeight };
  }

  /** The cell's site in viewport CSS pixels, or null before the cells are built. */
  cellToScreen(cell: number): [number, number] | null {
    const p = this.picker;
    if (!p || cell < 0 || cell >= p.count) return null;
    return mosaicToScreen(this.viewport(), p.extent, this.current, p.sites[2 * cell], p.sites[2 * cell + 1]);
  }

  /** The cell under a client point, or -1. */
  pickAt(clientX: number, clientY: number): number {
    if (!this.picker) return -1;
    const r = this.host.getBoundingClientRect();
    const [x, y] = screenToMosaic(this.viewport(), this.picker.extent, this.current, clientX - r.left, clientY - r.top);
    return this.picker.find(x, y);
  }

  /** Zoom by `factor` about (sx, sy), in the mosaic's CSS pixels. */
  zoom(factor: number, sx: number, sy: number): void {
    this.setView(zoomAt(this.viewport(), this.current, factor, sx, sy, MAX_ZOOM));
  }

  /**
   * How far apart, in CSS pixels, `cell` and its nearest neighbour are drawn: the size of the target
   * a finger has (a tap picks the nearest cell site). NaN before the cells are built.
   */
  cellSpacing(cell: number): number {
    const n = this.picker?.nearest(cell) ?? -1;
    const a = this.cellToScreen(cell);
    const b = n >= 0 ? this.cellToScreen(n) : null;
    return a && b ? Math.hypot(a[0] - b[0], a[1] - b[1]) : NaN;
  }

  /**
   * A tap at (sx, sy) (the mosaic's CSS pixels) on `cell`, drawn smaller than MIN_TARGET_PX: zooms
   * about the tap until cells are COMFORTABLE_TARGET_PX apart (or as far as MAX_ZOOM allows) and
   * returns true, instead of guessing which cell the finger meant. False when the cell is big
   * enough to pick, or the view cannot zoom any further.
   */
  zoomToReach(cell: number, sx: number, sy: number): boolean {
    const spacing = this.cellSpacing(cell);
    if (!(spacing < MIN_TARGET_PX)) return false;
    const vp = this.viewport();
    const zoom = this.current ? this.current[0] / vp.width : 1;
    const factor = Math.min(COMFORTABLE_TARGET_PX / spacing, MAX_ZOOM / zoom);
    if (factor < 1.05) return false;
    this.zoom(factor, sx, sy);
    return true;
  }

  /** Pan a zoomed view by (dx, dy) CSS pixels. */
  pan(dx: number, dy: number): void {
    if (this.current) this.setView(panBy(this.viewport(), this.current, dx, dy));
  }

  /** Pan (when zoomed) so that the cell is on screen. */
  ensureVisible(cell: number): void {
    if (!this.current || !this.picker) return;
    const vp = this.viewport();
    const p = this.cellToScreen(cell);
    if (!p) return;
    const margin = 40;
    const dx = p[0] < margin ? margin - p[0] : p[0] > vp.width - margin ? vp.width - margin - p[0] : 0;
    const dy = p[1] < margin ? margin - p[1] : p[1] > vp.height - margin ? vp.height - margin - p[1] : 0;
    if (dx || dy) this.pan(dx, dy);
  }
}
