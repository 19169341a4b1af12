/**
 * Listening through measures: offline analysis of rendered WAVs for the sound tests and
 * scripts/sound-report.ts. Short-time spectra (fft.js), note onsets by spectral flux, the level of
 * each stereo position by the panning index of each time–frequency bin (Avendano's method: a source
 * panned with the equal-power law at pan p has |R| / |L| = tan((p + 1) · π / 4) in every bin it
 * dominates), and plain peak and RMS.
 */
import FFT from 'fft.js';

export const FFT_SIZE = 1024;
export const HOP = 256;

/** Magnitude spectra of a signal: one Float32Array of FFT_SIZE / 2 + 1 bins per hop (Hann window). */
export function spectra(signal: Float32Array, size = FFT_SIZE, hop = HOP): Float32Array[] {
  const fft = new FFT(size);
  const window = new Float64Array(size);
  for (let i = 0; i < size; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size);
  const input = new Array<number>(size).fill(0);
  const out = fft.createComplexArray() as number[];
  const frames: Float32Array[] = [];
  for (let start = 0; start + size <= signal.length; start += hop) {
    for (let i = 0; i < size; i++) input[i] = signal[start + i] * window[i];
    fft.realTransform(out, input);
    const mag = new Float32Array(size / 2 + 1);
    for (let k = 0; k <= size / 2; k++) mag[k] = Math.hypot(out[2 * k], out[2 * k + 1]);
    frames.push(mag);
  }
  return frames;
}

/** The time (s) of spectral frame f's centre. */
export const frameTime = (f: number, sampleRate: number) => (f * HOP + FFT_SIZE / 2) / sampleRate;

/**
 * Note onsets (seconds from the start of the signal) by SuperFlux (Böck & Widmer 2013): the rise of
 * log-compressed magnitudes over the maximum of the same and neighbouring bins a few frames before,
 * so the beating of two partials within one bin and the decay of partials are not taken for notes.
 * Peaks above `threshold` (a fraction of the largest flux), above the local median and above a tenth
 * of the largest peak within 150 ms, at least `minGap` seconds apart; each is moved back to where
 * the note's attack entered the window.
 */
export function onsets(channels: Float32Array[], sampleRate: number, opts: { threshold?: number; minGap?: number } = {}): number[] {
  const size = 2048;
  const specs = channels.map((c) => spectra(c, size).map((m) => m.map((x) => Math.log10(1 + 1000 * x))));
  const n = specs[0].length;
  const LAG = 2;
  const flux = new Float64Array(n);
  for (let f = LAG; f < n; f++) {
    let s = 0;
    for (const sp of specs) {
      const a = sp[f];
      const b = sp[f - LAG];
      for (let k = 1; k < a.length - 1; k++) s += Math.max(0, a[k] - Math.max(b[k - 1], b[k], b[k + 1]));
    }
    flux[f] = s;
  }
  let max = 0;
  for (const x of flux) max = Math.max(max, x);
  const threshold = (opts.threshold ?? 0.02) * max;
  const minGap = opts.minGap ?? 0.015;
  const out: number[] = [];
  const W = 8;
  // The ripples a loud note's partials leave (beating within a bin) are a few % of its onset's flux.
  const near = Math.round((0.15 * sampleRate) / HOP);
  for (let f = 1; f < n - 1; f++) {
    if (!(flux[f] > threshold && flux[f] >= flux[f - 1] && flux[f] > flux[f + 1])) continue;
    const local = Array.from(flux.subarray(Math.max(0, f - W), Math.min(n, f + W + 1))).sort((a, b) => a - b);
    if (flux[f] < 1.5 * local[local.length >> 1]) continue;
    let loudest = 0;
    for (let g = Math.max(0, f - near); g < Math.min(n, f + near); g++) loudest = Math.max(loudest, flux[g]);
    if (flux[f] < 0.1 * loudest) continue;
    // Log compression makes the flux peak as soon as the attack enters the window: a quarter window before its centre reaches the onset.
    const t = (f * HOP + size / 2) / sampleRate + size / 4 / sampleRate;
    if (out.length && t - out[out.length - 1] < minGap) continue;
    out.push(t);
  }
  return out;
}

/** Peak of |sample| over all channels. */
export function peak(channels: Float32Array[]): number {
  let p = 0;
  for (const c of channels) for (let i = 0; i < c.length; i++) p = Math.max(p, Math.abs(c[i]));
  return p;
}

/** RMS of all channels over samples [from, to). */
export function rms(channels: Float32Array[], from = 0, to = channels[0].length): number {
  let s = 0;
  let n = 0;
  for (const c of channels)
    for (let i = Math.max(0, from); i < Math.min(to, c.length); i++) {
      s += c[i] * c[i];
      n++;
    }
  return n ? Math.sqrt(s / n) : 0;
}

/** The stereo position (−1 … 1) of a bin from its left and right magnitudes, by the equal-power law. */
export function panIndex(l: number, r: number): number {
  return (4 * Math.atan2(r, l)) / Math.PI - 1;
}

