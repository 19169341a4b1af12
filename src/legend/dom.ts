/**
 * The legend as HTML, built with DOM calls (no data text is ever parsed as HTML), from the legend
 * model (model.ts). One builder for every mode: the viewer puts it in its About panel, the studio
 * and the venue over the stage (Legend.tsx). Styles: legend.css.
 */
import { el } from '../viewer/dom.ts';
import type { LegendEnd, LegendModel, LegendRow } from './model.ts';
import './legend.css';

function end(e: LegendEnd, side: 'low' | 'high'): HTMLElement {
  const span = el('span', `legend-end legend-${side}`, e.looks);
  if (e.says) span.append(el('span', 'legend-says', e.says));
  return span;
}

function ramp(r: LegendRow): HTMLElement | null {
  if (!r.ramp) return null;
  const bar = el('span', `legend-ramp legend-ramp-${r.channel}`);
  bar.setAttribute('aria-hidden', 'true');
  if (r.ramp.kind === 'colours') bar.style.background = `linear-gradient(to right, ${r.ramp.colours.join(', ')})`;
  else {
    const { colour, levels } = r.ramp;
    bar.classList.add('legend-ramp-light');
    for (const level of levels) {
      const dot = el('span', 'legend-light');
      dot.style.background = colour;
      dot.style.opacity = String(Math.max(0.12, level));
      dot.style.boxShadow = `0 0 ${(0.2 + 0.8 * level).toFixed(2)}em ${colour}`;
      bar.append(dot);
    }
  }
  return bar;
}

/** Fills `into` with the legend (replacing what was there). */
export function renderLegend(into: HTMLElement, model: LegendModel): void {
  const list = el('dl', 'legend-rows');
  for (const r of model.rows) {
    list.append(el('dt', undefined, `${r.name}: ${r.title}`));
    const dd = el('dd');
    if (r.categories) {
      const ul = el('ul', 'legend-categories');
      for (const c of r.categories) {
        const li = el('li', undefined);
        if (c.colour) {
          const sw = el('span', 'legend-swatch');
          sw.setAttribute('aria-hidden', 'true');
          sw.style.background = c.colour;
          li.append(sw);
        }
        li.append(c.label);
        ul.append(li);
      }
      dd.append(ul);
    } else if (r.low && r.high) {
      const bar = ramp(r);
      dd.append(end(r.low, 'low'), ...(bar ? [bar] : [el('span', 'legend-to', 'to')]), end(r.high, 'high'));
    }
    list.append(dd);
  }
  const parts: HTMLElement[] = [];
  if (model.rows.length) parts.push(list);
  if (model.uniform) parts.push(el('p', 'legend-uniform', model.uniform));
  parts.push(el('p', 'legend-note', model.note));
  into.replaceChildren(...parts);
  into.classList.add('legend');
}
