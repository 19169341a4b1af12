/**
 * Offline rendering: the same graph (synth.ts) in an OfflineAudioContext, faster than real time and
 * with no clock at all. Frame f of a render is the sound at clock time f / sampleRate (absolute, so
 * every range lies on one grid); each note starts on the frame nearest its onset, and a note that
 * began before the range starts part-way through. So a range renders the same samples whichever
 * longer render it is cut from, and the same range twice is the same bytes (synth.ts says why the
 * mix is exact).
 */
import type { SoundConfig } from '../config/sound.ts';
import { notesBetween, type LoopPlan, type PlannedNote, type SoundTiming } from './plan.ts';
import type { Score } from './score.ts';
import { SoundGraph } from './synth.ts';

export interface OfflineRequest {
  score: Score;
  sound: SoundConfig;
  timing: SoundTiming;
  plan: LoopPlan | null;
  /** First frame, on the absolute grid: clock time firstFrame / sampleRate. */
  firstFrame: number;
  frames: number;
  sampleRate: number;
  /** Master gain (the config's volume, 0 when muted). */
  volume: number;
}

export interface OfflineResult {
  buffer: AudioBuffer;
  /** The notes that sound in the range (onsets before it included when still ringing). */
  notes: PlannedNote[];
  /** Seconds of wall time the rendering took (startRendering alone). */
  renderSeconds: number;
}

export async function renderOffline(r: OfflineRequest): Promise<OfflineResult> {
  const ctx = new OfflineAudioContext({ numberOfChannels: 2, length: Math.max(1, r.frames), sampleRate: r.sampleRate });
  const t0 = r.firstFrame / r.sampleRate;
  const t1 = (r.firstFrame + r.frames) / r.sampleRate;
  const notes = r.plan ? notesBetween(r.plan, r.timing, t0 - r.plan.length, t1) : [];
  if (r.plan) {
    const graph = new SoundGraph(ctx, r.score, r.sound, r.plan.attack, r.plan.length);
    graph.output.gain.value = r.volume;
    graph.output.connect(ctx.destination);
    for (const n of notes) {
      const rel = Math.round(n.time * r.sampleRate) - r.firstFrame;
      if (rel >= 0) graph.play(n.note, n.gain, rel / r.sampleRate);
      else graph.play(n.note, n.gain, 0, -rel / r.sampleRate);
    }
  }
  const start = performance.now();
  const buffer = await ctx.startRendering();
  return { buffer, notes, renderSeconds: (performance.now() - start) / 1000 };
}

/** Base64 of a Float32Array's bytes (little-endian, as every platform we run on stores them). */
export function float32ToBase64(data: Float32Array): string {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(s);
}
