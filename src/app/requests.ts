/**
 * What a build asks of the pipeline worker for a config: the layout request at an output's aspect
 * and the channel specs. One function for the page core (src/app/controller.ts) and for the worker's
 * early first layout (src/app/speculation.ts), so the two ask for the very same thing.
 */
import type { InstallationConfig } from '../config/index.ts';
import { channel, channelList, type ChannelSpec } from '../encode/channels.ts';
import { channelSlots } from '../encode/slots.ts';
import { layoutKind } from '../layout/kinds/index.ts';
import type { LayoutRequest } from './cells.ts';
import { layoutOptions } from './settings.ts';

/** What the layout reads of a config, for an output of this aspect, with the mask's bytes when the kind reads one. */
export function layoutRequest(c: InstallationConfig, aspect: number, mask: ArrayBuffer | null): LayoutRequest {
  const order = channelList().find((d) => d.invalidates === 'layout');
  const spec = order ? ((c.encoding as Record<string, ChannelSpec>)[order.name] ?? order.default) : null;
  return { ...layoutOptions(c, aspect), groupBy: c.layout.groupBy, orderField: spec?.field ?? null, mask };
}

/** The config's spec of each named channel. */
export function channelSpecs(c: InstallationConfig, names: string[]): Record<string, ChannelSpec> {
  const enc = c.encoding as Partial<Record<string, ChannelSpec>>;
  return Object.fromEntries(names.map((n) => [n, enc[n] ?? channel(n).default]));
}

/** The channels a new bake's first build encodes: every one the GPU reads. */
export function gpuChannels(): string[] {
  return channelSlots().map((s) => s.channel);
}

/** Whether the config's layout kind reads a mask image (then the layout waits for its bytes). */
export function readsMask(c: InstallationConfig): boolean {
  return layoutKind(c.layout.kind).settings.includes('mask') && c.layout.mask !== null;
}
