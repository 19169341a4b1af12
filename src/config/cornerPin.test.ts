import { describe, expect, it } from 'vitest';
import { cornerPinMatrix3d, homography, IDENTITY_PIN, isConvexPin, project, type CornerPin, type Point } from './cornerPin.ts';

/** Applies a CSS matrix3d string to a 2D point (z = 0), with the perspective divide. */
function applyCss(css: string, [x, y]: Point): Point {
  const m = css.slice('matrix3d('.length, -1).split(',').map(Number);
  const X = m[0] * x + m[4] * y + m[12];
  const Y = m[1] * x + m[5] * y + m[13];
  const W = m[3] * x + m[7] * y + m[15];
  return [X / W, Y / W];
}

describe('homography', () => {
  it('maps the four corners to the four targets, and straight lines stay straight', () => {
    const from: Point[] = [[0, 0], [4, 0], [4, 3], [0, 3]];
    const to: Point[] = [[0.5, 0.2], [3.9, 0.1], [3.5, 2.9], [0.1, 2.6]];
    const h = homography(from, to)!;
    from.forEach((p, k) => {
      expect(project(h, p)[0]).toBeCloseTo(to[k][0], 9);
      expect(project(h, p)[1]).toBeCloseTo(to[k][1], 9);
    });
    const [a, b, mid] = [project(h, [0, 0]), project(h, [4, 3]), project(h, [2, 1.5])];
    expect((b[0] - a[0]) * (mid[1] - a[1]) - (b[1] - a[1]) * (mid[0] - a[0])).toBeCloseTo(0, 9);
  });
  it('is null for degenerate corners', () => {
    expect(homography([[0, 0], [1, 0], [2, 0], [0, 1]], [[0, 0], [1, 0], [1, 1], [0, 1]])).toBeNull();
  });
});

describe('cornerPinMatrix3d', () => {
  it('leaves an unpinned output alone', () => {
    expect(cornerPinMatrix3d(IDENTITY_PIN, 1920, 1080)).toBeNull();
  });
  it('takes the canvas corners (pixels) to the pinned corners', () => {
    const pin: CornerPin = [[0.05, 0.02], [0.97, 0.0], [1.0, 0.95], [0.0, 1.0]];
    const css = cornerPinMatrix3d(pin, 1920, 1080)!;
    const corners: Point[] = [[0, 0], [1920, 0], [1920, 1080], [0, 1080]];
    corners.forEach((c, k) => {
      const [x, y] = applyCss(css, c);
      expect(x).toBeCloseTo(pin[k][0] * 1920, 3);
      expect(y).toBeCloseTo(pin[k][1] * 1080, 3);
    });
  });
  it('refuses a pin that folds over itself (the output stays unwarped)', () => {
    const bowtie: CornerPin = [[0, 0], [1, 1], [1, 0], [0, 1]];
    expect(isConvexPin(bowtie)).toBe(false);
    expect(cornerPinMatrix3d(bowtie, 100, 100)).toBeNull();
  });
});
