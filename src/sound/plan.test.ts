import { describe, expect, it } from 'vitest';
import { gpuPeriod, gpuTime } from '../app/clock.ts';
import { defaultConfig } from '../config/index.ts';
import type { SoundConfig } from '../config/sound.ts';
import { MAX_NOTES_PER_SECOND } from '../config/sound.ts';
import { frequencyOf } from './instruments.ts';
import { CEILING, envelope, envelopeMax, NOTE_GAIN, notesBetween, planLoop, type SoundTiming } from './plan.ts';
import type { Score } from './score.ts';
import { noteWave } from './synth.ts';

const sound = (patch: Partial<SoundConfig> = {}): SoundConfig => ({ ...defaultConfig('t').sound, ...patch });
const timing = (patch: Partial<SoundTiming> = {}): SoundTiming => ({ loopSeconds: 48, speed: 1, timeScale: 1, hold: null, reduced: false, ...patch });

/** A score of `voices` voices, every one with a full-level note in every listed slice. */
function score(voices: number, slices: number, busy: number[], amplitude = 1): Score {
  const v = Array.from({ length: voices }, (_, c) => ({ community: c, name: `c${c}`, journeys: 11, pan: 0, degree: c % 10, rank: c }));
  const notes = busy.flatMap((slice) => v.map((_, c) => ({ slice, voice: c, kind: 0, degree: c % 10, events: 11, db: 0, amplitude, wellness: 1 })));
  return { slices, voices: v, notes, reference: 1 };
}

