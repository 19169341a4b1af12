/**
 * The tuning panel's model, without a DOM: which controls the panel shows for a config, what each
 * one reads and writes, and how a written value is made valid. Ranges, steps and options come from
 * the schema through tunables() and channelTunables() (src/config/tunables.ts); nothing here
 * restates a range. Controls address the config by key path, never by position (Tweakpane #615).
 */
import { rebuildsCells } from '../app/changes.ts';
import { PALETTE_NAMES, type InstallationConfig } from '../config/index.ts';
import { HEX_COLOUR } from '../config/schema.ts';
import { channelTunables, tunables, type ChannelTunable, type Tunable } from '../config/tunables.ts';
import { getAt, setAt } from '../config/keyPath.ts';

/** The panel's folders, in order. */
export const FOLDERS = ['layout', 'encoding', 'look', 'motion', 'display', 'sound'] as const;
export type FolderName = (typeof FOLDERS)[number];

/** A data field the encoding may use: a derived measure, "community", or an extra column. */
export interface FieldInfo {
  name: string;
  kind: 'numeric' | 'categorical';
}

/** Special controls whose value is not one config leaf. */
export type Special =
  /** look.palette: a palette name, or "custom" for a list of colours. */
  | 'palette-mode'
  /** encoding.<channel>: the field it shows, or CONSTANT for a constant value. */
  | 'channel-source'
  /** A nullable number (motion.hold): on, or null. */
  | 'null-toggle';

export interface Binding {
  /** Unique within one panel: the key path, with a suffix for special controls. */
  id: string;
  /** Key path of the config value the control reads and writes. */
  keys: (string | number)[];
  folder: FolderName;
  /** Sub-folder title (e.g. "bloom", "venue.wall", "glow"), or null for the folder itself. */
  group: string | null;
  label: string;
  control: 'slider' | 'toggle' | 'list' | 'color';
  min?: number;
  max?: number;
  step?: number;
  integer?: boolean;
  options?: { text: string; value: string }[];
  special?: Special;
  /** Reading null shows this instead (the slider of a nullable number that is off). */
  whenNull?: number;
  /** True when a change rebuilds the cells (layout, encoding): applied when a drag ends, not on every step. */
  rebuild: boolean;
  description: string;
}

/** The value a channel-source list shows for a constant channel. */
export const CONSTANT = '(constant)';
/** The value the groupBy list shows for "no grouping" (null). */
export const NO_GROUP = '(none)';
/** The palette-mode list's value for a custom list of colours. */
export const CUSTOM_PALETTE = 'custom';

const pathOf = (keys: readonly (string | number)[]) => keys.join('.');

function fromTunable(t: Tunable): Binding[] {
  const folder = t.keys[0] as FolderName;
  const group = t.keys.length > 2 ? t.keys.slice(1, -1).join('.') : null;
  const base = { keys: [...t.keys], folder, group, label: t.keys[t.keys.length - 1], rebuild: rebuildsCells(t.keys), description: t.description };
  switch (t.kind) {
    case 'number':
    case 'integer': {
      const slider: Binding = {
        ...base,
        id: t.path,
        control: 'slider',
        min: t.min,
        max: t.max,
        step: t.step,
        integer: t.kind === 'integer',
      };
      if (!t.nullable) return [slider];
      // A nullable number: a switch (null or not) and the slider it enables.
      const mid = t.default === null ? (t.min! + t.max!) / 2 : (t.default as number);
      return [
        { ...base, id: `${t.path}:on`, control: 'toggle', special: 'null-toggle', whenNull: mid, label: `${base.label} on` },
        { ...slider, whenNull: mid },
      ];
    }
    case 'boolean':
      return [{ ...base, id: t.path, control: 'toggle' }];
    case 'enum':
      return [{ ...base, id: t.path, control: 'list', options: t.options!.map((o) => ({ text: o, value: o })) }];
    case 'color':
      return [{ ...base, id: t.path, control: 'color' }];
    case 'palette':
      return [
        {
          ...base,
          id: `${t.path}:mode`,
          control: 'list',
          special: 'palette-mode',
          options: [...t.options!, CUSTOM_PALETTE].map((o) => ({ text: o, value: o })),
        },
      ];
  }
}

