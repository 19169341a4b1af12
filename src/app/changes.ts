/**
 * Which work a config change needs, and nothing more: the data section bakes again; the layout
 * runs again only when one of its inputs changed (the kind, the settings that kind reads, groupBy,
 * a channel the layout reads); a channel whose mapping changed is re-encoded alone; everything else
 * (the look, motion, display, layout.gap, legend titles) is uniforms and page state. The channel
 * list (src/encode/channels.ts) says what each channel invalidates; the layout kinds
 * (src/layout/kinds/) say which settings each reads.
 */
import type { InstallationConfig } from '../config/index.ts';
import { channelList, type ChannelName, type ChannelSpec } from '../encode/channels.ts';
import { layoutKind } from '../layout/kinds/index.ts';

export interface ConfigChanges {
  /** The data section changed: read and bake the data again (all that follows it too). */
  data: boolean;
  /** A layout input changed: lay the mosaic out again (the cells' geometry). */
  layout: boolean;
  /** Channels whose byte column must be encoded again. */
  channels: ChannelName[];
  /** Uniforms, the post chain or page state change (look, motion, display, gap, legend words). */
  look: boolean;
}

const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

/** The part of a channel the encoder reads (not its legend title). */
const mapping = (c: ChannelSpec | undefined) => (c ? { field: c.field, value: c.value, scale: c.scale } : null);

/** What must be redone to go from config `a` to config `b`. */
export function configChanges(a: InstallationConfig, b: InstallationConfig): ConfigChanges {
  const data = !same(a.data, b.data);
  const encA = a.encoding as Partial<Record<string, ChannelSpec>>;
  const encB = b.encoding as Partial<Record<string, ChannelSpec>>;
  const kind = layoutKind(b.layout.kind);
  let layout =
    a.layout.kind !== b.layout.kind ||
    a.layout.groupBy !== b.layout.groupBy ||
    kind.settings.some((s) => !same(a.layout[s], b.layout[s]));
  const channels: ChannelName[] = [];
  let look =
    !same(a.look, b.look) ||
    !same(a.motion, b.motion) ||
    !same(a.display, b.display) ||
    UNIFORM_LAYOUT_SETTINGS.some((k) => !same(a.layout[k as keyof InstallationConfig['layout']], b.layout[k as keyof InstallationConfig['layout']]));
  for (const c of channelList()) {
    const [x, y] = [encA[c.name], encB[c.name]];
    if (c.invalidates === 'layout') {
      // The layout reads the field's raw values; its scale and legend change nothing there.
      if ((x?.field ?? null) !== (y?.field ?? null)) layout = true;
    } else if (!same(mapping(x), mapping(y))) channels.push(c.name as ChannelName);
    if (!same(x?.legend, y?.legend)) look = true;
  }
  return { data, layout, channels, look };
}

/** Settings of config `layout` that are uniforms: a change to one rebuilds nothing. */
export const UNIFORM_LAYOUT_SETTINGS: readonly string[] = ['gap'];

/**
 * Whether a change at this key path can rebuild cells (lay out or encode, in the worker): a tuning
 * panel applies those when a drag ends rather than on every step. Layout settings other than the
 * uniform ones, and channel mappings, do; the rest is uniforms.
 */
export function rebuildsCells(keys: readonly (string | number)[]): boolean {
  if (keys[0] === 'layout') return !UNIFORM_LAYOUT_SETTINGS.includes(String(keys[1]));
  if (keys[0] === 'encoding') return keys[2] !== 'legend';
  return keys[0] === 'data';
}