/** Most notes in any window [u, u + 1 s) over a list of onset times. */
function densest(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[j] <= t[i] - 1) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('the plan', () => {
  it('puts each note where the picture is: the shader moment of its time is its slice plus its strum place', () => {
    const s = score(4, 64, [0, 5, 63]);
    for (const t of [timing(), timing({ speed: 1.7 }), timing({ timeScale: 0.25, reduced: true })]) {
      const plan = planLoop(s, sound({ strum: 0.5 }), t)!;
      const notes = notesBetween(plan, t, 0, 200);
      expect(notes.length).toBeGreaterThan(0);
      for (const n of notes) {
        // sliceMoment (the shaders' uSlice, uSliceInto): moment = fract(uTime / loop), uTime = gpuTime(clock · speed, loop) · timeScale.
        const moment = ((gpuTime(n.time * t.speed, t.loopSeconds) * t.timeScale) / t.loopSeconds) % 1;
        const note = s.notes[n.note];
        expect(moment * 64).toBeCloseTo(note.slice + (0.5 * note.voice) / 4, 6);
      }
    }
  });

  it('plays the same notes, at the same times, whichever range asks for them', () => {
    const s = score(3, 16, [1, 2, 9]);
    const t = timing({ loopSeconds: 10 });
    const plan = planLoop(s, sound(), t)!;
    const whole = notesBetween(plan, t, 3, 57);
    const parts = [...notesBetween(plan, t, 3, 20.5), ...notesBetween(plan, t, 20.5, 41), ...notesBetween(plan, t, 41, 57)];
    expect(parts).toEqual(whole);
  });

  it('stays in step across the GPU time wrap, the way the picture jumps', () => {
    const t = timing({ loopSeconds: 48 });
    const period = gpuPeriod(48);
    const s = score(2, 8, [0, 4]);
    const plan = planLoop(s, sound(), t)!;
    const notes = notesBetween(plan, t, period - 30, period + 30);
    expect(notes.some((n) => n.time < period) && notes.some((n) => n.time >= period)).toBe(true);
    for (const n of notes) {
      const moment = (gpuTime(n.time, 48) / 48) % 1;
      expect([0, 0.5, 0.125 * 0.5 * 0.5, 0.5 + 0.125 * 0.5 * 0.5].some((m) => Math.abs(m - moment) < 1e-6)).toBe(true);
    }
  });

  it('is silent while the timeline is held or the speed is 0; twice the speed plays twice as many notes a second', () => {
    const s = score(2, 8, [0, 2, 4, 6]);
    expect(planLoop(s, sound(), timing({ hold: 0.3 }))).toBeNull();
    expect(planLoop(s, sound(), timing({ speed: 0 }))).toBeNull();
    const one = notesBetween(planLoop(s, sound(), timing())!, timing(), 0, 96).length;
    const two = notesBetween(planLoop(s, sound(), timing({ speed: 2 }))!, timing({ speed: 2 }), 0, 96).length;
    expect(two).toBe(2 * one);
  });

  it('never plays more than the cap in any second, however dense the care or fast the clock', () => {
    // 40 communities all with care in the same slice, strummed over 90 % of a 1 s slice.
    const s = score(40, 8, [3]);
    for (const [cap, speed] of [
      [16, 1],
      [4, 1],
      [16, 10],
      [200, 3],
    ]) {
      const t = timing({ loopSeconds: 8, speed });
      const plan = planLoop(s, sound({ strum: 0.9, maxNotesPerSecond: cap }), t)!;
      const notes = notesBetween(plan, t, 0, 40);
      expect(densest(notes.map((n) => n.time))).toBeLessThanOrEqual(Math.min(cap, MAX_NOTES_PER_SECOND));
      expect(notes.length).toBeGreaterThan(0);
    }
  });

  it('holds the cap at the window\'s edge: notes a whole second apart, as a 1 s slice makes them, or rounded to audio frames', () => {
    // Care in every 1 s slice: each community's notes fall exactly 1 s apart, where float rounding of
    // t − 1 and t + 1 decides whether a window holds both; the cap must hold whichever way it goes.
    const s = score(40, 8, [0, 1, 2, 3, 4, 5, 6, 7]);
    for (const strum of [0.9, 0.5]) {
      const t = timing({ loopSeconds: 8 });
      const plan = planLoop(s, sound({ strum, maxNotesPerSecond: 16 }), t)!;
      const notes = notesBetween(plan, t, -2, 16);
      expect(densest(notes.map((n) => n.time))).toBe(16);
      for (const rate of [48000, 44100, 8000]) expect(densest(notes.map((n) => Math.round(n.time * rate) / rate))).toBeLessThanOrEqual(16);
    }
  });

  it('keeps the sum of the ringing notes under the ceiling at every moment (the limiter), and quiet notes alone', () => {
    for (const strum of [0, 0.3, 0.9]) {
      const s = score(40, 8, [3, 4]);
      const t = timing({ loopSeconds: 8 });
      const plan = planLoop(s, sound({ strum, maxNotesPerSecond: 32, noteSeconds: 2 }), t)!;
      const notes = notesBetween(plan, t, -4, 24);
      let worst = 0;
      for (let x = 0; x < 16; x += 0.0005) {
        let sum = 0;
        for (const n of notes) sum += n.gain * envelope(x - n.time, plan.attack, plan.length);
        worst = Math.max(worst, sum);
      }
      expect(worst).toBeLessThanOrEqual(CEILING + 1e-9);
      expect(worst).toBeGreaterThan(CEILING * 0.5); // limited, not silenced
    }
    // A lone full-level note is not touched.
    const lone = planLoop(score(1, 8, [2]), sound(), timing())!;
    expect(lone.gains[0]).toBeCloseTo(NOTE_GAIN, 12);
  });

  it('gives every waveform an envelope it never exceeds, so the limiter bound holds for the samples too', () => {
    for (const timbre of ['glass', 'wood', 'reed', 'sine'] as const) {
      const w = noteWave(frequencyOf(57), timbre, 48000, 0.004, 0.6);
      let over = 0;
      for (let k = 0; k < w.length; k++) over = Math.max(over, Math.abs(w[k]) - envelope(k / 48000, 0.004, 0.6));
      expect(over).toBeLessThanOrEqual(1e-6);
      expect(Math.max(...w)).toBeGreaterThan(0.5);
    }
    expect(envelopeMax(-1, 1, 0.004, 0.6)).toBe(1);
    expect(envelopeMax(0.1, 0.2, 0.004, 0.6)).toBeCloseTo(envelope(0.1, 0.004, 0.6), 12);
    expect(envelopeMax(0.7, 0.8, 0.004, 0.6)).toBe(0);
  });
});
