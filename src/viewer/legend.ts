/**
 * The legend as HTML: one row per encoded channel (colour, brightness, pulse, size), its title from
 * the config and its end labels from the encoding's scale (CellTable.channels) once the cells are
 * built. Built with DOM calls, so no data text is ever parsed as HTML.
 */
import type { ResolvedChannel } from '../encode/cellTable.ts';
import type { RawInstallation } from './data.ts';
import { paletteWords } from './describe.ts';

const ROWS: { channel: string; name: string; low: string; high: string }[] = [
  { channel: 'hue', name: 'Colour', low: 'deep blue', high: 'pale cyan' },
  { channel: 'glow', name: 'Brightness', low: 'dim', high: 'bright' },
  { channel: 'pulseRate', name: 'Pulse', low: 'slow', high: 'fast' },
  { channel: 'size', name: 'Size', low: 'small', high: 'large' },
];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * The palette's sRGB stops, dark to bright. The palette table lives with the renderer (it imports
 * three), so it is loaded on demand: the first screen must not carry three.
 */
export async function paletteStops(palette: string | string[] | undefined): Promise<string[]> {
  if (Array.isArray(palette) && palette.length >= 2) return palette;
  const { PALETTES } = await import('../render/palettes.ts');
  return (PALETTES[typeof palette === 'string' ? palette : 'noctiluca'] ?? PALETTES.noctiluca).stops;
}

/** Fills `into` with the legend; call again with the channels when the cells are built. */
export function renderLegend(into: HTMLElement, config: RawInstallation, channels: ResolvedChannel[] | null): void {
  into.replaceChildren();
  const list = el('dl', 'legend');
  for (const row of ROWS) {
    const spec = config.encoding?.[row.channel];
    if (!spec?.field) continue;
    const resolved = channels?.find((c) => c.channel === row.channel);
    const [lowWord, highWord] = row.channel === 'hue' ? paletteWords(config.look?.palette) : [row.low, row.high];
    const title = spec.legend?.title ?? spec.field.replace(/_/g, ' ');
    list.append(el('dt', undefined, `${row.name}: ${title}`));
    const dd = el('dd');
    const stops = resolved?.legend ?? [];
    const low = stops.length ? `${lowWord} (${stops[0].label})` : `${lowWord}: low`;
    const high = stops.length ? `${highWord} (${stops[stops.length - 1].label})` : `${highWord}: high`;
    const ramp = el('span', `legend-ramp legend-${row.channel}`);
    ramp.setAttribute('aria-hidden', 'true');
    if (row.channel === 'hue') {
      void paletteStops(config.look?.palette).then((stops) => (ramp.style.background = `linear-gradient(to right, ${stops.join(', ')})`));
    }
    dd.append(el('span', 'legend-low', low), ramp, el('span', 'legend-high', high));
    list.append(dd);
  }
  into.append(list);
}
