/**
 * The legend: what hue and glow mean, built from the encoding's own scales (CellTable.channels), so
 * it can never disagree with the mosaic. Plain, accessible HTML (a labelled region, lists with text),
 * sized to read from projection distance. The integrator mounts it over the stage.
 */
import type { CSSProperties } from 'react';
import type { ChannelName, ResolvedChannel } from '../encode/cellTable.ts';
import { PALETTES } from '../render/palettes.ts';

export type LegendPosition = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

export interface LegendProps {
  /** The encoded channels (CellTable.channels): each one's field, scale and legend stops. */
  channels: ResolvedChannel[];
  /** The palette the mosaic uses: a name or custom sRGB colours, dark to bright. */
  palette: string | string[];
  /** Corner of the screen (config look.legend.position); default bottom-left. */
  position?: LegendPosition;
  /** Config look.legend.show; false renders nothing. */
  show?: boolean;
  /** Titles per channel (config encoding.<channel>.legend.title); default: the field name. */
  titles?: Partial<Record<ChannelName, string>>;
}

const corner: Record<LegendPosition, CSSProperties> = {
  'top-left': { top: '2vmin', left: '2vmin' },
  'top-right': { top: '2vmin', right: '2vmin' },
  'bottom-left': { bottom: '2vmin', left: '2vmin' },
  'bottom-right': { bottom: '2vmin', right: '2vmin' },
};

const box: CSSProperties = {
  position: 'absolute',
  zIndex: 2,
  maxWidth: 'min(34rem, 45vw)',
  padding: '0.8em 1em',
  background: 'rgba(1, 3, 10, 0.72)',
  color: '#e8f6ff',
  font: '600 clamp(14px, 1.6vmax, 30px)/1.3 system-ui, sans-serif',
  borderRadius: '0.5em',
  pointerEvents: 'none',
};

function stops(palette: string | string[]): string[] {
  return Array.isArray(palette) ? palette : (PALETTES[palette] ?? PALETTES.noctiluca).stops;
}

function title(c: ResolvedChannel, titles: LegendProps['titles']): string {
  return titles?.[c.channel] ?? c.field ?? c.channel;
}

/** The legend region; null when hidden or when neither hue nor glow comes from a field. */
export function Legend({ channels, palette, position = 'bottom-left', show = true, titles }: LegendProps) {
  if (!show) return null;
  const hue = channels.find((c) => c.channel === 'hue' && c.field && c.legend.length > 0);
  const glow = channels.find((c) => c.channel === 'glow' && c.field && c.legend.length > 0);
  if (!hue && !glow) return null;
  const colours = stops(palette);
  const bright = colours[colours.length - 1];
  const glowMax = glow ? Math.max(...glow.legend.map((s) => s.value), 1e-6) : 1;
  return (
    <section aria-label="Legend" className="legend" style={{ ...box, ...corner[position] }}>
      {hue && (
        <div>
          <h2 style={{ font: 'inherit', margin: '0 0 0.3em' }}>Colour: {title(hue, titles)}</h2>
          <div
            aria-hidden="true"
            style={{ height: '0.8em', borderRadius: '0.4em', background: `linear-gradient(to right, ${colours.join(', ')})` }}
          />
          <ul style={{ position: 'relative', listStyle: 'none', margin: 0, padding: 0, height: '1.4em', fontWeight: 400 }}>
            {hue.legend.map((s, k) => (
              <li
                key={k}
                style={{
                  position: 'absolute',
                  left: `${Math.min(100, Math.max(0, s.value * 100))}%`,
                  // Labels at the ends stay inside the bar, whichever way the scale's range runs.
                  transform: `translateX(${s.value <= 0.02 ? '0' : s.value >= 0.98 ? '-100%' : '-50%'})`,
                  whiteSpace: 'nowrap',
                }}
              >
                {s.label}
              </li>
            ))}
          </ul>
        </div>
      )}
      {glow && (
        <div style={{ marginTop: hue ? '0.5em' : 0 }}>
          <h2 style={{ font: 'inherit', margin: '0 0 0.3em' }}>Glow: {title(glow, titles)}</h2>
          <ul style={{ display: 'flex', gap: '1em', listStyle: 'none', margin: 0, padding: 0, fontWeight: 400 }}>
            {glow.legend.map((s, k) => {
              const a = Math.max(0.12, s.value / glowMax);
              return (
                <li key={k} style={{ display: 'flex', alignItems: 'center', gap: '0.35em' }}>
                  <span
                    aria-hidden="true"
                    style={{
                      display: 'inline-block',
                      width: '0.9em',
                      height: '0.9em',
                      borderRadius: '50%',
                      background: bright,
                      opacity: a,
                      boxShadow: `0 0 ${(0.2 + 0.8 * a).toFixed(2)}em ${bright}`,
                    }}
                  />
                  {s.label}
                </li>
              );
            })}
          </ul>
          <p style={{ margin: '0.4em 0 0', fontWeight: 400, fontSize: '0.8em' }}>
            Cells flash at care visits and dim when care stops.
          </p>
        </div>
      )}
    </section>
  );
}
