/**
 * Stage: encode. Ripples at city scale: every cell's flashes pooled per light-field texel and per
 * timeline slice, so the light field (src/render/field.ts) gathers ripples from a fixed grid each
 * frame instead of drawing a sprite for every cell that flashed. A mosaic of many small cells
 * then costs the same to ripple whatever its count.
 *
 * Each texel of each slice holds the flashes of the cells whose sites fall in it: their summed
 * amplitude (the light timeline's activity, after fatigue), and the amplitude-weighted means of the
 * moment in the slice each cell flashes at (the same hash as shaders/field/ripple.vert, before the
 * look's flashJitter scales it) and of where in the texel the cells stand. Pure: the same sites and
 * timeline give the same bytes.
 */
import type { LightTimeline } from './cellTable.ts';

/** From this many cells on, ripples are pooled (every shipped installation has far fewer, and keeps a ripple per cell). */
export const POOLED_RIPPLES_FROM = 10_000;
/** A pooled texel spans about this many cell radii: a third of a ripple's usual reach (3 × reach 3 + the cell). */
export const POOL_TEXEL_RADII = 3;
/** The pooled field's height in texels stays within these. */
export const POOL_MIN_HEIGHT = 16;
export const POOL_MAX_HEIGHT = 128;

export interface RipplePool {
  /** Texels across and down (the light field's own size) and slices (layers). */
  width: number;
  height: number;
  samples: number;
  /**
   * RGBA8 per texel, layer after layer: red = sqrt(amplitude sum / scale) (a square root keeps one
   * faint flash distinct from none beside a crowded texel), green = mean flash moment (0..1), blue
   * and alpha = mean position in the texel (0..1 across, 0..1 up).
   */
  data: Uint8Array;
  /** The largest amplitude sum of any texel and slice. */
  scale: number;
}

/** The light field's size when ripples are pooled, for a mosaic of `extent` whose mean cell radius is `cellRadius`. */
export function pooledFieldSize(extent: readonly [number, number], cellRadius: number): [number, number] {
  const h = Math.round(Math.min(POOL_MAX_HEIGHT, Math.max(POOL_MIN_HEIGHT, extent[1] / Math.max(1e-9, POOL_TEXEL_RADII * cellRadius))));
  return [Math.max(1, Math.round((h * extent[0]) / extent[1])), h];
}

/** "lowbias32" (shaders/lib/hash.glsl hashU), in 32-bit integer arithmetic. */
function hashU(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** hash11: the moment in its slice (before flashJitter) cell `cell` flashes at in slice `s`, as ripple.vert computes it. */
export function flashMoment(cell: number, s: number): number {
  return (hashU((Math.imul(cell, 4099) + s) >>> 0) >>> 8) / 16777216;
}

/**
 * Pools `count` cells' flashes into a `width` × `height` grid over the mosaic. `site` holds the
 * cells' sites as uint16 fractions of the extent (x y interleaved, as the GPU has them).
 */
export function poolRipples(site: Uint16Array, count: number, timeline: LightTimeline, width: number, height: number): RipplePool {
  const samples = timeline.samples;
  const texels = width * height;
  const texelOf = new Uint32Array(count);
  for (let cell = 0; cell < count; cell++) {
    const x = Math.min(width - 1, Math.floor((site[2 * cell] / 65535) * width));
    const y = Math.min(height - 1, Math.floor((site[2 * cell + 1] / 65535) * height));
    texelOf[cell] = y * width + x;
  }
  // Slice by slice, every cell in order: the light timeline is slice-major, so a slice is read
  // straight through, and one slice's sums over the grid (16 bytes a texel) stay in cache. (Summing
  // every slice at once missed the cache at every flash: 1M cells at random sites, 1.7 s.)
  const stride = timeline.count;
  const t = timeline.data;
  const acc = new Float32Array(4 * texels); // per texel: sum, moment, across, up
  const sums = new Float32Array(texels * samples);
  const data = new Uint8Array(4 * texels * samples);
  for (let s = 0; s < samples; s++) {
    const row = 2 * s * stride;
    acc.fill(0);
    for (let cell = 0; cell < count; cell++) {
      const a = t[row + 2 * cell];
      if (a === 0) continue;
      const amp = a / 255;
      const texel = texelOf[cell];
      const x0 = texel % width;
      const y0 = (texel - x0) / width;
      const i = 4 * texel;
      acc[i] += amp;
      acc[i + 1] += amp * flashMoment(cell, s);
      acc[i + 2] += amp * Math.min(1, (site[2 * cell] / 65535) * width - x0);
      acc[i + 3] += amp * Math.min(1, (site[2 * cell + 1] / 65535) * height - y0);
    }
    for (let texel = 0; texel < texels; texel++) {
      const sum = acc[4 * texel];
      if (sum === 0) continue;
      const i = s * texels + texel;
      sums[i] = sum;
      data[4 * i + 1] = Math.round((acc[4 * texel + 1] / sum) * 255);
      data[4 * i + 2] = Math.round((acc[4 * texel + 2] / sum) * 255);
      data[4 * i + 3] = Math.round((acc[4 * texel + 3] / sum) * 255);
    }
  }
  let scale = 0;
  for (let i = 0; i < sums.length; i++) scale = Math.max(scale, sums[i]);
  // A texel whose flashes round to nothing keeps the faintest level: it did flash.
  for (let i = 0; i < sums.length; i++) if (sums[i] > 0) data[4 * i] = Math.max(1, Math.round(Math.sqrt(sums[i] / scale) * 255));
  return { width, height, samples, data, scale: Math.max(scale, 1e-9) };
}
