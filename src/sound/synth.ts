/**
 * Stage: synthesis. Plain Web Audio, the same graph live (AudioContext) and offline
 * (OfflineAudioContext): each note is a stereo AudioBuffer made from its timbre's waveform (additive
 * partials under its envelope) times its level, panned by the equal-power law, played by an
 * AudioBufferSourceNode into one master gain (volume, mute). Nothing in the graph keeps state between
 * notes (no compressor, no reverb tail), so the sound at time t depends only on the notes ringing at
 * t: the limits are in the score (plan.ts), and a buffer source can start a note part-way through,
 * which is how a render of a range, or a listener arriving late, hears a note that began before.
 *
 * Samples are rounded to multiples of 2^−24. The master gain sums its inputs in an order the browser
 * does not fix (Chromium keeps them in a hash set), and float sums depend on order; sums of such
 * samples below 1 in magnitude (which the limiter guarantees) are exact in any order, so a render is
 * the same bytes every time, not merely the same to within rounding.
 *
 * Every waveform is bounded by its envelope (|wave(u)| ≤ envelope(u)): partials are normalised by
 * the sum of their amplitudes and each decays at least as fast as the envelope. The limiter's bound
 * rests on that.
 */
import type { SoundConfig } from '../config/sound.ts';
import { EVENT_KINDS } from '../data/events.ts';
import { frequencyOf, midiOf, TIMBRES, type SoundingKind, type TimbreName } from './instruments.ts';
import { DECAY, envelope } from './plan.ts';
import type { Score, ScoreNote } from './score.ts';

/** The sample grid: 2^24 steps per unit. */
const GRID = 2 ** 24;

/** Equal-power gains [left, right] of a stereo position −1 … 1 (as the Web Audio StereoPannerNode's law). */
export function panGains(pan: number): [number, number] {
  const x = (Math.min(1, Math.max(-1, pan)) + 1) / 2;
  return [Math.cos((x * Math.PI) / 2), Math.sin((x * Math.PI) / 2)];
}

/** The final fade of a note (so it ends at exactly zero), seconds. */
const FADE_SECONDS = 0.02;

/** Steps a note's brightness is rounded to (waveforms are made once per pitch, timbre and step). */
export const BRIGHTNESS_STEPS = 8;

/**
 * One note's samples at `sampleRate`: the timbre's partials under the envelope, |x| ≤ envelope. The
 * partials above the fundamental sound at `brightness` (0–1) of their amplitude.
 */
export function noteWave(frequency: number, timbre: TimbreName, sampleRate: number, attack: number, length: number, brightness = 1): Float32Array<ArrayBuffer> {
  const n = Math.max(1, Math.round(length * sampleRate));
  const out = new Float32Array(n);
  const b = Math.min(1, Math.max(0, brightness));
  const partials = TIMBRES[timbre].filter(([mult]) => frequency * mult < sampleRate * 0.45).map(([mult, amp, decay]) => [mult, mult === 1 ? amp : amp * b, decay] as const);
  const total = partials.reduce((s, [, amp]) => s + amp, 0) || 1;
  const decayTime = Math.max(1e-6, length - attack);
  const fade = Math.min(FADE_SECONDS, length / 4);
  for (let k = 0; k < n; k++) {
    const u = k / sampleRate;
    const past = Math.max(0, u - attack);
    let x = 0;
    for (const [mult, amp, decay] of partials) {
      // Each partial decays (decay − 1) times faster than the envelope on top of it.
      x += amp * Math.sin(2 * Math.PI * frequency * mult * u) * Math.exp((-DECAY * (decay - 1) * past) / decayTime);
    }
    let e = envelope(u, attack, length);
    const left = length - u;
    if (left < fade) e *= 0.5 - 0.5 * Math.cos((Math.PI * Math.max(0, left)) / fade);
    out[k] = (x / total) * e;
  }
  return out;
}

/** The MIDI note a score note sounds at. */
export function midiOfNote(sound: SoundConfig, note: ScoreNote): number {
  return midiOf(sound.root, sound.scale, note.degree, 0);
}

