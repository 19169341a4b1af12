/**
 * Stage: plan. When each note of the score sounds, on the page's animation clock, and how loud after
 * the ear-safety limits. Pure: the notes between two clock times are a function of (score, config,
 * timing, times) alone, so every output of a wall, every phone and an offline render play the same
 * note at the same moment, and a render of a range is the same whichever range it is part of.
 *
 * Time follows the picture exactly (src/render/sliceWindow.ts sliceMoment, which the shaders read):
 * the stage gives the shader `gpuTime(clock · speed, loop)` (src/app/clock.ts), the mosaic multiplies
 * it by its reduced-motion factor, and the timeline's moment is `hold`, or `fract(time / loop)`. Slice s of the loop begins at
 * moment s / S, where its care flashes; a community's note comes at moment (s + strum · rank / V) / S,
 * its strum position from left to right. Held timelines, a stopped clock (speed 0) and a frozen clock
 * make no notes: without time passing no care happens.
 *
 * Limits (the ears' counterpart of src/render/safety.ts), computed once per loop, in real seconds:
 * - density: no 1-second window holds more than maxNotesPerSecond notes (never above
 *   MAX_NOTES_PER_SECOND); where care is denser, the softest notes are left out (among equals,
 *   spread evenly over the stereo field). The planner counts over windows DENSITY_MARGIN longer
 *   than a second: notes a whole second apart (a community's notes when slices are 1 s wide) sit
 *   on the window's edge, where float rounding of t ± 1 and the render's rounding of onsets to
 *   audio frames decide whether one window holds both, so they are counted as if it did;
 * - loudness: a look-ahead peak limiter in the score. Every note's waveform is bounded by its
 *   envelope (synth.ts), so the mix at any moment is bounded by the sum of the envelopes of the
 *   notes ringing then; at every onset that bound is computed up to the next onset, and each note is
 *   scaled by the smallest `CEILING / bound` of the onsets during its life. So the mix never exceeds
 *   CEILING (−1 dBFS) in either channel at any volume, with no state: nothing depends on where a
 *   render or a listener started.
 */
import { gpuPeriod } from '../app/clock.ts';
import type { SoundConfig } from '../config/sound.ts';
import { MAX_NOTES_PER_SECOND } from '../config/sound.ts';
import type { Score } from './score.ts';

/** Peak of the mix, linear (−1 dBFS). */
export const CEILING = 10 ** (-1 / 20);
/** A full-level note's peak before the limiter (−9 dBFS): a chord of a few full notes fits under the ceiling unlimited. */
export const NOTE_GAIN = 10 ** (-9 / 20);
/** Attack of a note, seconds; longer (softer onsets) while motion is reduced, as the flash rises slower. */
export const ATTACK_SECONDS = 0.004;
export const ATTACK_REDUCED_SECONDS = 0.04;
/** A note decays exponentially to e^−DECAY (−43 dB) over its length, then fades out. */
export const DECAY = 5;
/** The length of the density window, seconds. */
export const DENSITY_WINDOW = 1;
/** Seconds added to the density window when planning: more than any rounding of onset times (half a frame at 8 kHz is 63 µs). */
export const DENSITY_MARGIN = 1e-3;

/** How the picture's timeline moves against the clock. */
export interface SoundTiming {
  /** motion.loopSeconds (at least 0.1, as the mosaic clamps it). */
  loopSeconds: number;
  /** motion.speed: the stage multiplies the clock by it. */
  speed: number;
  /** The mosaic's reduced-motion factor (motion.reduced.speed while motion is reduced, else 1). */
  timeScale: number;
  /** motion.hold: the timeline held at this moment (0–1), or null. */
  hold: number | null;
  /** Motion is reduced (softer onsets). */
  reduced: boolean;
}

/** A note's envelope: linear rise over `attack`, exponential decay to e^−DECAY at `length`, zero after. */
export function envelope(u: number, attack: number, length: number): number {
  if (!(u >= 0) || u >= length) return 0;
  if (u < attack) return u / attack;
  return Math.exp((-DECAY * (u - attack)) / Math.max(1e-6, length - attack));
}

/** The largest envelope value for u in [u0, u1] (the envelope rises to its peak at `attack`, then only falls). */
export function envelopeMax(u0: number, u1: number, attack: number, length: number): number {
  const a = Math.max(0, u0);
  const b = Math.min(length, u1);
  if (b < a || b < 0 || a >= length) return 0;
  return envelope(Math.min(Math.max(attack, a), b), attack, length);
}

