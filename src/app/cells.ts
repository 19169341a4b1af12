/**
 * The pipeline worker's job, as a plain class (also used directly where there is no Worker): it
 * keeps the columns of one bake (the measures, communities and fields a layout and an encoding read,
 * copied once when the bake arrives), and on request lays them out and/or encodes some channels.
 * Only what was asked for is computed and sent back: a remapped channel is one byte per cell, a
 * layout is the cells' geometry.
 */
import type { ChannelSpec } from '../encode/channels.ts';
import { encodeChannel, encodeGeometry, fieldValues, type BakeColumns, type EncodedChannel, type CellGeometry } from '../encode/cellTable.ts';
import type { MaskImage } from '../layout/kind.ts';
import { layoutMosaic, type LayoutOptions } from '../layout/layout.ts';

/** What the layout reads: its options, the grouping field and the layout channels' fields (order). */
export interface LayoutRequest extends Omit<LayoutOptions, 'mask'> {
  groupBy: string | null;
  /** The order channel's field, or null (cells keep bake order within their group). */
  orderField: string | null;
  /** The mask image's PNG bytes (config layout.mask) for kinds that read one; decoded where the layout runs. */
  mask: ArrayBuffer | null;
}

/** PNG bytes → the coverage grid the layout reads (the worker's: createImageBitmap; Node's: pngjs). */
export type MaskDecoder = (png: ArrayBuffer) => Promise<MaskImage>;

/** How far a build has come, for the page's progress line. */
export type BuildProgress = (fraction: number, step: string) => void;

export type PipelineRequest =
  /** Keep these columns (they replace the previous bake's) under `key`. */
  | { type: 'load'; key: number; columns: BakeColumns }
  /**
   * For the bake `key`: lay out again (when `layout` is given) and encode `channels` (by name).
   * `adopt`: the bake holds the bytes and config of the worker's early first build (speculation.ts),
   * which answers instead when it was made for this very request.
   */
  | { type: 'build'; key: number; layout: LayoutRequest | null; channels: Record<string, ChannelSpec>; adopt?: boolean };

export interface BuildResult {
  /** The new geometry, when the layout ran. */
  geometry: CellGeometry | null;
  /** Messages about the layout's inputs, when it ran. */
  layoutWarnings: string[] | null;
  /** The channels asked for, encoded. */
  columns: Record<string, EncodedChannel>;
  /** Milliseconds spent on layout and on encoding, for stats and the bench. */
  timings: { layout: number; encode: number };
  /** Answered by the worker's early first build (speculation.ts), not built on request. */
  early?: boolean;
}

export type PipelineResponse = { type: 'loaded'; key: number } | ({ type: 'built' } & BuildResult);

/** Sent by the worker while it builds: how far it has come. */
export interface ProgressMessage {
  type: 'progress';
  fraction: number;
  step: string;
}

export class CellBuilder {
  private key = -1;
  private columns: BakeColumns | null = null;
  /** The last mask decoded, by its bytes (a resize lays out again with the same mask). */
  private mask: { png: ArrayBuffer; image: MaskImage } | null = null;

  constructor(private readonly decodeMask: MaskDecoder) {}

  async handle(req: PipelineRequest, progress: BuildProgress = () => {}): Promise<PipelineResponse> {
    if (req.type === 'load') {
      this.key = req.key;
      this.columns = req.columns;
      return { type: 'loaded', key: req.key };
    }
    if (!this.columns || req.key !== this.key) throw new Error(`pipeline: bake ${req.key} is not loaded (have ${this.key})`);
    let mask: MaskImage | null = null;
    if (req.layout?.mask) {
      if (!this.mask || !sameBytes(this.mask.png, req.layout.mask)) this.mask = { png: req.layout.mask, image: await this.decodeMask(req.layout.mask) };
      mask = this.mask.image;
    }
    return { type: 'built', ...build(this.columns, req.layout, mask, req.channels, progress) };
  }
}

function sameBytes(a: ArrayBuffer, b: ArrayBuffer): boolean {
  if (a === b) return true;
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function build(
  bake: BakeColumns,
  layout: LayoutRequest | null,
  mask: MaskImage | null,
  channels: Record<string, ChannelSpec>,
  progress: BuildProgress,
): BuildResult {
  const t0 = performance.now();
  let geometry: CellGeometry | null = null;
  let layoutWarnings: string[] | null = null;
  if (layout) {
    layoutWarnings = [];
    let groups: ArrayLike<number> | undefined;
    if (layout.groupBy) {
      const g = fieldValues(bake, layout.groupBy);
      if (g?.kind === 'categorical') groups = g.codes;
      else layoutWarnings.push(`layout.groupBy: "${layout.groupBy}" is not a categorical field of the data; cells are not grouped`);
    }
    let order: ArrayLike<number> | undefined;
    if (layout.orderField) {
      const o = fieldValues(bake, layout.orderField);
      if (o) order = o.kind === 'numeric' ? o.values : o.codes;
      else layoutWarnings.push(`encoding.order.field: no field "${layout.orderField}" in the data; cells keep bake order`);
    }
    const options = { kind: layout.kind, seed: layout.seed, relaxation: layout.relaxation, aspect: layout.aspect, mask };
    geometry = encodeGeometry(layoutMosaic({ count: bake.journeyCount, groups, order }, options, progress));
  }
  const t1 = performance.now();
  const columns: Record<string, EncodedChannel> = {};
  for (const [name, spec] of Object.entries(channels)) columns[name] = encodeChannel(bake, name, spec);
  const t2 = performance.now();
  return { geometry, layoutWarnings, columns, timings: { layout: t1 - t0, encode: t2 - t1 } };
}

/** The typed arrays of a response, for postMessage's transfer list. */
export function transferables(r: PipelineResponse): ArrayBuffer[] {
  if (r.type !== 'built') return [];
  const out = Object.values(r.columns).map((c) => c.column.buffer as ArrayBuffer);
  if (r.geometry) {
    const g = r.geometry;
    out.push(g.site.buffer as ArrayBuffer, g.corners.buffer as ArrayBuffer, g.cornerCount.buffer as ArrayBuffer, g.cellArea.buffer as ArrayBuffer, g.cellGroup.buffer as ArrayBuffer);
  }
  return out;
}
