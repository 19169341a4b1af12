/**
 * The live player: schedules the plan's notes on an AudioContext a little ahead of time, against the
 * page's animation clock (src/app/clock.ts), so the note of a moment is heard at that moment on every
 * output that shows it (the venue epoch keeps walls in step with no server; see plan.ts).
 *
 * Scheduling follows "A Tale of Two Clocks": every TICK_MS a timer plans the notes of the next
 * LOOKAHEAD seconds and hands them to Web Audio with exact start times. The animation clock maps to
 * the audio clock afresh at every tick through getOutputTimestamp() (the context time being heard at
 * a performance.now() instant), so output latency is allowed for and the two clocks never drift
 * apart. A note whose moment has partly passed starts part-way through: a listener who arrives late,
 * or a tab that was throttled, hears what is sounding now, never a late copy. A jump in time (a
 * frozen clock set elsewhere, a resumed laptop) or a change of plan (speed, hold, reduced motion, a
 * sound setting) drops the notes not yet begun and plans again from now.
 */
import type { Clock } from '../app/clock.ts';
import type { SoundModel } from './model.ts';
import type { LoopPlan, SoundTiming } from './plan.ts';
import { notesBetween } from './plan.ts';
import type { Score } from './score.ts';
import { SoundGraph } from './synth.ts';
import { rampAt } from '../venue/protocol.ts';

/** How often the scheduler runs, ms. */
export const TICK_MS = 50;
/** How far ahead notes are handed to Web Audio, seconds. */
export const LOOKAHEAD = 0.3;
/** Volume changes glide with this time constant, seconds (no clicks). */
const GLIDE = 0.05;

export type ContextState = 'none' | 'suspended' | 'running' | 'closed';

export interface PlayerState {
  /** The AudioContext: none until a listener asks for sound. */
  context: ContextState;
  /** The listener asked for sound (and has not stopped it). */
  listening: boolean;
  volume: number;
  muted: boolean;
  /** The gain the notes go out at now: volume (times a venue's), 0 when muted, ducked or dark by a venue's schedule. */
  gain: number;
  /** Notes handed to Web Audio so far. */
  notesStarted: number;
}

/**
 * A venue server's scheduled darkness now, 0 (open) to 1 (closed), when this output follows one
 * (src/venue/follow.ts): outside opening hours the sound fades out with the picture.
 */
export function venueDarkness(now = Date.now()): number {
  const show = typeof window === 'undefined' ? null : window.noctiluca?.venueLink?.show();
  return show ? Math.min(1, Math.max(0, rampAt(show.dark, now))) : 0;
}

/**
 * A venue server's volume now, 0–1 (its remote's slider and OSC /noctiluca/volume), when this
 * output follows one; 1 otherwise. Like the darkness it is a ramp on the wall clock, so every output
 * of a wall is at the same level at the same moment.
 */
export function venueVolume(now = Date.now()): number {
  const show = typeof window === 'undefined' ? null : window.noctiluca?.venueLink?.show();
  return show?.volume ? Math.min(1, Math.max(0, rampAt(show.volume, now))) : 1;
}

export class SoundPlayer {
  private ctx: AudioContext | null = null;
  private volumeNode: GainNode | null = null;
  private graph: SoundGraph | null = null;
  private graphKey = '';
  private graphScore: Score | null = null;
  private lastPlan: LoopPlan | null = null;
  private lastTiming = '';
  private scheduledUntil: number | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private listening = false;
  private started = 0;
  /** A venue remote's (or a test's) volume and mute, over the config's; null: the config's. */
  volumeOverride: number | null = null;
  muteOverride: boolean | null = null;
  /** Silenced while the spoken summary plays. */
  ducked = false;

  constructor(
    private readonly model: SoundModel,
    private readonly clock: Clock,
  ) {}

  /** The AudioContext, made on first use (call from a user gesture where browsers require one). */
  context(): AudioContext {
    if (!this.ctx) {
      this.ctx = new AudioContext({ latencyHint: 'playback' });
      this.volumeNode = new GainNode(this.ctx, { gain: 0 });
      this.target = 0;
      this.volumeNode.connect(this.ctx.destination);
      this.ctx.addEventListener('statechange', () => this.tick());
    }
    return this.ctx;
  }

  /**
   * Start listening. Resolves with the state once the context runs, or (no user gesture yet, in a
   * browser that needs one) after a short wait with the context still suspended: the next gesture's
   * `start()` resumes it.
   */
  async start(): Promise<PlayerState> {
    const ctx = this.context();
    this.listening = true;
    if (ctx.state !== 'running') await Promise.race([ctx.resume().catch(() => {}), new Promise((r) => setTimeout(r, 250))]);
    this.timer ??= setInterval(() => this.tick(), TICK_MS);
    this.tick();
    return this.state();
  }

