/**
 * The legend over the stage, for the modes that show one (studio, venue): the one legend
 * (src/legend/), built from the encoding's own scales, in the corner the config names
 * (look.legend.position), sized to read from projection distance, with the credits under it. The
 * layer covers the whole picture, so on a video wall (a view offset) each output shows its part of
 * one legend. View mode shows the same legend in its About panel (src/viewer/shell.ts).
 */
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { InstallationConfig } from '../config/index.ts';
import type { CellTable } from '../encode/cellTable.ts';
import { renderLegend } from '../legend/dom.ts';
import { legendModel } from '../legend/model.ts';
import type { View } from './contract.ts';

export interface LegendLayerProps {
  config: InstallationConfig | null;
  table: CellTable | null;
  /** The camera view offset of this output (a wall's), or null for the whole picture. */
  view: View | null;
}

export function LegendLayer({ config, table, view }: LegendLayerProps) {
  const ref = useRef<HTMLElement>(null);
  const model = useMemo(() => (config && table ? legendModel(config, table.channels) : null), [config, table]);
  const credits = config?.credits ?? '';
  useLayoutEffect(() => {
    if (!ref.current || !model) return;
    renderLegend(ref.current, model);
    if (credits) {
      const p = document.createElement('p');
      p.className = 'legend-credits';
      p.textContent = credits;
      ref.current.append(p);
    }
  }, [model, credits]);
  if (!model?.show) return null;
  const layer = view ? { left: -view[2], top: -view[3], width: view[0], height: view[1] } : { inset: 0 };
  return (
    <div className="legend-layer" style={layer}>
      <section ref={ref} aria-label="Legend" className={`legend-overlay ${model.position}`} />
    </div>
  );
}