function channelBindings(c: ChannelTunable, channel: Record<string, unknown>, fields: FieldInfo[]): Binding[] {
  const base = { folder: 'encoding' as const, group: c.channel, rebuild: true };
  const keys = ['encoding', c.channel];
  const source: Binding = {
    ...base,
    id: `encoding.${c.channel}:source`,
    keys,
    label: 'field',
    control: 'list',
    special: 'channel-source',
    options: [...fields.map((f) => ({ text: f.name, value: f.name })), { text: CONSTANT, value: CONSTANT }],
    description: c.description,
  };
  // A field the data does not have (yet) stays selectable, so the list never hides the config's value.
  if (typeof channel.field === 'string' && !fields.some((f) => f.name === channel.field)) {
    source.options!.unshift({ text: `${channel.field} (not in the data)`, value: channel.field });
  }
  if (!('field' in channel)) {
    return [
      source,
      { ...base, id: `encoding.${c.channel}.value`, keys: [...keys, 'value'], label: 'value', control: 'slider', min: c.min, max: c.max, step: niceStep(c.min, c.max), description: `Constant ${c.channel} for every cell.` },
    ];
  }
  const range = (k: 0 | 1): Binding => ({
    ...base,
    id: `encoding.${c.channel}.scale.range.${k}`,
    keys: [...keys, 'scale', 'range', k],
    label: k === 0 ? 'range from' : 'range to',
    control: 'slider',
    min: c.min,
    max: c.max,
    step: niceStep(c.min, c.max),
    description: 'Output [from, to] of the channel; reversed ranges invert the mapping.',
  });
  return [
    source,
    {
      ...base,
      id: `encoding.${c.channel}.scale.type`,
      keys: [...keys, 'scale', 'type'],
      label: 'scale',
      control: 'list',
      options: c.scaleTypes.map((o) => ({ text: o, value: o })),
      description: 'linear, log: proportional; ordinal: categories in order; quantile: ranks, evenly spread.',
    },
    range(0),
    range(1),
  ];
}

/** What a slider moves by over a range with no declared step (as the schema's own niceStep). */
function niceStep(min: number, max: number): number {
  return 10 ** Math.floor(Math.log10((max - min) / 100 || 1));
}

/**
 * Every control of the panel for this config, in folder order. The shape depends on the config:
 * a custom palette shows one colour per entry, a field channel shows its scale, a constant its value.
 * `fields` are the data's fields (availableFields of the bake, with their kinds).
 */
export function panelBindings(config: InstallationConfig, fields: FieldInfo[]): Binding[] {
  const out: Binding[] = [];
  for (const t of tunables()) {
    out.push(...fromTunable(t));
    if (t.kind === 'palette' && Array.isArray(config.look.palette)) {
      config.look.palette.forEach((_, k) =>
        out.push({
          id: `look.palette.${k}`,
          keys: ['look', 'palette', k],
          folder: 'look',
          group: 'palette',
          label: `colour ${k + 1}`,
          control: 'color',
          rebuild: false,
          description: 'A palette colour "#rrggbb", dark to bright.',
        }),
      );
    }
    if (t.path === 'layout.kind') {
      // groupBy is a field: a list of the data's categorical fields (numeric ones cannot group).
      const options = [NO_GROUP, ...fields.filter((f) => f.kind === 'categorical').map((f) => f.name)];
      const current = config.layout.groupBy;
      if (current !== null && !options.includes(current)) options.push(current);
      out.push({
        id: 'layout.groupBy',
        keys: ['layout', 'groupBy'],
        folder: 'layout',
        group: null,
        label: 'groupBy',
        control: 'list',
        options: options.map((o) => ({ text: o, value: o })),
        rebuild: true,
        description: 'Field whose values cluster cells into regions; (none): one region.',
      });
    }
  }
  const encoding = config.encoding as unknown as Record<string, Record<string, unknown>>;
  for (const c of channelTunables()) out.push(...channelBindings(c, encoding[c.channel], fields));
  return out.sort((a, b) => FOLDERS.indexOf(a.folder) - FOLDERS.indexOf(b.folder));
}

/** A key that changes exactly when the set of controls changes (palette form, channel forms, fields). */
export function structureKey(config: InstallationConfig, fields: FieldInfo[]): string {
  return panelBindings(config, fields)
    .map((b) => `${b.id}:${b.options?.length ?? ''}`)
    .join('|');
}

/** The value a control shows for this config. */
export function readBinding(config: InstallationConfig, b: Binding): unknown {
  const v = getAt(config, b.keys);
  switch (b.special) {
    case 'palette-mode':
      return Array.isArray(v) ? CUSTOM_PALETTE : v;
    case 'channel-source':
      return typeof (v as Record<string, unknown>).field === 'string' ? (v as Record<string, unknown>).field : CONSTANT;
    case 'null-toggle':
      return v !== null;
  }
  if (b.id === 'layout.groupBy') return v === null ? NO_GROUP : v;
  if (v === null && b.whenNull !== undefined) return b.whenNull;
  return v;
}

