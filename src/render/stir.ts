/**
 * A sea visitors can stir, as a recorded input: every disturbance (a touch, a pointer's path, a
 * movement a venue camera saw) becomes a timestamped sample, and a frame draws the samples recorded
 * before its time (src/render/field.ts). So frames stay a pure function of (installation, data,
 * time, viewport, recorded input): a recording replays identically, and the outputs of a wall that
 * receive the same samples draw the same light.
 *
 * Stirred plankton tire: a spot stirred again and again gives weaker flashes and recovers over
 * seconds. That is computed here, once, when a disturbance is recorded (a coarse fatigue grid over the
 * mosaic), and kept in the sample's amplitude; a frame never integrates history, and a replayed or
 * relayed sample is drawn as it was recorded.
 *
 * No image is ever part of a sample: a position, a size, a time and an amplitude.
 */

/** One recorded disturbance. */
export interface StirSample {
  /** Clock seconds (the page's animation clock: page time, or a venue's wall-clock time). */
  t: number;
  /** Where, as fractions of the mosaic's width and height (y down). */
  x: number;
  y: number;
  /** Radius, as a fraction of the mosaic's height. */
  r: number;
  /** Amplitude 0–1, after fatigue. */
  a: number;
}

/** A raw disturbance, as an input gives it (or a test injects it): fatigue is applied on recording. */
export interface StirInput {
  t: number;
  x: number;
  y: number;
  /** Radius (fraction of the mosaic height); default: the config's motion.stirring.radius. */
  r?: number;
  /** 0–1; default 1. */
  strength?: number;
}

/** The fatigue of stirred plankton (one list; docs/CONFIG.md quotes it). */
export const STIR_FATIGUE = {
  /** Share of a spot's remaining light one full-strength disturbance uses up. */
  use: 0.22,
  /** Seconds for fatigue to fall to 1/e. */
  recoverySeconds: 6,
  /** The fatigue grid over the mosaic (cells across, down). */
  grid: [64, 36] as const,
};

/** Samples kept behind the newest one (seconds): what record() returns and a replay can hold. */
export const STIR_RETAIN_SECONDS = 120;
/** At most this many samples are drawn in one frame (the newest). */
export const MAX_STIR_SAMPLES = 512;

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * A sample as every output keeps it: times to the millisecond, places and sizes to a ten-thousandth
 * of the mosaic, amplitudes to a thousandth. What a venue relays is exactly this (src/venue/stirRelay.ts),
 * so the output that saw a touch and the ones it told draw the same light.
 */
export function quantiseStir(s: StirSample): StirSample {
  return { t: round(s.t, 3), x: round(clamp01(s.x), 4), y: round(clamp01(s.y), 4), r: Math.max(1e-4, round(s.r, 4)), a: round(clamp01(s.a), 3) };
}

export class StirRecord {
  private samples: StirSample[] = [];
  private readonly fatigue: Float32Array;
  private readonly fatigueAt: Float64Array;
  private readonly listeners = new Set<(s: StirSample[]) => void>();
  /** Bumped on every change: a frame uploads the samples again only then. */
  version = 0;

  constructor() {
    const [w, h] = STIR_FATIGUE.grid;
    this.fatigue = new Float32Array(w * h);
    this.fatigueAt = new Float64Array(w * h).fill(-Infinity);
  }

  /**
   * Records disturbances seen here (in time order), tired spots giving less; returns the samples
   * recorded, which listeners (a venue's relay) also get.
   */
  stir(inputs: readonly StirInput[], defaultRadius: number, aspect = 16 / 9): StirSample[] {
    const out: StirSample[] = [];
    for (const i of [...inputs].sort((a, b) => a.t - b.t)) {
      if (!Number.isFinite(i.t) || !Number.isFinite(i.x) || !Number.isFinite(i.y)) continue;
      const r = Math.max(1e-4, Number.isFinite(i.r) ? i.r! : defaultRadius);
      const strength = clamp01(i.strength ?? 1);
      const x = clamp01(i.x);
      const y = clamp01(i.y);
      const a = strength * (1 - this.tire(i.t, x, y, r, strength, aspect));
      if (a <= 0.002) continue;
      out.push(quantiseStir({ t: i.t, x, y, r, a }));
    }
    if (out.length) {
      this.insert(out);
      for (const fn of this.listeners) fn(out);
    }
    return out;
  }

