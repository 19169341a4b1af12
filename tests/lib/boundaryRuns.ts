/**
 * How straight community boundaries run: the measure behind "community boundaries are not dominated
 * by long horizontal or vertical runs" (issue 15), shared by the layout's unit test and the pixel test.
 *
 * From a label image (one community per pixel, -1 where none is known): unknown pixels take the
 * nearest known label and a majority filter about a cell wide smooths away stray pixels. A boundary
 * pixel is one whose label differs from the pixel to its right or below. It lies on a long vertical
 * run when the boundary pixels in the thin column strip around it (`tolerance` px either side,
 * `minRun` px long) number at least 80% of the strip's length, i.e. the boundary follows one column
 * that far, give or take the cells' zigzag; horizontal runs likewise in rows. The share of boundary
 * pixels on long runs is the measure: a treemap's edges are nearly all long runs, a wandering
 * coastline has few.
 */
export interface RunStats {
  /** Boundary pixels. */
  boundary: number;
  /** Share of them on axis-aligned runs at least minRun long. */
  longShare: number;
  minRun: number;
  tolerance: number;
}

/** Labels of a width x height image, -1 for unknown; `smooth` is the majority filter's radius (px). */
export function boundaryRuns(labels: Int32Array, width: number, height: number, opts: { smooth: number; minRun: number; tolerance: number }): RunStats {
  const { smooth, minRun, tolerance } = opts;
  const l = majority(fillUnknown(labels, width, height), width, height, smooth);
  const edge = new Uint8Array(width * height);
  let boundary = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if ((x + 1 < width && l[i] !== l[i + 1]) || (y + 1 < height && l[i] !== l[i + width])) {
        edge[i] = 1;
        boundary++;
      }
    }
  }
  // Summed-area table of the boundary pixels: any strip's count in four reads.
  const sat = new Float64Array((width + 1) * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += edge[y * width + x];
      sat[(y + 1) * (width + 1) + x + 1] = sat[y * (width + 1) + x + 1] + row;
    }
  }
  const count = (x0: number, y0: number, x1: number, y1: number) => {
    x0 = Math.max(0, x0);
    y0 = Math.max(0, y0);
    x1 = Math.min(width, x1);
    y1 = Math.min(height, y1);
    return sat[y1 * (width + 1) + x1] - sat[y0 * (width + 1) + x1] - sat[y1 * (width + 1) + x0] + sat[y0 * (width + 1) + x0];
  };
  const half = Math.floor(minRun / 2);
  let long = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!edge[y * width + x]) continue;
      // The strip may slide along the run: the pixel counts when any strip through it is full.
      let on = false;
      for (let s = -half; s <= half && !on; s += Math.max(1, Math.floor(half / 2))) {
        const vertical = count(x - tolerance, y + s - half, x + tolerance + 1, y + s + half + 1);
        const horizontal = count(x + s - half, y - tolerance, x + s + half + 1, y + tolerance + 1);
        on = vertical >= 0.8 * (2 * half + 1) || horizontal >= 0.8 * (2 * half + 1);
      }
      if (on) long++;
    }
  }
  return { boundary, longShare: boundary ? long / boundary : 0, minRun, tolerance };
}

/** Every unknown pixel takes the label of the nearest known one (breadth first, 4-neighbours). */
function fillUnknown(labels: Int32Array, width: number, height: number): Int32Array {
  const out = labels.slice();
  let frontier: number[] = [];
  for (let i = 0; i < out.length; i++) if (out[i] >= 0) frontier.push(i);
  while (frontier.length) {
    const next: number[] = [];
    for (const i of frontier) {
      const x = i % width;
      const y = (i - x) / width;
      for (const j of [x > 0 ? i - 1 : -1, x + 1 < width ? i + 1 : -1, y > 0 ? i - width : -1, y + 1 < height ? i + width : -1]) {
        if (j >= 0 && out[j] < 0) {
          out[j] = out[i];
          next.push(j);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/** Each pixel takes the most common label in the (2r+1)² square around it (per-label summed-area tables). */
function majority(labels: Int32Array, width: number, height: number, r: number): Int32Array {
  let k = 0;
  for (const v of labels) k = Math.max(k, v + 1);
  const out = new Int32Array(labels.length);
  const best = new Float64Array(labels.length).fill(-1);
  const sat = new Float64Array((width + 1) * (height + 1));
  for (let g = 0; g < k; g++) {
    sat.fill(0);
    for (let y = 0; y < height; y++) {
      let row = 0;
      for (let x = 0; x < width; x++) {
        row += labels[y * width + x] === g ? 1 : 0;
        sat[(y + 1) * (width + 1) + x + 1] = sat[y * (width + 1) + x + 1] + row;
      }
    }
    for (let y = 0; y < height; y++) {
      const y0 = Math.max(0, y - r);
      const y1 = Math.min(height, y + r + 1);
      for (let x = 0; x < width; x++) {
        const x0 = Math.max(0, x - r);
        const x1 = Math.min(width, x + r + 1);
        const c = sat[y1 * (width + 1) + x1] - sat[y0 * (width + 1) + x1] - sat[y1 * (width + 1) + x0] + sat[y0 * (width + 1) + x0];
        if (c > best[y * width + x]) {
          best[y * width + x] = c;
          out[y * width + x] = g;
        }
      }
    }
  }
  return out;
}
