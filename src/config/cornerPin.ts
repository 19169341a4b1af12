/**
 * Projection mapping: corner pin (keystone). The output's rectangle is mapped onto the four corners
 * an operator dragged, with one projective transform (a homography), applied as a CSS matrix3d on
 * the canvas: the GPU composites it, the renderer does not change.
 */

export type Point = [number, number];
/** Corners [top-left, top-right, bottom-right, bottom-left] as [x, y] fractions of the output. */
export type CornerPin = [Point, Point, Point, Point];

export const IDENTITY_PIN: CornerPin = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
];

/** Solves the 8x8 system by Gaussian elimination with partial pivoting; null when singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    if (Math.abs(m[p][c]) < 1e-12) return null;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

/**
 * The homography H (row-major 3x3, H[8] = 1) taking the four `from` points to the four `to` points:
 * (x, y) → ((h0 x + h1 y + h2) / w, (h3 x + h4 y + h5) / w) with w = h6 x + h7 y + 1.
 * Null when the points are degenerate (three in a line, or a corner on top of another).
 */
export function homography(from: Point[], to: Point[]): number[] | null {
  const a: number[][] = [];
  const b: number[] = [];
  for (let k = 0; k < 4; k++) {
    const [x, y] = from[k];
    const [u, v] = to[k];
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  }
  const h = solve(a, b);
  return h && h.every(Number.isFinite) ? [...h, 1] : null;
}

/** Applies a homography to a point. */
export function project(h: number[], [x, y]: Point): Point {
  const w = h[6] * x + h[7] * y + h[8];
  return [(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w];
}

/** True when the pin is a convex quadrilateral in order (a pin that folds over itself cannot be shown). */
export function isConvexPin(pin: CornerPin): boolean {
  let sign = 0;
  for (let k = 0; k < 4; k++) {
    const [ax, ay] = pin[k];
    const [bx, by] = pin[(k + 1) % 4];
    const [cx, cy] = pin[(k + 2) % 4];
    const cross = (bx - ax) * (cy - by) - (by - ay) * (cx - bx);
    if (Math.abs(cross) < 1e-9) return false;
    if (sign === 0) sign = Math.sign(cross);
    else if (Math.sign(cross) !== sign) return false;
  }
  return true;
}

/**
 * The CSS `matrix3d(...)` that maps an element of `width` x `height` pixels (transform-origin 0 0)
 * onto the pin's corners; null for the identity or an unusable pin (then the output stays unwarped).
 */
export function cornerPinMatrix3d(pin: CornerPin, width: number, height: number): string | null {
  if (pin.every((p, k) => p[0] === IDENTITY_PIN[k][0] && p[1] === IDENTITY_PIN[k][1])) return null;
  if (!isConvexPin(pin)) return null;
  const from: Point[] = [
    [0, 0],
    [width, 0],
    [width, height],
    [0, height],
  ];
  const to = pin.map(([x, y]) => [x * width, y * height] as Point);
  const h = homography(from, to);
  if (!h) return null;
  // A 2D homography as a 4x4 (z untouched), column-major as CSS lists it.
  const m = [h[0], h[3], 0, h[6], h[1], h[4], 0, h[7], 0, 0, 1, 0, h[2], h[5], 0, h[8]];
  return `matrix3d(${m.map((v) => +v.toFixed(10)).join(',')})`;
}
