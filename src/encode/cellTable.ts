/**
 * Stage: encode. A baked mosaic, its layout and the installation's encoding become the GPU's
 * attribute table: compact typed arrays, one row per cell, uploaded once. Nothing here runs per frame.
 *
 * Bytes per cell: site 4 (uint16 x2), corners 16 (int8 x16), style 4 (uint8 x4), meta 4 (uint8 x4),
 * plus the timeline texture (timelineSamples x 2 bytes).
 */
import type { BakedMosaic } from '../bake/artefact.ts';
import { MAX_CORNERS, type MosaicLayout } from '../layout/layout.ts';
import { continuousScale, ordinalScale, type Scale, type ScaleSpec } from './scales.ts';

/** Channel maxima: a channel value v is stored as the byte round(255 * v / max). The shader multiplies back. */
export const CHANNEL_MAX = { hue: 1, glow: 4, pulseRate: 8, pulsePhase: 1, size: 2 } as const;
export type ChannelName = keyof typeof CHANNEL_MAX;

export interface ChannelSpec {
  field?: string;
  value?: number;
  scale?: ScaleSpec;
}
export type EncodingSpec = Partial<Record<ChannelName | 'order', ChannelSpec>>;

/** Channel defaults when the encoding leaves a channel out. */
const DEFAULTS: Record<ChannelName, ChannelSpec> = {
  hue: { field: 'wellness' },
  glow: { value: 0.8 },
  pulseRate: { value: 1 },
  pulsePhase: { field: 'community', scale: { type: 'ordinal' } },
  size: { value: 1 },
};

/** A field's values per journey: numbers, or category codes with their names. */
export type FieldValues =
  | { kind: 'numeric'; values: ArrayLike<number> }
  | { kind: 'categorical'; categories: string[]; codes: ArrayLike<number> };