/** One note to play. */
export interface PlannedNote {
  /** Clock seconds of its onset. */
  time: number;
  /** Index into score.notes. */
  note: number;
  /** Linear gain of its waveform: amplitude × NOTE_GAIN × limiter. */
  gain: number;
}

/** The notes of one loop after the limits, for a given real-time loop length. */
export interface LoopPlan {
  /** Real seconds the loop takes. */
  loopClock: number;
  /** Per score note: moment in the loop (0–1). */
  moments: Float64Array;
  /** Per score note: 0 when left out by the density limit, else its final gain. */
  gains: Float64Array;
  /** Notes kept. */
  kept: number;
  attack: number;
  length: number;
}

/** The effective cap on notes per second. */
export function notesPerSecondCap(sound: SoundConfig): number {
  return Math.max(1, Math.min(MAX_NOTES_PER_SECOND, Math.floor(sound.maxNotesPerSecond)));
}

/** Shader seconds per clock second (0: the timeline does not move). */
export function timelineRate(t: SoundTiming): number {
  return t.hold !== null ? 0 : Math.max(0, t.speed) * Math.max(0, t.timeScale);
}

/** Plans one loop: moments, the density limit, the peak limiter. Null when the timeline does not move. */
export function planLoop(score: Score, sound: SoundConfig, timing: SoundTiming): LoopPlan | null {
  const rate = timelineRate(timing);
  if (!(rate > 0)) return null;
  const loop = Math.max(0.1, timing.loopSeconds);
  const loopClock = loop / rate;
  const n = score.notes.length;
  const V = Math.max(1, score.voices.length);
  const strum = Math.min(0.9, Math.max(0, sound.strum));
  const moments = new Float64Array(n);
  score.notes.forEach((note, i) => (moments[i] = (note.slice + (strum * score.voices[note.voice].rank) / V) / score.slices));
  const attack = timing.reduced ? ATTACK_REDUCED_SECONDS : ATTACK_SECONDS;
  const length = Math.max(attack * 2, sound.noteSeconds);

  // ---- density: greedy by loudness, each note kept only if no 1-s window then holds more than the cap ----
  const cap = notesPerSecondCap(sound);
  const times = Array.from(moments, (m) => m * loopClock);
  // Loudest first; among equals, spread over the stereo field (van der Corput order of the strum rank), then earlier first.
  const spread = score.notes.map((note) => vanDerCorput(score.voices[note.voice].rank));
  const byPriority = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => score.notes[b].amplitude - score.notes[a].amplitude || spread[a] - spread[b] || times[a] - times[b] || a - b,
  );
  const keptIndex = new CircularIndex(loopClock);
  const keep = new Uint8Array(n);
  const span = DENSITY_WINDOW + DENSITY_MARGIN;
  for (const i of byPriority) {
    if (densestWindow(keptIndex.around(times[i], span), times[i], span) + 1 > cap) continue;
    keep[i] = 1;
    keptIndex.add(times[i]);
  }

  // ---- loudness: the peak bound of the envelopes from each onset to the next, over the loop's images ----
  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) kept.push(i);
  const gains = new Float64Array(n);
  if (kept.length === 0) return { loopClock, moments, gains, kept: 0, attack, length };
  const images = Math.ceil((2 * (length + 1)) / loopClock) + 1;
  const E: { t: number; i: number }[] = [];
  for (let m = -images; m <= images; m++) for (const i of kept) E.push({ t: times[i] + m * loopClock, i });
  E.sort((a, b) => a.t - b.t || a.i - b.i);
  // Limiter gain at each distinct onset time in [0, loopClock + length).
  const onsetTimes: number[] = [];
  const onsetGains: number[] = [];
  let lo = 0;
  for (let k = 0; k < E.length; ) {
    const t = E[k].t;
    let next = k;
    while (next < E.length && E[next].t === t) next++;
    if (t >= 0 && t < loopClock + length) {
      const until = next < E.length ? E[next].t : t + length;
      while (E[lo].t <= t - length) lo++;
      let bound = 0;
      for (let q = lo; q < next; q++) bound += score.notes[E[q].i].amplitude * envelopeMax(t - E[q].t, until - E[q].t, attack, length);
      onsetTimes.push(t);
      onsetGains.push(Math.min(1, CEILING / Math.max(1e-12, NOTE_GAIN * bound)));
    }
    k = next;
  }
  for (const i of kept) {
    let g = 1;
    for (let q = lowerBound(onsetTimes, times[i]); q < onsetTimes.length && onsetTimes[q] < times[i] + length; q++) g = Math.min(g, onsetGains[q]);
    gains[i] = score.notes[i].amplitude * NOTE_GAIN * g;
  }
  return { loopClock, moments, gains, kept: kept.length, attack, length };
}

