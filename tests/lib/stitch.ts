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
 * How a stitched wall differs from the whole canvas away from the seam (outside seamX ± band):
 * the share of pixels whose largest channel is 5 or more levels off, and the largest difference.
 * Bloom is computed per output, so near the seam each output misses its neighbour's glow; further
 * away, the glow's coarsest mips sit on another texel grid per output and upsample a few levels
 * apart where the glow is steep. A stitch at a wrong offset or time is off by tens of levels.
 */
export function awayFromSeam(stitched: Pixels, whole: Pixels, seamX: number, band = 40): { offBy5: number; largest: number } {
  let off = 0;
  let count = 0;
  let largest = 0;
  for (let y = 0; y < whole.height; y++)
    for (let x = 0; x < whole.width; x++) {
      if (x >= seamX - band && x < seamX + band) continue;
      const i = 4 * (y * whole.width + x);
      let m = 0;
      for (let c = 0; c < 3; c++) m = Math.max(m, Math.abs(stitched.data[i + c] - whole.data[i + c]));
      if (m >= 5) off++;
      largest = Math.max(largest, m);
      count++;
    }
  return { offBy5: off / count, largest };
}