  /** Samples recorded elsewhere (another output of the wall), drawn as they are. */
  add(samples: readonly StirSample[]): void {
    const ok = samples.filter((s) => [s.t, s.x, s.y, s.r, s.a].every(Number.isFinite)).map(quantiseStir);
    if (ok.length) this.insert(ok);
  }

  /** Replaces the whole recording (a replay): frames then draw exactly these samples. */
  replace(samples: readonly StirSample[]): void {
    this.samples = [];
    this.fatigue.fill(0);
    this.fatigueAt.fill(-Infinity);
    this.version++;
    this.add(samples);
  }

  clear(): void {
    this.replace([]);
  }

  /** The recording, oldest first (copies). */
  list(): StirSample[] {
    return this.samples.map((s) => ({ ...s }));
  }

  get length(): number {
    return this.samples.length;
  }

  /** Calls `fn` with every batch recorded here (not those added from elsewhere); returns the unsubscriber. */
  onRecord(fn: (s: StirSample[]) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * The samples a frame at clock time `now` draws: recorded at most `span` seconds before it and not
   * after it, at most `max` of them (the newest). Indices into `at()`, [start, end).
   */
  window(now: number, span: number, max = MAX_STIR_SAMPLES): [number, number] {
    const end = this.upperBound(now);
    const start = Math.max(this.upperBound(now - span), end - max);
    return [start, end];
  }

  at(k: number): StirSample {
    return this.samples[k];
  }

  /** First index whose time is after t. */
  private upperBound(t: number): number {
    let lo = 0;
    let hi = this.samples.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.samples[mid].t <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insert(batch: StirSample[]): void {
    const last = this.samples.length ? this.samples[this.samples.length - 1].t : -Infinity;
    if (batch.every((s) => s.t >= last)) this.samples.push(...batch.sort((a, b) => a.t - b.t));
    else {
      this.samples.push(...batch);
      this.samples.sort((a, b) => a.t - b.t);
    }
    const newest = this.samples[this.samples.length - 1].t;
    const keep = this.upperBound(newest - STIR_RETAIN_SECONDS);
    if (keep > 0) this.samples.splice(0, keep);
    this.version++;
  }

  /** The fatigue at (x, y) at time t (before this disturbance), and the disturbance's share added around it. */
  private tire(t: number, x: number, y: number, r: number, strength: number, aspect: number): number {
    const [w, h] = STIR_FATIGUE.grid;
    const cx = Math.min(w - 1, Math.floor(x * w));
    const cy = Math.min(h - 1, Math.floor(y * h));
    const decay = (k: number) => {
      const dt = t - this.fatigueAt[k];
      if (dt > 0) this.fatigue[k] *= Math.exp(-dt / STIR_FATIGUE.recoverySeconds);
      this.fatigueAt[k] = Math.max(this.fatigueAt[k], t);
    };
    const centre = cy * w + cx;
    decay(centre);
    const before = this.fatigue[centre];
    // The footprint: grid cells within the radius (a fraction of the height: r / aspect of the width).
    const ry = Math.max(0, Math.ceil(r * h));
    const rx = Math.max(0, Math.ceil((r / Math.max(1e-3, aspect)) * w));
    for (let gy = Math.max(0, cy - ry); gy <= Math.min(h - 1, cy + ry); gy++)
      for (let gx = Math.max(0, cx - rx); gx <= Math.min(w - 1, cx + rx); gx++) {
        const dx = (gx - cx) / Math.max(1, rx);
        const dy = (gy - cy) / Math.max(1, ry);
        const fall = Math.exp(-2 * (dx * dx + dy * dy));
        const k = gy * w + gx;
        decay(k);
        this.fatigue[k] += (1 - this.fatigue[k]) * STIR_FATIGUE.use * strength * fall;
      }
    return before;
  }
}
