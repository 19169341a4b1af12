/**
 * Voronoi: organic cells. One point per journey on a jittered grid over the whole mosaic, relaxed
 * together (Lloyd), each point's Voronoi cell; communities are cut out of them afterwards
 * (src/layout/regions.ts), so every cell has the same size whatever its community.
 */
import type { LayoutKind, PlaceContext, PlacedCells } from '../kind.ts';
import { RelaxedCells, scatter } from '../voronoiCells.ts';

export const voronoi: LayoutKind = {
  name: 'voronoi',
  description: 'organic cells',
  settings: ['seed', 'relaxation'],
  unavailable: null,
  place: placeOrganic,
};

/** Relaxed Voronoi cells filling ctx.domain (the voronoi and mask kinds). */
export function placeOrganic(ctx: PlaceContext): PlacedCells {
  let cells: RelaxedCells | null = new RelaxedCells(scatter(ctx.domain, ctx.count, ctx.seed));
  cells.relax(ctx.relaxation, ctx.progress);
  const points = cells.points.slice(0, 2 * ctx.count);
  return {
    points,
    cell: (p, out) => cells!.drawnCell(p, out),
    readOrder: () => cells!.readOrder(),
    done: () => {
      cells = null;
    },
  };
}
