/**
 * Stage: encode. Cells that fire and tire: the light timeline the GPU reads holds, per cell and
 * slice, the flash a care event gives after fatigue (not the raw activity) and the wellness. A cell
 * that flashed is tired: the next flash in the following slices is weaker, and the cell recovers
 * slice by slice, as a dinoflagellate does under repeated stimulation. Computed once per bake, so
 * the frame reads one byte and does no per-cell work on the CPU.
 *
 * Pure; reads only the artefact's timeline (the published activity per slice), nothing finer.
 */

/** The fatigue model, in timeline slices (one list; the docs quote it). */
export const FATIGUE = {
  /** Share of the cell's remaining light one care event uses up. */
  use: 0.7,
  /** Share of the fatigue left after one slice: the cell recovers to within 5% in about 7 slices. */
  recovery: 0.65,
  /**
   * Slices played before the first, so the loop's start carries the fatigue of its end (the
   * timeline loops: slice 0 follows the last one).
   */
  warmup: 8,
} as const;

/** The flash one slice's activity byte gives a cell whose fatigue is `fatigue`, and the fatigue after it. */
export function fireAndTire(activity: number, fatigue: number): { flash: number; fatigue: number } {
  const a = activity / 255;
  const rested = fatigue * FATIGUE.recovery;
  const flash = a * (1 - rested);
  // One event (activity 128) tires the cell as much as several: the flash is spent either way.
  const use = FATIGUE.use * Math.min(1, 2 * a);
  return { flash, fatigue: rested + (1 - rested) * use };
}

/**
 * The light timeline's bytes: for each slice and cell (flash after fatigue, wellness), slice-major
 * (slice s of cell j at 2 (s stride + j)), so one slice of every cell is one contiguous run: what the
 * GPU's timeline window uploads at a time (src/render/sliceWindow.ts). Read from the bake's
 * layout (journey-major, two bytes a sample) into `out` (2 samples stride bytes; `stride` cells a slice,
 * `count` of them read from the bake).
 */
export function writeLightTimeline(timeline: Uint8Array, count: number, samples: number, out: Uint8Array, stride = count): Uint8Array {
  const warm = Math.min(FATIGUE.warmup, samples);
  const { use, recovery } = FATIGUE;
  for (let j = 0; j < count; j++) {
    const row = 2 * j * samples;
    let f = 0;
    for (let s = samples - warm; s < samples; s++) {
      const a = timeline[row + 2 * s] / 255;
      f *= recovery;
      f += (1 - f) * use * Math.min(1, 2 * a);
    }
    for (let s = 0; s < samples; s++) {
      const i = row + 2 * s;
      const o = 2 * (s * stride + j);
      const a = timeline[i] / 255;
      f *= recovery;
      out[o] = Math.round(255 * a * (1 - f));
      out[o + 1] = timeline[i + 1];
      f += (1 - f) * use * Math.min(1, 2 * a);
    }
  }
  return out;
}
