/**
 * A video wall's outputs put back together: the screenshots of a wall's outputs, side by side, to
 * compare with one screenshot of the whole canvas (tests/layout, tests/venue, tests/venue-server).
 */
import type { Pixels } from '../harness.ts';

/** Stitches same-height screenshots side by side, left to right. */
export function stitch(parts: Pixels[]): Pixels {
  const width = parts.reduce((s, p) => s + p.width, 0);
  const height = parts[0].height;
  const data = new Uint8Array(width * height * 4);
  let x0 = 0;
  for (const p of parts) {
    for (let y = 0; y < height; y++) data.set(p.data.subarray(y * p.width * 4, (y + 1) * p.width * 4), (y * width + x0) * 4);
    x0 += p.width;
  }
  return { width, height, data, png: Buffer.alloc(0) };
}

/**
 * How a stitched wall differs from the whole canvas, seams included: the share of pixels whose
 * largest channel is 2 or more levels off, and the largest difference. Each output draws the glow
 * margin around its part (src/venue/wall.ts glowOverscan), so the glow runs across the seams as in
 * the whole picture and the two differ by rounding only. A stitch at a wrong offset or time, or an
 * output that misses its neighbour's glow, is off by tens of levels.
 */
export function stitchDiff(stitched: Pixels, whole: Pixels): { offBy2: number; largest: number } {
  let off = 0;
  let largest = 0;
  for (let i = 0; i < whole.width * whole.height * 4; i += 4) {
    let m = 0;
    for (let c = 0; c < 3; c++) m = Math.max(m, Math.abs(stitched.data[i + c] - whole.data[i + c]));
    if (m >= 2) off++;
    largest = Math.max(largest, m);
  }
  return { offBy2: off / (whole.width * whole.height), largest };
}
