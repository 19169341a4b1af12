/**
 * Where the visitor looks: the camera view offset (pan and zoom, camera.ts's maths) and the cells'
 * picker (picking.ts), so a screen point maps to a cell and a cell to a screen point at any zoom.
 */
import type { View } from '../app/contract.ts';
import { mosaicToScreen, panBy, screenToMosaic, zoomAt, type Viewport } from './camera.ts';
import type { CellPicker } from './picking.ts';

/** How far a visitor can zoom into the mosaic. */
export const MAX_ZOOM = 12;

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