  /** Stop listening: notes end, the context is suspended (it uses no CPU). */
  stop(): void {
    this.listening = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.graph?.dispose();
    this.graph = null;
    this.graphKey = '';
    this.scheduledUntil = null;
    void this.ctx?.suspend().catch(() => {});
  }

  dispose(): void {
    this.stop();
    void this.ctx?.close().catch(() => {});
    this.ctx = null;
  }

  state(): PlayerState {
    const now = this.model.now();
    return {
      context: this.ctx ? (this.ctx.state as ContextState) : 'none',
      listening: this.listening,
      volume: this.volume(now?.sound.volume ?? 0),
      muted: this.muted(now?.sound.mute ?? false),
      gain: now ? this.gain(now.sound) : 0,
      notesStarted: this.started,
    };
  }

  private volume(configured: number): number {
    return Math.min(1, Math.max(0, this.volumeOverride ?? configured));
  }

  private muted(configured: boolean): boolean {
    return this.muteOverride ?? configured;
  }

  private gain(sound: { volume: number; mute: boolean }): number {
    return this.muted(sound.mute) || this.ducked ? 0 : this.volume(sound.volume) * venueVolume() * (1 - venueDarkness());
  }

  private target = 0;
  /** Glides the volume to `gain` (a new automation event only when the target changes). */
  private glideTo(ctx: AudioContext, gain: number): void {
    if (!this.volumeNode || gain === this.target) return;
    this.target = gain;
    this.volumeNode.gain.setTargetAtTime(gain, ctx.currentTime, GLIDE);
  }

  /** Plans and schedules the next LOOKAHEAD seconds (the timer calls it; so does every change). */
  tick(): void {
    const ctx = this.ctx;
    const now = this.model.now();
    if (!ctx || !this.listening || ctx.state !== 'running' || !now || !now.sound.enabled) {
      if (ctx) this.glideTo(ctx, 0);
      return;
    }
    this.glideTo(ctx, this.gain(now.sound));

    const plan = now.plan;
    const key = plan ? JSON.stringify([now.sound.root, now.sound.scale, now.sound.timbres, now.sound.brightness, plan.attack, plan.length]) : '';
    if (!this.graph || key !== this.graphKey || this.graphScore !== now.score) {
      this.graph?.dispose();
      this.graph = plan ? new SoundGraph(ctx, now.score, now.sound, plan.attack, plan.length) : null;
      this.graph?.output.connect(this.volumeNode!);
      this.graphKey = key;
      this.graphScore = now.score;
      this.scheduledUntil = null;
    }
    const timingKey = JSON.stringify(now.timing);
    if (plan !== this.lastPlan || timingKey !== this.lastTiming) {
      this.graph?.cancelAfter(ctx.currentTime);
      this.lastPlan = plan;
      this.lastTiming = timingKey;
      this.scheduledUntil = null;
    }
    if (!this.graph || !plan || this.clock.frozen() !== null) {
      // A held timeline, a stopped or frozen clock: no care happens, nothing new sounds.
      this.graph?.cancelAfter(ctx.currentTime);
      this.scheduledUntil = null;
      return;
    }
    this.schedule(ctx, this.graph, plan, now.timing);
  }

  private schedule(ctx: AudioContext, graph: SoundGraph, plan: LoopPlan, timing: SoundTiming): void {
    const clockNow = this.clock.now();
    const heardNow = heardContextTime(ctx);
    let from = this.scheduledUntil;
    if (from === null || clockNow > from + 0.5 || clockNow < from - LOOKAHEAD - 0.1) {
      // (Re)starting, or time jumped: what rings now includes notes that began up to a note ago.
      graph.cancelAfter(ctx.currentTime);
      from = clockNow - plan.length;
    }
    const until = clockNow + LOOKAHEAD;
    if (until <= from) return;
    const earliest = ctx.currentTime + 0.005;
    for (const n of notesBetween(plan, timing, from, until)) {
      const when = heardNow + (n.time - clockNow);
      const source = when >= earliest ? graph.play(n.note, n.gain, when) : graph.play(n.note, n.gain, earliest, earliest - when);
      if (source) this.started++;
    }
    this.scheduledUntil = until;
  }
}

/** The context time being heard at this instant: the output timestamp carried forward to now. */
export function heardContextTime(ctx: AudioContext): number {
  const ts = typeof ctx.getOutputTimestamp === 'function' ? ctx.getOutputTimestamp() : null;
  if (ts && ts.performanceTime && ts.contextTime !== undefined && ts.performanceTime > 0) {
    return ts.contextTime + (performance.now() - ts.performanceTime) / 1000;
  }
  return ctx.currentTime - (ctx.outputLatency || ctx.baseLatency || 0);
}