/** Makes a control's value valid for its binding: clamped, snapped to the step, one of the options. */
export function normalise(b: Binding, value: unknown): { ok: true; value: unknown } | { ok: false; reason: string } {
  switch (b.control) {
    case 'slider': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, reason: `${b.id}: expected a number, got ${JSON.stringify(value)}` };
      let v = Math.min(b.max!, Math.max(b.min!, value));
      if (b.integer) v = Math.round(v);
      else if (b.step) {
        const decimals = Math.max(0, -Math.floor(Math.log10(b.step)));
        v = Number((Math.round(v / b.step) * b.step).toFixed(decimals));
        v = Math.min(b.max!, Math.max(b.min!, v));
      }
      return { ok: true, value: v };
    }
    case 'toggle':
      return typeof value === 'boolean' ? { ok: true, value } : { ok: false, reason: `${b.id}: expected true or false` };
    case 'list':
      return b.options!.some((o) => o.value === value)
        ? { ok: true, value }
        : { ok: false, reason: `${b.id}: expected one of ${b.options!.map((o) => o.value).join(', ')}, got ${JSON.stringify(value)}` };
    case 'color':
      return typeof value === 'string' && HEX_COLOUR.test(value)
        ? { ok: true, value: value.toLowerCase() }
        : { ok: false, reason: `${b.id}: expected a colour "#rrggbb", got ${JSON.stringify(value)}` };
  }
}

/**
 * The config with one control's value written (normalised first). Returns null when the value
 * cannot be made valid for the control. Cross-field rules (dpr.min ≤ dpr.max, a mask for a mask
 * layout) are the schema's: validate the result before applying it.
 */
export function writeBinding(
  config: InstallationConfig,
  b: Binding,
  raw: unknown,
  ctx: { fields: FieldInfo[]; palettes: Record<string, { stops: string[] }> },
): InstallationConfig | null {
  const n = normalise(b, raw);
  if (!n.ok) return null;
  const value = n.value;
  const current = getAt(config, b.keys);
  switch (b.special) {
    case 'palette-mode': {
      if (value !== CUSTOM_PALETTE) return setAt(config, b.keys, value);
      if (Array.isArray(current)) return config;
      // Custom starts from the stops of the named palette on screen, so the picture does not jump.
      const stops = ctx.palettes[current as string]?.stops ?? ctx.palettes[PALETTE_NAMES[0]].stops;
      return setAt(config, b.keys, [...stops]);
    }
    case 'channel-source': {
      const ch = current as Record<string, unknown>;
      const spec = channelTunables().find((c) => c.channel === b.keys[1])!;
      if (value === CONSTANT) {
        if (!('field' in ch)) return config;
        // The constant starts in the middle of the scale's range: the picture changes least.
        const range = ((ch.scale as { range?: number[] })?.range ?? spec.defaultRange) as number[];
        const mid = Math.min(spec.max, Math.max(spec.min, (range[0] + range[1]) / 2));
        return setAt(config, b.keys, { value: Number(mid.toFixed(4)) });
      }
      const kind = ctx.fields.find((f) => f.name === value)?.kind ?? 'numeric';
      const prevScale = ('field' in ch ? ch.scale : undefined) as { type: string; domain: unknown; range: number[] } | undefined;
      let scale = prevScale ? { ...prevScale } : { type: 'linear', domain: 'auto' as unknown, range: [...spec.defaultRange] };
      // Categories take an ordinal scale and numbers a numeric one; a written domain no longer fits either way.
      const wantOrdinal = kind === 'categorical';
      if (wantOrdinal !== (scale.type === 'ordinal')) scale = { ...scale, type: wantOrdinal ? 'ordinal' : 'linear', domain: 'auto' };
      const next: Record<string, unknown> = { field: value, scale };
      if ('legend' in ch && ch.field === value) next.legend = ch.legend;
      return setAt(config, b.keys, next);
    }
    case 'null-toggle':
      return setAt(config, b.keys, value ? (current ?? b.whenNull) : null);
  }
  if (b.id === 'layout.groupBy') return setAt(config, b.keys, value === NO_GROUP ? null : value);
  if (b.keys[0] === 'encoding' && b.keys[b.keys.length - 1] === 'type') {
    // A scale type across the ordinal/numeric line: a written domain no longer fits.
    const scaleKeys = b.keys.slice(0, -1);
    const scale = getAt(config, scaleKeys) as { type: string; domain: unknown };
    if ((scale.type === 'ordinal') !== (value === 'ordinal') && scale.domain !== 'auto') {
      return setAt(config, scaleKeys, { ...scale, type: value, domain: 'auto' });
    }
  }
  return setAt(config, b.keys, value);
}
