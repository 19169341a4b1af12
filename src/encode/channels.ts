/**
 * The encoding's visual channels: the only list of them. Everything else about a channel derives
 * from its declaration here:
 *
 * - the config schema's `encoding.<channel>` entry, its default, ranges and docs (src/config/schema.ts);
 * - its byte in the GPU attribute row and the shader's decoder, a generated `CHANNEL_<NAME>` define
 *   (src/encode/slots.ts; shaders/mosaic/cell.frag uses each define exactly once, a test checks);
 * - the legend and the accessible description (src/legend/);
 * - the photosensitivity class: a "periodic" channel sets how often a cell's light swings, so its
 *   generated decoder is capped below 3 Hz by construction (src/render/safety.ts);
 * - the invalidation: what a change to it redoes (src/app/changes.ts).
 *
 * This module is plain data (no zod, no three): the viewer's first screen reads it too.
 */
import type { ScaleSpec } from './scales.ts';

/** A channel as an encoding gives it: a field through a scale, or a constant value. */
export interface ChannelSpec {
  field?: string;
  value?: number;
  scale?: ScaleSpec;
  legend?: { title?: string };
}

export interface ChannelDeclaration {
  name: string;
  /** What the channel sets, as the docs say it: "brightness". */
  what: string;
  /** Default output [from, to] of a field's scale. */
  range: readonly [number, number];
  /**
   * The values the channel takes: a constant `{ value }` must lie in it, and scale outputs are
   * clamped to it. On the GPU a value v is the byte round(255 · v / max) (max = the upper bound).
   */
  values: readonly [number, number];
  /** What the encoding uses when it leaves the channel out. */
  default: ChannelSpec;
  /**
   * Where the channel's value goes: "gpu", a byte of the cell's attribute row (slots.ts assigns it,
   * in declaration order) that the shader decodes; "layout", read by the layout (no byte).
   */
  target: 'gpu' | 'layout';
  /** What a change to this channel redoes: re-encode its own column, or lay the mosaic out again. */
  invalidates: 'column' | 'layout';
  /**
   * WCAG 2.3.1. "periodic": the value is a rate of brightness change (a multiple of the base pulse
   * frequency); its decoder returns cycles per second capped by the photosensitivity limit.
   * "steady": it does not set how often anything changes.
   */
  photosensitivity: 'steady' | 'periodic';
  /**
   * How the legend and the description name the channel and its low and high ends ("palette": the
   * palette's own words for its dark and bright ends); null: not shown in the legend.
   */
  legend: { name: string; low: string; high: string } | { name: string; ends: 'palette' } | null;
}

/** The channels, in the order docs, panels and legends list them. */
export const CHANNEL_LIST = [
  {
    name: 'hue',
    what: 'position along the palette (0–1)',
    range: [0, 1],
    values: [0, 1],
    default: { field: 'wellness' },
    target: 'gpu',
    invalidates: 'column',
    photosensitivity: 'steady',
    legend: { name: 'Colour', ends: 'palette' },
  },
  {
    name: 'glow',
    what: 'brightness',
    range: [0.2, 1],
    values: [0, 4],
    default: { field: 'visits_per_year', scale: { type: 'quantile' } },
    target: 'gpu',
    invalidates: 'column',
    photosensitivity: 'steady',
    legend: { name: 'Brightness', low: 'dim', high: 'bright' },
  },
  {
    name: 'pulseRate',
    what: 'pulse rate (multiple of the base rate)',
    range: [0.5, 1.5],
    values: [0, 8],
    default: { value: 1 },
    target: 'gpu',
    invalidates: 'column',
    photosensitivity: 'periodic',
    legend: { name: 'Pulse', low: 'slow', high: 'fast' },
  },
  {
    name: 'pulsePhase',
    what: 'pulse phase (0–1 of a cycle)',
    range: [0, 1],
    values: [0, 1],
    default: { field: 'community', scale: { type: 'ordinal' } },
    target: 'gpu',
    invalidates: 'column',
    photosensitivity: 'steady',
    legend: null,
  },
  {
    name: 'size',
    what: 'cell size (1 fills its region; smaller shrinks it inside)',
    range: [0.5, 1],
    values: [0.01, 1],
    default: { value: 1 },
    target: 'gpu',
    invalidates: 'column',
    photosensitivity: 'steady',
    legend: { name: 'Size', low: 'small', high: 'large' },
  },
  {
    name: 'order',
    what: 'placement order within a region',
    range: [0, 1],
    values: [0, 1],
    default: { field: 'first_date' },
    target: 'layout',
    invalidates: 'layout',
    photosensitivity: 'steady',
    legend: null,
  },
] as const satisfies readonly ChannelDeclaration[];

export type ChannelName = (typeof CHANNEL_LIST)[number]['name'];

/** An encoding: a spec per channel (missing channels take their declared default). */
export type EncodingSpec = Partial<Record<ChannelName, ChannelSpec>>;

/** The channels as declared (read at call time, so a test fixture that extends the list is seen). */
export function channelList(): readonly ChannelDeclaration[] {
  return CHANNEL_LIST;
}

/** The names of every channel, in order. */
export function channelNames(): ChannelName[] {
  return channelList().map((c) => c.name as ChannelName);
}

/** One channel's declaration; throws on a name that is not declared. */
export function channel(name: string): ChannelDeclaration {
  const c = channelList().find((d) => d.name === name);
  if (!c) throw new Error(`encode: no channel named "${name}" (channels: ${channelNames().join(', ')})`);
  return c;
}

/** The channel's spec in `encoding`, or its declared default. */
export function channelSpec(encoding: Partial<Record<string, ChannelSpec>>, name: string): ChannelSpec {
  return encoding[name] ?? channel(name).default;
}
