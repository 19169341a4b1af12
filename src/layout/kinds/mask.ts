/**
 * Mask: cells that fill the shape of an image (config layout.mask). Not implemented yet: until it is,
 * validation refuses the kind with `unavailable`, so no page ever draws a plain Voronoi mosaic in
 * its place. The interface already hands a kind the mask image (PlaceContext.mask) and the mosaic's
 * aspect ratio (PlaceContext.width); implementing it means filling in `place` and setting
 * `unavailable` to null.
 */
import type { LayoutKind, PlacedCells } from '../kind.ts';

export const mask: LayoutKind = {
  name: 'mask',
  description: 'cells fill the shape of the `mask` image (not implemented yet: refused with a message)',
  settings: ['seed', 'relaxation', 'mask'],
  unavailable:
    'mask layouts are not implemented yet, so this installation would not look like its mask; use "voronoi" or "hex" for now',
  place(): PlacedCells {
    throw new Error(`layout: ${mask.unavailable}`);
  },
};
