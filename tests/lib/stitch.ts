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
