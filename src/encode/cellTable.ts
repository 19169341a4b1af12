/**
 * Stage: encode. A baked mosaic, its layout and the installation's encoding become the GPU's
 * attribute table: compact typed arrays, one row per cell. Nothing here runs per frame.
 *
 * Bytes per cell: site 4 (uint16 x2), corners 16 (int8 x16) and their count 1, style 4 (uint8 x4),
 * meta 1 to 4 (the channel bytes beyond style's, slots.ts), plus the light timeline (timelineSamples x 2 bytes, of which the GPU holds a window of slices). Which byte holds which channel comes from
 * the channel list (channels.ts, slots.ts).
 *
 * The parts are built separately, so a change rebuilds only its part (src/app/changes.ts): the
 * geometry from the layout (encodeGeometry), one byte column per channel (encodeChannel), the
 * light timeline from the bake (packTimeline); assembleTable puts them together.
 */
import type { BakeColumns, BakedMosaic } from '../bake/artefact.ts';
import { MAX_CORNERS } from '../layout/kind.ts';
import type { MosaicLayout } from '../layout/layout.ts';
import { channel, channelNames, channelSpec, type ChannelName, type ChannelSpec, type EncodingSpec } from './channels.ts';
import { continuousScale, ordinalScale, type Scale, type ScaleTick } from './scales.ts';
import { writeLightTimeline } from './light.ts';
import { byteStride, channelSlots, type ByteArrayName } from './slots.ts';

export type { ChannelName, ChannelSpec, EncodingSpec };

export type { BakeColumns };

/** A field's values per journey: numbers, or category codes with their names. */
export type FieldValues =
  | { kind: 'numeric'; values: ArrayLike<number> }
  | { kind: 'categorical'; categories: string[]; codes: ArrayLike<number> };

/** Resolve a field name against the bake: derived measures, community, extra columns. */
export function fieldValues(bake: BakeColumns, field: string): FieldValues | null {
  // Own names only: "constructor" or "toString" is an unknown field, not something of Object.prototype.
  if (Object.hasOwn(bake.measures, field)) return { kind: 'numeric', values: bake.measures[field as keyof BakedMosaic['measures']] };
  if (field === 'community') return { kind: 'categorical', categories: bake.communities, codes: bake.community };
  const extra = Object.hasOwn(bake.fields, field) ? bake.fields[field] : undefined;
  if (!extra) return null;
  return extra.kind === 'numeric'
    ? { kind: 'numeric', values: extra.values }
    : { kind: 'categorical', categories: extra.categories, codes: extra.codes };
}

/** Names that an encoding may use as fields for this bake. */
export function availableFields(bake: BakeColumns): string[] {
  return [...Object.keys(bake.measures), 'community', ...Object.keys(bake.fields)];
}

/**
 * Fresh copies of the columns a layout and an encoding read (not the timeline, the event lists or the
 * stories): what goes to the pipeline worker, once per bake.
 */
export function copyColumns(bake: BakeColumns): BakeColumns {
  const measures = {} as BakedMosaic['measures'];
  for (const [k, v] of Object.entries(bake.measures)) measures[k as keyof BakedMosaic['measures']] = v.slice();
  const fields: BakedMosaic['fields'] = {};
  for (const [k, f] of Object.entries(bake.fields)) {
    fields[k] = f.kind === 'numeric' ? { kind: 'numeric', values: f.values.slice() } : { kind: 'categorical', categories: [...f.categories], codes: f.codes.slice() };
  }
  return { journeyCount: bake.journeyCount, communities: [...bake.communities], community: bake.community.slice(), measures, fields };
}

/** The buffers of copyColumns' result, for postMessage's transfer list. */
export function columnBuffers(c: BakeColumns): ArrayBuffer[] {
  const out = [c.community.buffer as ArrayBuffer, ...Object.values(c.measures).map((m) => m.buffer as ArrayBuffer)];
  for (const f of Object.values(c.fields)) out.push((f.kind === 'numeric' ? f.values.buffer : f.codes.buffer) as ArrayBuffer);
  return out;
}