/**
 * The notes with onsets in clock seconds [t0, t1), in time order. The shader's time is
 * gpuTime(t · speed) · timeScale: linear between wraps (every ~18 hours), so each wrap period is
 * planned on its own, exactly as the picture moves.
 */
export function notesBetween(plan: LoopPlan | null, timing: SoundTiming, t0: number, t1: number): PlannedNote[] {
  const out: PlannedNote[] = [];
  if (!plan || !(t1 > t0)) return out;
  const loop = Math.max(0.1, timing.loopSeconds);
  const speed = Math.max(0, timing.speed);
  const ts = Math.max(0, timing.timeScale);
  const period = gpuPeriod(loop); // stage seconds × speed
  const order = sortedOrder(plan);
  for (let k = Math.floor((t0 * speed) / period); k * period < t1 * speed; k++) {
    // Within wrap k: shader time τ = (t · speed − k · period) · timeScale, for t · speed in [k·P, (k+1)·P).
    const x0 = Math.max(t0 * speed, k * period) - k * period;
    const x1 = Math.min(t1 * speed, (k + 1) * period) - k * period;
    if (!(x1 > x0)) continue;
    const tau0 = x0 * ts;
    const tau1 = x1 * ts;
    for (let m = Math.floor(tau0 / loop); m * loop < tau1; m++) {
      // The loop's notes from the first at or after τ0, while before τ1.
      let lo = 0;
      let hi = order.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((m + plan.moments[order[mid]]) * loop < tau0) lo = mid + 1;
        else hi = mid;
      }
      for (let q = lo; q < order.length; q++) {
        const i = order[q];
        const tau = (m + plan.moments[i]) * loop;
        if (tau >= tau1) break;
        if (plan.gains[i] > 0) out.push({ time: (tau / ts + k * period) / speed, note: i, gain: plan.gains[i] });
      }
    }
  }
  return out;
}

const orders = new WeakMap<LoopPlan, number[]>();
/** Score notes by moment (the score is sorted by slice, then strum rank: already in moment order). */
function sortedOrder(plan: LoopPlan): number[] {
  let o = orders.get(plan);
  if (!o) {
    o = Array.from(plan.moments, (_, i) => i).sort((a, b) => plan.moments[a] - plan.moments[b] || a - b);
    orders.set(plan, o);
  }
  return o;
}

/** The most kept notes (from `near`, sorted times) in a window [u, u + w) that contains t. */
function densestWindow(near: number[], t: number, w: number): number {
  let best = 0;
  const starts = near.filter((x) => x > t - w && x <= t);
  starts.push(t);
  for (const u of starts) {
    let c = 0;
    for (const x of near) if (x >= u && x < u + w) c++;
    best = Math.max(best, c);
  }
  return best;
}

/** The base-2 van der Corput number of k (0, 1/2, 1/4, 3/4, 1/8 …): indices in an order that spreads over any range. */
function vanDerCorput(k: number): number {
  let v = 0;
  let f = 0.5;
  for (let x = k; x > 0; x >>= 1, f /= 2) if (x & 1) v += f;
  return v;
}

function lowerBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Kept note times in [0, loop), bucketed by second, read back with their images in neighbouring loops. */
class CircularIndex {
  private readonly buckets = new Map<number, number[]>();
  private readonly all: number[] = [];
  constructor(private readonly loop: number) {}
  add(t: number): void {
    this.all.push(t);
    const b = Math.floor(t);
    const list = this.buckets.get(b);
    if (list) list.push(t);
    else this.buckets.set(b, [t]);
  }
  /** Every image t_k + m · loop within (t − r, t + r), sorted. */
  around(t: number, r: number): number[] {
    const out: number[] = [];
    const L = this.loop;
    if (L < 4 * r) {
      for (const x of this.all) for (let m = Math.floor((t - r - x) / L); x + m * L < t + r; m++) if (x + m * L > t - r) out.push(x + m * L);
    } else {
      for (let m = -1; m <= 1; m++) {
        const a = t - r - m * L;
        const b = t + r - m * L;
        for (let bucket = Math.floor(Math.max(0, a)); bucket <= Math.floor(Math.min(L, b)); bucket++) {
          for (const x of this.buckets.get(bucket) ?? []) if (x > a && x < b) out.push(x + m * L);
        }
      }
    }
    return out.sort((p, q) => p - q);
  }
}
