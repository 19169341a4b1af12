import { describe, expect, it } from 'vitest';
import { CellPicker } from './picking.ts';

/** A 5 x 4 grid of sites over a 5 x 4 mosaic, jittered a little so the triangulation is generic. */
function grid() {
  const site = new Uint16Array(40);
  for (let r = 0; r < 4; r++)
    for (let c = 0; c < 5; c++) {
      const i = r * 5 + c;
      site[2 * i] = Math.round(((c + 0.5 + 0.03 * Math.sin(i)) / 5) * 65535);
      site[2 * i + 1] = Math.round(((r + 0.5 + 0.03 * Math.cos(i)) / 4) * 65535);
    }
  return new CellPicker(site, [5, 4]);
}

describe('cell picking', () => {
  it('finds the cell under a point, and nothing outside the mosaic', () => {
    const p = grid();
    expect(p.find(0.5, 0.5)).toBe(0);
    expect(p.find(4.4, 3.6)).toBe(19);
    expect(p.find(2.6, 1.4)).toBe(7);
    expect(p.find(-1, 2)).toBe(-1);
  });

  it.each([
    [7, 'right', 8],
    [7, 'left', 6],
    [7, 'up', 2],
    [7, 'down', 12],
    [0, 'left', -1],
    [0, 'up', -1],
    [19, 'down', -1],
  ] as const)('from %d, %s is %d', (cell, dir, next) => expect(grid().neighbour(cell, dir)).toBe(next));

  it('starts keyboard navigation at the centre', () => expect(grid().centre()).toBe(7));
});
