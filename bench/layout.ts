/**
 * Layout time in Node: layoutMosaic with Harmonia's options (grouped Voronoi, 2 Lloyd iterations) on
 * the synthetic journeys' communities and first dates, exactly what the page's pipeline worker gets.
 */
import { layoutMosaic } from '../src/layout/layout.ts';
import { syntheticBake } from './synthetic.ts';

export interface LayoutRun {
  cells: number;
  ms: number;
  cellsPerSec: number;
}

export function runLayoutBench(sizes: number[], log?: (line: string) => void): LayoutRun[] {
  return sizes.map((cells) => {
    const bake = syntheticBake(cells, { samples: 2 });
    log?.(`layout: ${cells.toLocaleString('en-US')} cells in Node`);
    const t = performance.now();
    const layout = layoutMosaic(
      { count: cells, groups: bake.community, order: bake.measures.first_date },
      { kind: 'voronoi', seed: 7, relaxation: 2, aspect: 16 / 9 },
    );
    const ms = performance.now() - t;
    if (layout.count !== cells) throw new Error('bench/layout: wrong cell count');
    return { cells, ms, cellsPerSec: Math.round(cells / (ms / 1000)) };
  });
}