/** How bright a score note is (0–1, in BRIGHTNESS_STEPS): full at wellness 1, 1 − sound.brightness at 0. */
export function brightnessOfNote(sound: SoundConfig, note: ScoreNote): number {
  const b = 1 - sound.brightness * (1 - Math.min(1, Math.max(0, note.wellness ?? 1)));
  return Math.round(b * BRIGHTNESS_STEPS) / BRIGHTNESS_STEPS;
}

/** The timbre a score note sounds in: its kind's (config sound.timbres). */
export function timbreOfNote(sound: SoundConfig, note: ScoreNote): TimbreName {
  return sound.timbres[EVENT_KINDS[note.kind] as SoundingKind] ?? 'sine';
}

/** The graph of one score in one context: waveforms by pitch and timbre, one buffer per note, a master gain. */
export class SoundGraph {
  /** The master gain (volume × mute): connect it to the destination. */
  readonly output: GainNode;
  private readonly waves = new Map<string, Float32Array>();
  /** Sources ringing or waiting, with the context time they start at. */
  private readonly sources = new Map<AudioBufferSourceNode, number>();
  private readonly pans: [number, number][];
  /** Notes started so far (for tests and stats). */
  started = 0;

  constructor(
    readonly ctx: BaseAudioContext,
    readonly score: Score,
    readonly sound: SoundConfig,
    readonly attack: number,
    readonly length: number,
  ) {
    this.output = new GainNode(ctx, { gain: 1 });
    this.pans = score.voices.map((v) => panGains(v.pan));
  }

  private wave(midi: number, timbre: TimbreName, brightness: number): Float32Array {
    const key = `${midi}/${timbre}/${brightness}`;
    let w = this.waves.get(key);
    if (!w) {
      w = noteWave(frequencyOf(midi), timbre, this.ctx.sampleRate, this.attack, this.length, brightness);
      this.waves.set(key, w);
    }
    return w;
  }

  /** Note `index` at level `gain` in its voice's place: stereo samples on the 2^−24 grid. */
  noteBuffer(index: number, gain: number): AudioBuffer {
    const note = this.score.notes[index];
    const wave = this.wave(midiOfNote(this.sound, note), timbreOfNote(this.sound, note), brightnessOfNote(this.sound, note));
    const [gl, gr] = this.pans[note.voice] ?? [Math.SQRT1_2, Math.SQRT1_2];
    const left = new Float32Array(wave.length);
    const right = new Float32Array(wave.length);
    for (let k = 0; k < wave.length; k++) {
      const x = wave[k] * gain;
      left[k] = Math.round(x * gl * GRID) / GRID;
      right[k] = Math.round(x * gr * GRID) / GRID;
    }
    const b = new AudioBuffer({ length: wave.length, sampleRate: this.ctx.sampleRate, numberOfChannels: 2 });
    b.copyToChannel(left, 0);
    b.copyToChannel(right, 1);
    return b;
  }

  /**
   * Plays score note `index` at context time `when` with `gain`, from `offset` seconds into the note
   * (a note that began before the render or the listener did). Returns the source, to stop it early.
   */
  play(index: number, gain: number, when: number, offset = 0): AudioBufferSourceNode | null {
    if (!this.score.notes[index] || offset >= this.length) return null;
    const source = new AudioBufferSourceNode(this.ctx, { buffer: this.noteBuffer(index, gain) });
    source.connect(this.output);
    source.start(Math.max(0, when), Math.max(0, offset));
    this.started++;
    this.sources.set(source, Math.max(0, when));
    source.onended = () => {
      this.sources.delete(source);
      source.disconnect();
    };
    return source;
  }

  /** Stops every note that has not started by context time `from` (a jump in time, a change of plan). */
  cancelAfter(from: number): void {
    for (const [s, at] of this.sources) {
      if (at >= from) {
        s.onended = null;
        s.stop();
        s.disconnect();
        this.sources.delete(s);
      }
    }
  }

  /** Notes ringing or waiting to start. */
  get active(): number {
    return this.sources.size;
  }

  dispose(): void {
    for (const s of this.sources.keys()) {
      s.onended = null;
      try {
        s.stop();
      } catch {
        // never started: nothing to stop
      }
      s.disconnect();
    }
    this.sources.clear();
    this.output.disconnect();
    this.waves.clear();
  }
}
