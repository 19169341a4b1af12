import { describe, expect, it } from 'vitest';
import { mosaicToScreen, panBy, screenToMosaic, viewState, zoomAt, zoomView } from './camera.ts';

const extent: [number, number] = [16, 9];

describe('viewer camera maths', () => {
  it.each([
    ['same aspect', { width: 1600, height: 900 }, [0, 0], [0, 0]],
    ['same aspect, centre', { width: 1600, height: 900 }, [800, 450], [8, 4.5]],
    ['portrait phone: letterboxed top and bottom', { width: 390, height: 844 }, [0, 422 - 219.375 / 2], [0, 0]],
    ['tall window, bottom-right corner of the mosaic', { width: 390, height: 844 }, [390, 422 + 219.375 / 2], [16, 9]],
  ] as const)('%s', (_, vp, screen, mosaic) => {
    const m = screenToMosaic(vp, extent, null, screen[0], screen[1]);
    expect(m[0]).toBeCloseTo(mosaic[0], 5);
    expect(m[1]).toBeCloseTo(mosaic[1], 5);
  });

  it('round-trips through any zoom and pan', () => {
    const vp = { width: 480, height: 270 };
    for (const view of [null, zoomView(vp, 3, 0.2, 0.7), zoomView(vp, 12, 0.9, 0.1)]) {
      const [mx, my] = screenToMosaic(vp, extent, view, 123, 45);
      const [sx, sy] = mosaicToScreen(vp, extent, view, mx, my);
      expect(sx).toBeCloseTo(123, 6);
      expect(sy).toBeCloseTo(45, 6);
    }
  });

  it('zooms about a point that stays put, and clamps inside the mosaic', () => {
    const vp = { width: 480, height: 270 };
    const before = screenToMosaic(vp, extent, null, 100, 60);
    const view = zoomAt(vp, null, 2, 100, 60, 12);
    expect(viewState(vp, view).zoom).toBeCloseTo(2);
    const after = screenToMosaic(vp, extent, view, 100, 60);
    expect(after[0]).toBeCloseTo(before[0], 6);
    expect(after[1]).toBeCloseTo(before[1], 6);
    expect(zoomAt(vp, view, 0.1, 0, 0, 12)).toBeNull(); // back to the whole mosaic
    const far = panBy(vp, view, 1e6, 1e6)!;
    expect(far[2]).toBe(0);
    expect(far[3]).toBe(0);
  });
});
