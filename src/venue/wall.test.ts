import { describe, expect, it } from 'vitest';
import { overscanView } from '../app/contract.ts';
import { blendFactor, glowOverscan, neighbourEdges, outputRefusal, parseWall, wallViewOffset } from './wall.ts';

const plain = { columns: 2, rows: 1, bezel: 0, overlap: 0 };

describe('wallViewOffset', () => {
  it.each([
    ['2x1 output 0', plain, 0, 240, 270, [480, 270, 0, 0, 240, 270]],
    ['2x1 output 1', plain, 1, 240, 270, [480, 270, 240, 0, 240, 270]],
    ['3x2 output 4 (middle of the bottom row)', { ...plain, columns: 3, rows: 2 }, 4, 1920, 1080, [5760, 2160, 1920, 1080, 1920, 1080]],
    ['bezels: the picture runs on behind them', { ...plain, bezel: 40 }, 1, 1920, 1080, [3880, 1080, 1960, 0, 1920, 1080]],
    ['overlap: neighbours share pixels', { ...plain, overlap: 200 }, 1, 1920, 1080, [3640, 1080, 1720, 0, 1920, 1080]],
    ['one screen is the whole canvas', { columns: 1, rows: 1, bezel: 30, overlap: 0 }, 0, 800, 600, [800, 600, 0, 0, 800, 600]],
  ])('%s', (_, wall, output, w, h, expected) => {
    expect(wallViewOffset(wall, output, w, h)).toEqual(expected);
  });
  it('outputs cover the virtual canvas edge to edge', () => {
    const wall = { columns: 3, rows: 2, bezel: 12, overlap: 0 };
    const last = wallViewOffset(wall, 5, 640, 360);
    expect(last[2] + last[4]).toBe(last[0]);
    expect(last[3] + last[5]).toBe(last[1]);
  });
  it('says which outputs exist for a output off the wall', () => {
    expect(() => wallViewOffset(plain, 2, 10, 10)).toThrow(/output 2 is not on a 2x1 wall \(outputs 0 to 1, row by row\)/);
  });
});

describe('glowOverscan', () => {
  it('draws the glow margin past every seam, starting on the glow grid, and nothing past the picture', () => {
    // 2x1 of 240x270, 5 levels: margin 192, grid 64.
    const left = wallViewOffset(plain, 0, 240, 270);
    const right = wallViewOffset(plain, 1, 240, 270);
    // 240 + 192 = 432 rounds up to a whole number of grid steps: 448.
    expect(glowOverscan(left, 192, 64)).toEqual({ left: 0, top: 0, right: 208, bottom: 0 });
    // 240 - 192 = 48 rounds down to the grid: the region starts at 0 (the picture's edge), 240 to the left.
    expect(glowOverscan(right, 192, 64)).toEqual({ left: 240, top: 0, right: 0, bottom: 0 });
    expect(overscanView(right, glowOverscan(right, 192, 64))).toEqual([480, 270, 0, 0, 480, 270]);
  });
  it('gives a middle output of a 3x2 wall of 1920x1080 a margin on its three inner sides, on the grid', () => {
    const view = wallViewOffset({ ...plain, columns: 3, rows: 2 }, 4, 1920, 1080);
    const o = glowOverscan(view, 192, 64);
    expect(o).toEqual({ left: 1920 - 1728, top: 1080 - 832, right: 192, bottom: 0 });
    expect((o.left + 1920 + o.right) % 64).toBe(0);
    const drawn = overscanView(view, o);
    expect(drawn[2] % 64).toBe(0);
    expect(drawn[3] % 64).toBe(0);
  });
  it('draws nothing more without a glow', () => {
    expect(glowOverscan(wallViewOffset(plain, 1, 240, 270), 0, 1)).toEqual({ left: 0, top: 0, right: 0, bottom: 0 });
  });
});

describe('neighbourEdges', () => {
  it('finds the shared edges of a middle output', () => {
    expect(neighbourEdges({ columns: 3, rows: 2 }, 4)).toEqual({ left: true, right: true, top: true, bottom: false });
  });
});

describe('blendFactor', () => {
  it('is 0 at the outer edge of the overlap, 1 past it, and the two sides add to one in linear light', () => {
    expect(blendFactor(0, 100, 2.2)).toBe(0);
    expect(blendFactor(100, 100, 2.2)).toBe(1);
    expect(blendFactor(5, 0, 2.2)).toBe(1);
    for (const d of [10, 37, 50, 81]) {
      const a = blendFactor(d, 100, 2.2) ** 2.2;
      const b = blendFactor(100 - d, 100, 2.2) ** 2.2;
      expect(a + b).toBeCloseTo(1, 6);
    }
  });
});

describe('parseWall', () => {
  it.each([
    ['3x2', { columns: 3, rows: 2 }],
    ['2X1', { columns: 2, rows: 1 }],
    ['0x2', null],
    ['3', null],
    [null, null],
  ])('%s', (v, expected) => expect(parseWall(v)).toEqual(expected));
});

describe('outputRefusal', () => {
  const wall = { columns: 2, rows: 1, from: '?wall=2x1' };
  it.each([
    ['no output named', wall, null, null],
    ['output 0', wall, '0', null],
    ['the last output', wall, '1', null],
    ['output 0 of one screen', null, '0', null],
  ])('%s: drawn', (_, w, asked, expected) => expect(outputRefusal(w, asked)).toBe(expected));
  it('refuses an output past the wall, naming the wall, its outputs and what to fix', () => {
    expect(outputRefusal(wall, '5')).toBe(
      "This screen's URL asks for output 5, which is not on the 2x1 wall (?wall=2x1): its outputs are 0 to 1, row by row. Nothing is drawn here: fix output= in this screen's URL, or the wall (?wall=2x1).",
    );
  });
  it.each([
    ['a word', wall, 'left', 'not an output number'],
    ['a negative number', wall, '-1', 'not an output number'],
    ['a fraction', wall, '0.5', 'not an output number'],
    ['an empty value', wall, '', 'not an output number'],
    ['any but 0 without a wall', null, '1', 'not on the 1x1 wall (one screen): its one output is 0'],
    ['past a 3x2 wall', { columns: 3, rows: 2, from: 'display.venue.wall' }, '6', 'its outputs are 0 to 5, row by row'],
  ])('refuses %s', (_, w, asked, says) => expect(outputRefusal(w, asked)).toContain(says));
});
