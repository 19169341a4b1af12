/**
 * The worker's job, as a plain function (also used directly where there is no Worker): decode the
 * baked mosaic, lay it out, encode the attribute table.
 */
import { decodeBake } from '../bake/codec.ts';
import { encodeCells, fieldValues, type EncodingSpec, type CellTable } from '../encode/cellTable.ts';
import { layoutMosaic, type LayoutOptions } from '../layout/layout.ts';

export interface PipelineRequest {
  bake: ArrayBuffer;
  layout: LayoutOptions & { groupBy: string | null };
  encoding: EncodingSpec;
}

export interface PipelineResponse {
  bake: ArrayBuffer;
  table: CellTable;
  /** Milliseconds spent on layout and on encoding, for stats and the bench. */
  timings: { layout: number; encode: number };
}

export function buildCellTable(req: PipelineRequest): PipelineResponse {
  const bake = decodeBake(req.bake);
  const warnings: string[] = [];
  let groups: ArrayLike<number> | undefined;
  if (req.layout.groupBy) {
    const g = fieldValues(bake, req.layout.groupBy);
    if (g?.kind === 'categorical') groups = g.codes;
    else warnings.push(`layout.groupBy: "${req.layout.groupBy}" is not a categorical field of the data; cells are not grouped`);
  }
  let order: ArrayLike<number> | undefined;
  const orderField = req.encoding.order?.field;
  if (orderField) {
    const o = fieldValues(bake, orderField);
    if (o) order = o.kind === 'numeric' ? o.values : o.codes;
    else warnings.push(`encoding.order.field: no field "${orderField}" in the data; cells keep bake order`);
  }
  const t0 = performance.now();
  const layout = layoutMosaic({ count: bake.journeyCount, groups, order }, req.layout);
  const t1 = performance.now();
  const table = encodeCells(bake, layout, req.encoding);
  const t2 = performance.now();
  table.warnings.unshift(...warnings);
  return { bake: req.bake, table, timings: { layout: t1 - t0, encode: t2 - t1 } };
}

/** The typed arrays of a table, for postMessage's transfer list. */
export function transferables(t: CellTable): ArrayBuffer[] {
  return [t.site, t.corners, t.style, t.meta, t.timeline.data].map((a) => a.buffer as ArrayBuffer);
}
