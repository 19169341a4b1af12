/**
 * Mask: organic cells that fill the shape of an image (config layout.mask: a PNG in the installation
 * folder, white and opaque = inside). The image is fitted into the mosaic (contained, centred: the
 * silhouette keeps its shape on any screen) and the cells fill its inside only
 * (src/layout/domain.ts); communities are cut out of them as in every kind.
 */
import type { LayoutKind } from '../kind.ts';
import { placeOrganic } from './voronoi.ts';

export const mask: LayoutKind = {
  name: 'mask',
  description: 'organic cells that fill the shape of the `mask` image',
  settings: ['seed', 'relaxation', 'mask'],
  unavailable: null,
  place: placeOrganic,
};
