/**
 * The per-journey timeline: a fixed number of samples over the installation's time window, each an
 * (activity, wellness) pair of bytes, ready to become a row of a GPU data texture.
 *
 * Sample s covers [start + s·w, start + (s + 1)·w), w = (end − start) / samples.
 * - activity: visits in the slice (days with attended care, JourneyEvents.visit: the procedures of one
 *   visit are one): 0 → 0, 1 → 128, 2 or more → 255 (a flash).
 * - wellness: the wellness formula (measures.ts) evaluated at the end of the slice over the trailing
 *   12 months: latest pain so far; visits, emergency, missed, barrier and sentiment over the last
 *   365 days. Then smoothed across samples (exponential, SMOOTHING), and held at its first value
 *   before the journey's first event.
 */
import { EventTally, type JourneyEvents } from './measures';
import { MS_PER_DAY } from './time';

export const TRAILING_MS = 365 * MS_PER_DAY;
/** Weight of the new value in the exponential smoothing of wellness across samples. */
export const SMOOTHING = 0.5;

/** Write `samples` (activity, wellness) byte pairs for journey `j` into `out` from `offset`. */
export function writeTimeline(j: JourneyEvents, start: number, end: number, samples: number, out: Uint8Array, offset: number): void {
  const { n, time, visit, pain } = j;
  const w = (end - start) / samples;
  let head = 0; // events [0, head) have time < sliceEnd
  let tail = 0; // events [tail, head) are in the trailing year: the tally's
  const year = new EventTally(j);
  let latestPain = NaN;
  let level = NaN;
  let firstLevelAt = -1;
  for (let s = 0; s < samples; s++) {
    const sliceStart = start + s * w;
    const sliceEnd = s === samples - 1 ? end : start + (s + 1) * w;
    let inSlice = 0;
    while (head < n && time[head] < sliceEnd) {
      year.add(head);
      if (visit[head] && time[head] >= sliceStart) inSlice++;
      if (!Number.isNaN(pain[head])) latestPain = pain[head];
      head++;
    }
    while (tail < head && time[tail] < sliceEnd - TRAILING_MS) year.remove(tail++);
    const o = offset + s * 2;
    out[o] = inSlice === 0 ? 0 : inSlice === 1 ? 128 : 255;
    if (head === 0) {
      out[o + 1] = 0;
      continue;
    }
    // Visits in the trailing year are the visits per year.
    const raw = year.wellness(latestPain, year.visits);
    if (Number.isNaN(level)) {
      level = raw;
      firstLevelAt = s;
    } else level += SMOOTHING * (raw - level);
    out[o + 1] = Math.round(level * 255);
  }
  // Before the first event, hold the first level so a cell does not flash from dark as an artefact.
  if (firstLevelAt > 0) for (let s = 0; s < firstLevelAt; s++) out[offset + s * 2 + 1] = out[offset + firstLevelAt * 2 + 1];
}
