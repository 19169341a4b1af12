/**
 * A layout drawn without the browser, for tests that look at its shapes: each cell's polygon filled
 * with its group (community) index, -1 where no cell is; scanlines through pixel centres.
 */
import { MAX_CORNERS, type MosaicLayout } from '../../src/layout/layout.ts';

export function rasterGroups(l: MosaicLayout, width: number, height: number): Int32Array {
  const out = new Int32Array(width * height).fill(-1);
  const xs = new Float64Array(MAX_CORNERS);
  const ys = new Float64Array(MAX_CORNERS);
  for (let j = 0; j < l.count; j++) {
    const k = l.cornerCount[j];
    let top = Infinity;
    let bottom = -Infinity;
    for (let c = 0; c < k; c++) {
      xs[c] = (l.corners[2 * (MAX_CORNERS * j + c)] / l.width) * width;
      ys[c] = (l.corners[2 * (MAX_CORNERS * j + c) + 1] / l.height) * height;
      top = Math.min(top, ys[c]);
      bottom = Math.max(bottom, ys[c]);
    }
    for (let y = Math.max(0, Math.floor(top)); y <= Math.min(height - 1, Math.ceil(bottom)); y++) {
      const yc = y + 0.5;
      let lo = Infinity;
      let hi = -Infinity;
      for (let c = 0; c < k; c++) {
        const d = c + 1 === k ? 0 : c + 1;
        if ((ys[c] <= yc && ys[d] > yc) || (ys[d] <= yc && ys[c] > yc)) {
          const x = xs[c] + ((yc - ys[c]) / (ys[d] - ys[c])) * (xs[d] - xs[c]);
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
        }
      }
      for (let x = Math.max(0, Math.round(lo)); x < Math.min(width, Math.round(hi)); x++) out[y * width + x] = l.group[j];
    }
  }
  return out;
}