/** A channel as encoded: plain data (it crosses from the worker), with the legend stops of its scale. */
export interface ResolvedChannel {
  channel: ChannelName;
  field: string | null;
  /** null for a constant channel. */
  scale: { type: Scale['type']; domain: Scale['domain']; range: Scale['range'] } | null;
  constant: number | null;
  legend: ScaleTick[];
}

/** The cell geometry from a layout: sites, corners and corner counts, quantised. */
export interface CellGeometry {
  count: number;
  extent: [number, number];
  /** Corner offsets are stored as int8 fractions of this distance (mosaic units). */
  cornerScale: number;
  /** Mean cell radius, mosaic units: the unit of gaps and rims. */
  cellRadius: number;
  site: Uint16Array;
  corners: Int8Array;
  /** Per cell: its corner count (on the GPU with the corners, while the cell image is drawn). */
  cornerCount: Uint8Array;
  /** Per cell: its area, mosaic units² (for looks that spread a cell's light by its size). */
  cellArea: Float32Array;
  /** Per cell: its layout group (community) index (ripples that stay within a neighbourhood). */
  cellGroup: Uint16Array;
}

/** One channel's byte column (one byte per cell) and what it resolved to. */
export interface EncodedChannel {
  resolved: ResolvedChannel;
  column: Uint8Array;
  /** Messages about this channel (an unknown field and what was used instead). */
  warnings: string[];
}

/**
 * Every cell's light timeline, slice-major: slice s of cell j is bytes 2 (s count + j) (flash after
 * fatigue) and the one after (wellness). The GPU holds a few slices around now (src/render/sliceWindow.ts).
 */
export interface LightTimeline {
  data: Uint8Array;
  samples: number;
  count: number;
}

/** The GPU's attribute table: the geometry and every channel's byte. */
export interface CellTable extends CellGeometry {
  style: Uint8Array;
  meta: Uint8Array;
  timeline: LightTimeline;
  channels: ResolvedChannel[];
  /** Messages about the layout and the encoding (unknown fields and what was used instead). */
  warnings: string[];
}

/** Sites and corners of a layout, quantised for the GPU. Pure. */
export function encodeGeometry(layout: MosaicLayout): CellGeometry {
  const n = layout.count;
  const site = new Uint16Array(2 * n);
  let cornerScale = 1e-9;
  for (let j = 0; j < n; j++) {
    const sx = layout.sites[2 * j];
    const sy = layout.sites[2 * j + 1];
    site[2 * j] = Math.round((sx / layout.width) * 65535);
    site[2 * j + 1] = Math.round((sy / layout.height) * 65535);
    for (let c = 0; c < layout.cornerCount[j]; c++) {
      const k = 2 * (MAX_CORNERS * j + c);
      cornerScale = Math.max(cornerScale, Math.abs(layout.corners[k] - sx), Math.abs(layout.corners[k + 1] - sy));
    }
  }
  const corners = new Int8Array(2 * MAX_CORNERS * n);
  const cornerCount = layout.cornerCount.slice();
  for (let j = 0; j < n; j++) {
    // Offsets from the quantised site, so the shader's reconstruction is exact up to int8 steps.
    const sx = (site[2 * j] / 65535) * layout.width;
    const sy = (site[2 * j + 1] / 65535) * layout.height;
    const base = 2 * MAX_CORNERS * j;
    let kept = 0;
    for (let c = 0; c < layout.cornerCount[j]; c++) {
      const k = base + 2 * c;
      // Round towards the site: a quantised cell may shrink a hair, never overlap its neighbour.
      const x = Math.trunc(((layout.corners[k] - sx) / cornerScale) * 127);
      const y = Math.trunc(((layout.corners[k + 1] - sy) / cornerScale) * 127);
      // Two corners closer than a step become one: the shader would find a zero-length edge
      // through the site, an inner radius of 0, and draw the cell as a flat blot.
      const last = base + 2 * (kept - 1);
      if (kept > 0 && corners[last] === x && corners[last + 1] === y) continue;
      corners[base + 2 * kept] = x;
      corners[base + 2 * kept + 1] = y;
      kept++;
    }
    if (kept > 1 && corners[base] === corners[base + 2 * (kept - 1)] && corners[base + 1] === corners[base + 2 * kept - 1]) kept--;
    // Unused corners sit on the site (offset 0).
    for (let c = kept; c < MAX_CORNERS; c++) corners[base + 2 * c] = corners[base + 2 * c + 1] = 0;
    cornerCount[j] = kept;
  }
  return {
    count: n,
    extent: [layout.width, layout.height],
    cornerScale,
    cellRadius: Math.sqrt((layout.width * layout.height) / Math.max(1, n) / Math.PI),
    site,
    corners,
    cornerCount,
    cellArea: layout.area.slice(),
    cellGroup: layout.group.slice(),
  };
}