/** Resolve a field name against the bake: derived measures, community, extra columns. */
export function fieldValues(bake: BakedMosaic, field: string): FieldValues | null {
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
export function availableFields(bake: BakedMosaic): string[] {
  return [...Object.keys(bake.measures), 'community', ...Object.keys(bake.fields)];
}

/** A channel as encoded: plain data (it crosses from the worker), with the legend stops of its scale. */
export interface ResolvedChannel {
  channel: ChannelName;
  field: string | null;
  /** null for a constant channel. */
  scale: { type: Scale['type']; domain: Scale['domain']; range: Scale['range'] } | null;
  constant: number | null;
  legend: { label: string; value: number }[];
}

export interface CellTable {
  count: number;
  extent: [number, number];
  /** Corner offsets are stored as int8 fractions of this distance (mosaic units). */
  cornerScale: number;
  /** Mean cell radius, mosaic units: the unit of gaps and rims. */
  cellRadius: number;
  site: Uint16Array;
  corners: Int8Array;
  style: Uint8Array;
  meta: Uint8Array;
  timeline: { data: Uint8Array; width: number; height: number; samples: number; cellsPerRow: number };
  channels: ResolvedChannel[];
  /** Messages about the encoding (unknown fields and what was used instead). */
  warnings: string[];
}

const TIMELINE_MAX_WIDTH = 4096;

/** Build the attribute table. Pure: same inputs, same bytes. */
export function encodeCells(bake: BakedMosaic, layout: MosaicLayout, encoding: EncodingSpec): CellTable {
  const n = bake.journeyCount;
  if (layout.count !== n) throw new Error(`encode: layout has ${layout.count} cells for ${n} journeys`);
  const warnings: string[] = [];

  // Sites and corners.
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
  const meta = new Uint8Array(4 * n);
  for (let j = 0; j < n; j++) {
    // Offsets from the quantised site, so the shader's reconstruction is exact up to int8 steps.
    const sx = (site[2 * j] / 65535) * layout.width;
    const sy = (site[2 * j + 1] / 65535) * layout.height;
    for (let c = 0; c < MAX_CORNERS; c++) {
      const k = 2 * (MAX_CORNERS * j + c);
      // Round towards the site: a quantised cell may shrink a hair, never overlap its neighbour.
      corners[k] = Math.trunc(((layout.corners[k] - sx) / cornerScale) * 127);
      corners[k + 1] = Math.trunc(((layout.corners[k + 1] - sy) / cornerScale) * 127);
    }
    meta[4 * j] = layout.cornerCount[j];
  }

  // Style channels through their scales.
  const style = new Uint8Array(4 * n);
  const channels: ResolvedChannel[] = [];
  const slots: Record<ChannelName, { array: Uint8Array; stride: number; offset: number }> = {
    hue: { array: style, stride: 4, offset: 0 },
    glow: { array: style, stride: 4, offset: 1 },
    pulseRate: { array: style, stride: 4, offset: 2 },
    pulsePhase: { array: style, stride: 4, offset: 3 },
    size: { array: meta, stride: 4, offset: 1 },
  };
  for (const channel of Object.keys(CHANNEL_MAX) as ChannelName[]) {
    const spec = encoding[channel] ?? DEFAULTS[channel];
    const { resolved, scale } = resolveChannel(bake, channel, spec, warnings);
    channels.push(resolved);
    const { array, stride, offset } = slots[channel];
    const max = CHANNEL_MAX[channel];
    const source = resolved.field ? fieldValues(bake, resolved.field) : null;
    for (let j = 0; j < n; j++) {
      let v: number;
      if (scale && source) {
        v = scale.map(source.kind === 'numeric' ? source.values[j] : source.codes[j]);
      } else {
        v = resolved.constant ?? 0;
      }
      array[stride * j + offset] = Math.round(Math.min(1, Math.max(0, v / max)) * 255);
    }
  }

  return {
    count: n,
    extent: [layout.width, layout.height],
    cornerScale,
    cellRadius: Math.sqrt((layout.width * layout.height) / Math.max(1, n) / Math.PI),
    site,
    corners,
    style,
    meta,
    timeline: packTimeline(bake),
    channels,
    warnings,
  };
}

function resolveChannel(
  bake: BakedMosaic,
  channel: ChannelName,
  spec: ChannelSpec,
  warnings: string[],
): { resolved: ResolvedChannel; scale: Scale | null } {
  if (spec.field === undefined) {
    const constant = spec.value ?? DEFAULTS[channel].value ?? 0;
    return { resolved: { channel, field: null, scale: null, constant, legend: [] }, scale: null };
  }
  const values = fieldValues(bake, spec.field);
  if (!values) {
    const fallback = DEFAULTS[channel];
    warnings.push(
      `encoding.${channel}.field: no field "${spec.field}" in the data (fields: ${availableFields(bake).join(', ')}); using ${
        fallback.field ? `"${fallback.field}"` : `the constant ${fallback.value}`
      } instead`,
    );
    return resolveChannel(bake, channel, fallback, warnings);
  }
  const scaleSpec = spec.scale ?? {};
  const scale =
    values.kind === 'categorical'
      ? ordinalScale(values.categories, scaleSpec)
      : continuousScale(values.values, { ...scaleSpec, type: scaleSpec.type === 'ordinal' ? 'linear' : scaleSpec.type });
  return {
    resolved: {
      channel,
      field: spec.field,
      scale: { type: scale.type, domain: scale.domain, range: scale.range },
      constant: null,
      legend: scale.ticks(),
    },
    scale,
  };
}

/**
 * The bake's timeline (journey-major, samples x (activity, wellness) bytes) is already the texel
 * order of an RGBA8 texture holding two samples per texel; only the last row needs padding.
 */
function packTimeline(bake: BakedMosaic): CellTable['timeline'] {
  const samples = bake.timelineSamples;
  if (samples % 2 !== 0) throw new Error(`encode: timelineSamples must be even, got ${samples}`);
  const texelsPerCell = samples / 2;
  const cellsPerRow = Math.max(1, Math.floor(TIMELINE_MAX_WIDTH / texelsPerCell));
  const n = Math.max(1, bake.journeyCount);
  const width = Math.min(n, cellsPerRow) * texelsPerCell;
  const height = Math.ceil(n / cellsPerRow);
  const bytes = width * height * 4;
  const data = bake.timeline.length === bytes ? bake.timeline : new Uint8Array(bytes);
  if (data !== bake.timeline) data.set(bake.timeline.subarray(0, Math.min(bake.timeline.length, bytes)));
  return { data, width, height, samples, cellsPerRow };
}
