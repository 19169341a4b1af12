/**
 * The interface every layout kind implements (one file per kind under ./kinds/, listed in
 * ./kinds/index.ts). The shared part of laying out (src/layout/layout.ts) orders journeys within
 * their groups, gives each group a region, asks the kind for one point per journey and each point's
 * cell, then assigns journeys to points and stores every cell as at most MAX_CORNERS corners.
 */

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
  /** Mosaic space: x in [0, width] (the aspect ratio), y in [0, height] (1). */
  width: number;
  height: number;
  /** Journeys of each group, in placement order (the first sits nearest its region's centre). */
  members: number[][];
  /** Per group, its region [x0, y0, x1, y1]: a squarified treemap of the group sizes. */
  regions: Float64Array;
  seed: number;
  /** Lloyd relaxation iterations (config layout.relaxation). */
  relaxation: number;
  /** The mask image (config layout.mask), when the kind reads one; null otherwise. */
  mask: MaskImage | null;
}

export interface PlacedCells {
  /** One point per journey, x y interleaved, placed group after group. */
  points: Float64Array;
  /** Per point, its group. */
  pointGroup: Uint32Array;
  /** The cell of point p: a convex polygon, any number of corners, either winding. */
  cell(p: number): [number, number][];
}

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