/** A channel's scale and values resolved against the bake (falling back, with a warning, when its field is unknown). */
export function resolveChannel(bake: BakeColumns, name: string, spec: ChannelSpec, warnings: string[]): { resolved: ResolvedChannel; scale: Scale | null } {
  const decl = channel(name);
  if (spec.field === undefined) {
    const constant = spec.value ?? decl.default.value ?? (decl.range[0] + decl.range[1]) / 2;
    return { resolved: { channel: name as ChannelName, field: null, scale: null, constant, legend: [] }, scale: null };
  }
  const values = fieldValues(bake, spec.field);
  if (!values) {
    const fallback = decl.default;
    // A default field the data lacks too (a bake made by hand): the middle of the channel's range.
    const usable = fallback.field === undefined || (fallback.field !== spec.field && fieldValues(bake, fallback.field) !== null);
    const next: ChannelSpec = usable ? fallback : { value: (decl.range[0] + decl.range[1]) / 2 };
    warnings.push(
      `encoding.${name}.field: no field "${spec.field}" in the data (fields: ${availableFields(bake).join(', ')}); using ${
        next.field ? `"${next.field}"` : `the constant ${next.value}`
      } instead`,
    );
    return resolveChannel(bake, name, next, warnings);
  }
  const scaleSpec = { range: [decl.range[0], decl.range[1]] as [number, number], ...spec.scale };
  const scale =
    values.kind === 'categorical'
      ? ordinalScale(values.categories, scaleSpec)
      : continuousScale(values.values, { ...scaleSpec, type: scaleSpec.type === 'ordinal' ? 'linear' : scaleSpec.type });
  return {
    resolved: {
      channel: name as ChannelName,
      field: spec.field,
      scale: { type: scale.type, domain: scale.domain, range: scale.range },
      constant: null,
      legend: scale.ticks(),
    },
    scale,
  };
}

/** One GPU channel's byte per cell: its value through its scale, as round(255 · v / max). Pure. */
export function encodeChannel(bake: BakeColumns, name: string, spec: ChannelSpec): EncodedChannel {
  const slot = channelSlots().find((s) => s.channel === name);
  if (!slot) throw new Error(`encode: channel "${name}" has no GPU byte (it is read by the layout)`);
  const warnings: string[] = [];
  const { resolved, scale } = resolveChannel(bake, name, spec, warnings);
  const n = bake.journeyCount;
  const column = new Uint8Array(n);
  const source = resolved.field ? fieldValues(bake, resolved.field) : null;
  const k = 255 / slot.max;
  if (scale && source) {
    const raw = source.kind === 'numeric' ? source.values : source.codes;
    for (let j = 0; j < n; j++) column[j] = Math.round(Math.min(255, Math.max(0, scale.map(raw[j]) * k)));
  } else {
    column.fill(Math.round(Math.min(255, Math.max(0, (resolved.constant ?? 0) * k))));
  }
  return { resolved, column, warnings };
}

