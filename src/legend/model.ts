/**
 * The legend, as data: one row per channel the channel list says is shown (src/encode/channels.ts)
 * and the encoding maps to a field, in words a resident reads: what the channel shows, its two
 * ends named by what they look like ("deep blue", "dim") and said in the field's own terms ("12 out
 * of 100", "18%"), and one sentence per row that the accessible description reuses. Always at least
 * one line: what a cell is, and what its flashes and dimming mean.
 *
 * The same model feeds every mode: the viewer's About panel and the studio and venue overlays
 * (src/legend/dom.ts). Pure and light (no zod, no three): the viewer's first screen builds it from
 * the raw installation.json, then again with numbers once the bake or the cells are there.
 */
import { channelList, channelSpec, type ChannelDeclaration, type ChannelSpec } from '../encode/channels.ts';
import { fieldWords, sayValue } from '../encode/fields.ts';
import { resolveChannel, type BakeColumns, type ResolvedChannel } from '../encode/cellTable.ts';
import { paletteLinear, paletteWords } from '../render/palettes.ts';

export type LegendPosition = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

/** The parts of an installation config the legend reads (the raw JSON is enough: defaults come from the channel list). */
export interface LegendConfig {
  encoding?: Partial<Record<string, ChannelSpec>>;
  look?: { palette?: string | string[]; legend?: { show?: boolean; position?: LegendPosition } };
}

/** One end of a channel's scale: what it looks like, and the data value it stands for (when known). */
export interface LegendEnd {
  looks: string;
  /** The data value, said ("12 out of 100"); null before the data is read. */
  says: string | null;
}

export interface LegendRow {
  channel: string;
  /** What the channel is to the eye: "Colour". */
  name: string;
  /** What it shows: the config's legend title, or the field's words ("Oral health"). */
  title: string;
  field: string;
  /** The data's low and high ends (a category field has none: see `categories`). */
  low: LegendEnd | null;
  high: LegendEnd | null;
  /** A category field: each category, in order, with its colour when the channel is colour (null: a numeric field). */
  categories: { label: string; colour: string | null }[] | null;
  /** The picture of the scale: palette colours from the data's low end to its high end, or light levels. */
  ramp: { kind: 'colours'; colours: string[] } | { kind: 'light'; levels: number[]; colour: string } | null;
  /** The row in one sentence, for the description and screen readers. */
  sentence: string;
}

export interface LegendModel {
  rows: LegendRow[];
  /** What every cell is and does: always there, so the legend is never empty. */
  note: string;
  /** Said when no channel varies with the data. */
  uniform: string | null;
  show: boolean;
  position: LegendPosition;
}

export const LEGEND_NOTE = 'Each cell is one resident’s journey: it flashes when they receive care and dims when care stops.';
const UNIFORM = 'Every cell here has the same colour, brightness, pulse and size; only the flashes and the dimming tell journeys apart.';

const capital = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);

/** linear → sRGB "#rrggbb". */
function toHex(rgb: [number, number, number]): string {
  const c = (v: number) => {
    const s = v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055;
    return Math.round(Math.min(1, Math.max(0, s)) * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${c(rgb[0])}${c(rgb[1])}${c(rgb[2])}`;
}

/** The palette's colour at t (0–1), interpolated in linear light as the shader does. */
export function paletteColour(palette: string | readonly string[] | undefined, t: number): string {
  const lin = paletteLinear(palette ?? 'noctiluca');
  const x = Math.min(1, Math.max(0, t)) * (lin.length - 1);
  const i = Math.min(Math.floor(x), lin.length - 2);
  const f = x - i;
  return toHex([0, 1, 2].map((k) => lin[i][k] + (lin[i + 1][k] - lin[i][k]) * f) as [number, number, number]);
}

/**
 * The legend for a config. `channels` (the cell table's, CellTable.channels) gives each end's data
 * value; without it, `bake` does (each channel resolved as the encoder resolves it); with neither,
 * the ends are named without numbers.
 */
export function legendModel(config: LegendConfig, channels: ResolvedChannel[] | null = null, bake: BakeColumns | null = null): LegendModel {
  const palette = config.look?.palette;
  const rows: LegendRow[] = [];
  for (const decl of channelList()) {
    if (!decl.legend) continue;
    const spec = channelSpec(config.encoding ?? {}, decl.name);
    let resolved = channels?.find((c) => c.channel === decl.name) ?? null;
    if (!resolved && bake) resolved = resolveChannel(bake, decl.name, spec, []).resolved;
    const field = resolved ? resolved.field : (spec.field ?? null);
    if (!field) continue; // a constant: nothing to tell apart
    rows.push(row(decl, spec, field, resolved, palette));
  }
  return {
    rows,
    note: LEGEND_NOTE,
    uniform: rows.length ? null : UNIFORM,
    show: config.look?.legend?.show ?? true,
    position: config.look?.legend?.position ?? 'bottom-left',
  };
}

function row(decl: ChannelDeclaration, spec: ChannelSpec, field: string, resolved: ResolvedChannel | null, palette: string | string[] | undefined): LegendRow {
  const legend = decl.legend!;
  const name = legend.name;
  // The title the author gave the field (when the encoding kept it), or the field's own words.
  const title = (spec.field === field ? spec.legend?.title : undefined) ?? capital(fieldWords(field));
  const range = resolved?.scale?.range ?? spec.scale?.range ?? decl.range;
  const reversed = range[0] > range[1];
  const [lowLooks, highLooks] = 'ends' in legend ? paletteWords(palette) : [legend.low, legend.high];
  const [dataLowLooks, dataHighLooks] = reversed ? [highLooks, lowLooks] : [lowLooks, highLooks];
  const ticks = resolved?.legend ?? [];
  const categorical = field === 'community' || typeof ticks[0]?.datum === 'string' || resolved?.scale?.type === 'ordinal';
  const ramp: LegendRow['ramp'] =
    'ends' in legend
      ? { kind: 'colours', colours: [0, 0.25, 0.5, 0.75, 1].map((k) => paletteColour(palette, range[0] + (range[1] - range[0]) * k)) }
      : decl.name === 'glow'
        ? { kind: 'light', levels: [0, 0.25, 0.5, 0.75, 1].map((k) => (range[0] + (range[1] - range[0]) * k) / Math.max(range[0], range[1], 1e-6)), colour: paletteColour(palette, 1) }
        : null;
  const what = title.toLowerCase();
  if (categorical) {
    const categories = ticks.map((t) => ({ label: String(t.datum), colour: 'ends' in legend ? paletteColour(palette, t.value) : null }));
    return {
      channel: decl.name,
      name,
      title,
      field,
      low: null,
      high: null,
      categories,
      ramp,
      sentence: field === 'community' ? `${name} shows the community.` : `${name} shows ${what}${categories.length ? `: ${categories.map((c) => c.label).join(', ')}` : ''}.`,
    };
  }
  const first = ticks[0];
  const last = ticks[ticks.length - 1];
  const low: LegendEnd = { looks: dataLowLooks, says: first ? sayValue(field, first.datum) : null };
  const high: LegendEnd = { looks: dataHighLooks, says: last ? sayValue(field, last.datum) : null };
  const end = (e: LegendEnd, which: string) => `${e.looks} is ${which}${e.says ? ` (${e.says})` : ''}`;
  return {
    channel: decl.name,
    name,
    title,
    field,
    low,
    high,
    categories: null,
    ramp,
    sentence: `${name} shows ${what}: ${end(low, 'low')}, ${end(high, 'high')}.`,
  };
}