/**
 * The RMS level heard at each of `pans` (the voices' stereo positions) in each time span of
 * `spans` (seconds from the start of the signal; they may overlap): every time–frequency bin goes to
 * the voice whose position is nearest its panning index, when within `tolerance`. Returns [span][voice].
 */
export function levelByPosition(left: Float32Array, right: Float32Array, sampleRate: number, pans: number[], spans: [number, number][], tolerance = 0.08): number[][] {
  const L = spectra(left);
  const R = spectra(right);
  const energy = spans.map(() => new Float64Array(pans.length));
  const frames = spans.map(() => 0);
  const floor = 1e-6;
  for (let f = 0; f < L.length; f++) {
    const t = frameTime(f, sampleRate);
    const within = spans.flatMap(([a, b], s) => (t >= a && t < b ? [s] : []));
    if (within.length === 0) continue;
    for (const s of within) frames[s]++;
    const l = L[f];
    const r = R[f];
    for (let k = 1; k < l.length; k++) {
      const e = l[k] * l[k] + r[k] * r[k];
      if (e < floor) continue;
      const p = panIndex(l[k], r[k]);
      let best = -1;
      let dist = tolerance;
      for (let v = 0; v < pans.length; v++) {
        const d = Math.abs(pans[v] - p);
        if (d < dist) {
          dist = d;
          best = v;
        }
      }
      if (best >= 0) for (const s of within) energy[s][best] += e;
    }
  }
  // Parseval with a Hann window: RMS of a frame = sqrt(Σ|X|² · 2 / (N · Σw²)); Σw² = 3N/8.
  const scale = 2 / (FFT_SIZE * ((3 * FFT_SIZE) / 8));
  return energy.map((row, s) => Array.from(row, (e) => (frames[s] ? Math.sqrt((e * scale) / frames[s] / 2) : 0)));
}

/** Level in dB (20 · log10), with a floor so silence reads as a number. */
export const db = (x: number) => 20 * Math.log10(Math.max(1e-9, x));

/**
 * The RMS level of each voice (a stereo position and a fundamental frequency: a community's place
 * and note) in each time span (they may overlap): the energy of the time–frequency bins within a quarter-tone of the
 * voice's fundamental whose panning index is within `tolerance` of its position. Long windows
 * (8192 samples) resolve neighbouring notes of the scale. Returns [span][voice].
 */
export function levelByVoice(
  left: Float32Array,
  right: Float32Array,
  sampleRate: number,
  voices: { pan: number; frequency: number }[],
  spans: [number, number][],
  tolerance = 0.1,
): number[][] {
  return voiceBands(left, right, sampleRate, voices, spans, [1], tolerance);
}

/**
 * How bright each voice is in each span: the energy of its harmonics (2 to 10 times its
 * fundamental, within a quarter-tone, at its stereo position) against that of its fundamental, in dB.
 */
export function brightnessByVoice(
  left: Float32Array,
  right: Float32Array,
  sampleRate: number,
  voices: { pan: number; frequency: number }[],
  spans: [number, number][],
  tolerance = 0.1,
): number[][] {
  const fundamental = voiceBands(left, right, sampleRate, voices, spans, [1], tolerance);
  const harmonics = voiceBands(left, right, sampleRate, voices, spans, [2, 3, 4, 4.2, 5, 7, 9.9], tolerance);
  return fundamental.map((row, s) => row.map((f, v) => db(harmonics[s][v]) - db(f)));
}

function voiceBands(
  left: Float32Array,
  right: Float32Array,
  sampleRate: number,
  voices: { pan: number; frequency: number }[],
  spans: [number, number][],
  multiples: number[],
  tolerance: number,
): number[][] {
  const size = 8192;
  const hop = 2048;
  const L = spectra(left, size, hop);
  const R = spectra(right, size, hop);
  const energy = spans.map(() => new Float64Array(voices.length));
  const frames = spans.map(() => 0);
  const binHz = sampleRate / size;
  // Each voice's bins: within a quarter-tone of each multiple of its fundamental (each bin once).
  const bins = voices.map((v) => {
    const set = new Set<number>();
    for (const m of multiples) {
      const lo = Math.floor((m * v.frequency * 2 ** (-0.5 / 12)) / binHz);
      const hi = Math.ceil((m * v.frequency * 2 ** (0.5 / 12)) / binHz);
      for (let k = lo; k <= hi && k < size / 2; k++) set.add(k);
    }
    return [...set];
  });
  for (let f = 0; f < L.length; f++) {
    const t = (f * hop + size / 2) / sampleRate;
    const within = spans.flatMap(([a, b], s) => (t >= a && t < b ? [s] : []));
    if (within.length === 0) continue;
    for (const s of within) frames[s]++;
    voices.forEach((v, i) => {
      let e = 0;
      for (const k of bins[i]) {
        const l = L[f][k];
        const r = R[f][k];
        if (Math.abs(panIndex(l, r) - v.pan) <= tolerance) e += l * l + r * r;
      }
      for (const s of within) energy[s][i] += e;
    });
  }
  const scale = 2 / (size * ((3 * size) / 8));
  return energy.map((row, s) => Array.from(row, (e) => (frames[s] ? Math.sqrt((e * scale) / frames[s] / 2) : 0)));
}