/**
 * What a "layout" channel (order) resolves to, for the legend and messages: its field, no byte.
 * The layout reads the field's raw values (src/app/cells.ts).
 */
export function layoutChannel(name: string, spec: ChannelSpec): ResolvedChannel {
  return { channel: name as ChannelName, field: spec.field ?? null, scale: null, constant: spec.field === undefined ? (spec.value ?? null) : null, legend: [] };
}

/** Writes a byte column into its interleaved array (byteStride bytes per cell). */
export function writeColumn(arrays: Record<ByteArrayName, Uint8Array>, slot: { array: ByteArrayName; offset: number }, column: Uint8Array): void {
  const a = arrays[slot.array];
  const stride = byteStride(slot.array);
  for (let j = 0, i = slot.offset; j < column.length; j++, i += stride) a[i] = column[j];
}

/** The table from its parts. `channels` holds every GPU channel's column, by name. */
export function assembleTable(
  geometry: CellGeometry,
  channels: Map<string, EncodedChannel>,
  timeline: LightTimeline,
  extra: { resolved?: ResolvedChannel[]; warnings?: string[] } = {},
): CellTable {
  const n = geometry.count;
  const arrays = { style: new Uint8Array(byteStride('style') * n), meta: new Uint8Array(byteStride('meta') * n) };
  const warnings = [...(extra.warnings ?? [])];
  for (const slot of channelSlots()) {
    const c = channels.get(slot.channel);
    if (!c) throw new Error(`encode: no column for channel "${slot.channel}"`);
    writeColumn(arrays, slot, c.column);
    warnings.push(...c.warnings);
  }
  const resolved = new Map<string, ResolvedChannel>([...channels].map(([k, c]) => [k, c.resolved]));
  for (const r of extra.resolved ?? []) resolved.set(r.channel, r);
  return {
    count: n,
    extent: geometry.extent,
    cornerScale: geometry.cornerScale,
    cellRadius: geometry.cellRadius,
    site: geometry.site,
    corners: geometry.corners,
    cornerCount: geometry.cornerCount,
    cellArea: geometry.cellArea,
    cellGroup: geometry.cellGroup,
    style: arrays.style,
    meta: arrays.meta,
    timeline,
    channels: channelNames().flatMap((name) => resolved.get(name) ?? []),
    warnings,
  };
}

/** Build the whole attribute table at once. Pure: same inputs, same bytes. */
export function encodeCells(bake: BakedMosaic, layout: MosaicLayout, encoding: EncodingSpec): CellTable {
  const n = bake.journeyCount;
  if (layout.count !== n) throw new Error(`encode: layout has ${layout.count} cells for ${n} journeys`);
  const enc = encoding as Partial<Record<string, ChannelSpec>>;
  const columns = new Map(channelSlots().map((s) => [s.channel, encodeChannel(bake, s.channel, channelSpec(enc, s.channel))]));
  const layoutChannels = channelNames()
    .filter((name) => channel(name).target === 'layout')
    .map((name) => layoutChannel(name, channelSpec(enc, name)));
  return assembleTable(encodeGeometry(layout), columns, packTimeline(bake), { resolved: layoutChannels });
}

/**
 * The light timeline: the bake's timeline (journey-major, samples x (activity, wellness) bytes) with
 * each activity byte replaced by the flash it gives after fatigue (light.ts), slice-major. A new
 * array: the bake's own timeline stays as published (the sound and the cards read it).
 */
export function packTimeline(bake: Pick<BakedMosaic, 'journeyCount' | 'timeline' | 'timelineSamples'>): LightTimeline {
  const samples = bake.timelineSamples;
  const count = Math.max(1, bake.journeyCount);
  const data = new Uint8Array(2 * samples * count);
  // A bake whose timeline is short leaves the journeys past it dark.
  const read = Math.min(bake.journeyCount, Math.floor(bake.timeline.length / (2 * samples)));
  writeLightTimeline(bake.timeline, read, samples, data, count);
  return { data, samples, count };
}
