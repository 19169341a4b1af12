/**
 * The sound on a page, as a part of the page core (src/app/parts/part.ts): `soundPart(start)` gives
 * the core's clock and installation controller a live player and puts its controls on the
 * automation surface, `window.noctiluca.sound`:
 *
 * - `state()`, `start()` / `stop()` (sound only after a user gesture in browsers that require one);
 * - `setVolume(v | null)`, `setMuted(m | null)`: a venue remote's (or a person's) volume over the
 *   config's `sound.volume` / `sound.mute`, live, without touching the file; null gives it back;
 * - `score()`, `notes(t0, t1)`: what plays, for tools and tests;
 * - `render(t0, t1, { sampleRate })`: the sound of clock times [t0, t1) rendered offline (the
 *   render command's `--audio` calls it in chunks).
 *
 * When sound starts is the mode's choice (src/modes.ts lists each mode's parts): `asked` only when
 * something calls `start()` (the viewer's Listen button; stills, which only render offline);
 * `gesture` at the first click or key on the page (studio); `now` at once (venue: a kiosk started
 * with --autoplay-policy=no-user-gesture-required plays without any gesture; elsewhere the first
 * click or key resumes it).
 */
import { useEffect } from 'react';
import type { PageCore, PagePart } from '../app/parts/part.ts';
import { EVENT_KINDS } from '../data/events.ts';
import { SoundModel } from './model.ts';
import { float32ToBase64, renderOffline } from './offline.ts';
import { notesBetween } from './plan.ts';
import { SoundPlayer, type PlayerState } from './player.ts';
import { midiOfNote } from './synth.ts';

export interface RenderedAudio {
  sampleRate: number;
  /** Absolute first frame: clock time firstFrame / sampleRate. */
  firstFrame: number;
  frames: number;
  /** Left and right channels, float32 little-endian, base64. */
  channels: [string, string];
  /** Notes in the range: onset (clock s), community, MIDI note, gain. */
  notes: { time: number; voice: number; midi: number; gain: number }[];
  renderSeconds: number;
}

export interface SoundAutomation {
  state(): PlayerState;
  start(): Promise<PlayerState>;
  stop(): void;
  setVolume(volume: number | null): void;
  setMuted(muted: boolean | null): void;
  /** Silence the mosaic's sound while something else plays (the spoken summary). */
  setDucked(ducked: boolean): void;
  /** The running AudioContext, made if need be (call from a gesture). */
  context(): AudioContext;
  score(): { voices: { name: string; pan: number; degree: number; journeys: number }[]; slices: number; notes: number; reference: number } | null;
  notes(t0: number, t1: number): { time: number; voice: number; midi: number; kind: string; gain: number; events: number; slice: number }[];
  render(t0: number, t1: number, options?: { sampleRate?: number }): Promise<RenderedAudio>;
}

declare module '../app/contract.ts' {
  interface Automation {
    /** The sound part (src/sound/). */
    sound?: SoundAutomation;
  }
}

/** When a page's sound may start without being asked (see above). */
export type SoundStart = 'asked' | 'gesture' | 'now';

/** The sound as a page part: one per mode, with that mode's start policy. */
export function soundPart(start: SoundStart): PagePart {
  return (core) => {
    useEffect(() => installSound(core, start), [core]);
  };
}

export const DEFAULT_SAMPLE_RATE = 48000;

/** Installs the sound on a page; returns the function that removes it. */
export function installSound(core: Pick<PageCore, 'clock' | 'controller' | 'expose'>, start: SoundStart): () => void {
  const model = new SoundModel(core.controller);
  const player = new SoundPlayer(model, core.clock);
  const unsubscribe = core.controller.subscribe(() => player.tick());

  const api: SoundAutomation = {
    state: () => player.state(),
    start: () => player.start(),
    stop: () => player.stop(),
    setVolume(v) {
      player.volumeOverride = v === null || !Number.isFinite(v) ? null : Math.min(1, Math.max(0, v));
      player.tick();
    },
    setMuted(m) {
      player.muteOverride = m;
      player.tick();
    },
    setDucked(d) {
      player.ducked = d;
      player.tick();
    },
    context: () => player.context(),
    score() {
      const now = model.now();
      if (!now) return null;
      const s = now.score;
      return {
        voices: s.voices.map((v) => ({ name: v.name, pan: v.pan, degree: v.degree, journeys: v.journeys })),
        slices: s.slices,
        notes: s.notes.length,
        reference: s.reference,
      };
    },
    notes(t0, t1) {
      const now = model.now();
      if (!now) return [];
      return notesBetween(now.plan, now.timing, t0, t1).map((n) => {
        const note = now.score.notes[n.note];
        return { time: n.time, voice: note.voice, midi: midiOfNote(now.sound, note), kind: EVENT_KINDS[note.kind], gain: n.gain, events: note.events, slice: note.slice };
      });
    },
    async render(t0, t1, options = {}) {
      const now = model.now();
      if (!now) throw new Error('sound: nothing is loaded yet');
      const sampleRate = options.sampleRate ?? DEFAULT_SAMPLE_RATE;
      const firstFrame = Math.round(t0 * sampleRate);
      const frames = Math.max(0, Math.round(t1 * sampleRate) - firstFrame);
      const r = await renderOffline({
        score: now.score,
        sound: now.sound,
        timing: now.timing,
        plan: now.sound.enabled ? now.plan : null,
        firstFrame,
        frames,
        sampleRate,
        volume: now.sound.mute ? 0 : now.sound.volume,
      });
      return {
        sampleRate,
        firstFrame,
        frames,
        channels: [float32ToBase64(r.buffer.getChannelData(0)), float32ToBase64(r.buffer.getChannelData(1))],
        notes: r.notes.map((n) => {
          const note = now.score.notes[n.note];
          return { time: n.time, voice: note.voice, midi: midiOfNote(now.sound, note), gain: n.gain };
        }),
        renderSeconds: r.renderSeconds,
      };
    },
  };
  const unexpose = core.expose('sound', api);

  const onGesture = () => void player.start();
  const gestures = ['pointerdown', 'keydown'] as const;
  if (start !== 'asked') for (const g of gestures) addEventListener(g, onGesture, { capture: true, once: true });
  if (start === 'now') void player.start();

  return () => {
    for (const g of gestures) removeEventListener(g, onGesture, { capture: true });
    unsubscribe();
    player.dispose();
    unexpose();
  };
}
