/**
 * The interface every layout kind implements (one file per kind under ./kinds/, listed in
 * ./kinds/index.ts). A kind places one point per journey inside the mosaic's domain and gives each
 * point's cell; the shared part of laying out (src/layout/layout.ts) then cuts the points into
 * community regions (src/layout/regions.ts), assigns journeys to points and stores every cell as at
 * most MAX_CORNERS corners. Kinds know nothing of communities.
 */
import type { Domain } from './domain.ts';

export type { Domain };

export const MAX_CORNERS = 8;

/** A mask image, as the layout reads it: one coverage byte per pixel (0 outside … 255 inside), rows top to bottom. */
export interface MaskImage {
  width: number;
  height: number;
  coverage: Uint8Array;
}

/** Settings of config `layout` a kind may read (besides groupBy and the order channel, which every kind gets). */
export type LayoutSetting = 'seed' | 'relaxation' | 'mask';

export interface PlaceContext {
  /** Journeys (= points to place). */
  count: number;
  /** Where cells go: the mosaic's rectangle, or the inside of the mask fitted into it. */
  domain: Domain;
  seed: number;
  /** Lloyd relaxation iterations (config layout.relaxation). */
  relaxation: number;
  /** Tells the page how far placing has come (0–1), for its progress line. */
  progress: (fraction: number) => void;
}

export interface PlacedCells {
  /** One point per journey, x y interleaved, inside the domain. */
  points: Float64Array;
  /**
   * Writes the cell of point p (a convex polygon, either winding) into `out` as x y pairs and returns
   * its corner count (0 for none). `out` has room for MAX_RING corners.
   */
  cell(p: number, out: Float64Array): number;
  /**
   * Every point once, in the order their cells are read fastest (where the kind's structure lies in
   * memory); absent: 0, 1, 2 … The cells read are the same either way.
   */
  readOrder?(): Uint32Array;
  /** Frees what placing kept for `cell` (a triangulation); the layout calls it once every cell is read. */
  done?(): void;
}

/** Most corners a kind may write for one cell (before the layout simplifies it to MAX_CORNERS). */
export const MAX_RING = 64;

export interface LayoutKind {
  name: string;
  /** One phrase for the docs and the tuning panel. */
  description: string;
  /** The settings this kind reads: a change to any other one does not lay the mosaic out again. */
  settings: readonly LayoutSetting[];
  /** Null when the kind can be used; otherwise why not and what to use instead (validation says so). */
  unavailable: string | null;
  place(ctx: PlaceContext): PlacedCells;
}
