/**
 * What the sound plays, from what is on screen: the installation controller's config, bake and tile
 * table, and whether motion is reduced. Score and plan are rebuilt only when their inputs change (a
 * new bake or layout, a sound setting, the timeline's speed or hold), and read by both the live
 * player and the offline renderer, so both play exactly the same notes.
 */
import type { InstallationController } from '../app/controller.ts';
import type { SoundConfig } from '../config/sound.ts';
import { planLoop, type LoopPlan, type SoundTiming } from './plan.ts';
import { buildScore, type Score } from './score.ts';

export interface SoundNow {
  sound: SoundConfig;
  score: Score;
  timing: SoundTiming;
  /** Null while the timeline does not move (held, speed 0). */
  plan: LoopPlan | null;
}

/** The timeline's timing as the mosaic plays it (see plan.ts and src/render/mosaic.ts's setLook). */
export function timingOf(motion: { loopSeconds: number; speed: number; hold: number | null; reduced: { speed: number } }, reduced: boolean): SoundTiming {
  return {
    loopSeconds: Math.max(0.1, motion.loopSeconds),
    speed: motion.speed,
    timeScale: reduced ? Math.max(0, motion.reduced.speed) : 1,
    hold: motion.hold ?? null,
    reduced,
  };
}

export class SoundModel {
  private scoreKey = '';
  private scoreInputs: unknown[] = [];
  private score: Score | null = null;
  private planKey = '';
  private plan: LoopPlan | null = null;

  constructor(private readonly controller: InstallationController) {}

  /** The sound of what is on screen now, or null before the first bake. */
  now(): SoundNow | null {
    const s = this.controller.state;
    if (!s.config || !s.bake) return null;
    const sound = s.config.sound;
    const sites = s.table?.site ?? null;
    const scoreKey = JSON.stringify([sound.stereo, sound.width, sound.scale, sound.octaves, sound.range]);
    if (!this.score || scoreKey !== this.scoreKey || this.scoreInputs[0] !== s.bake || this.scoreInputs[1] !== sites) {
      this.score = buildScore(s.bake, sound, sites);
      this.scoreKey = scoreKey;
      this.scoreInputs = [s.bake, sites];
      this.planKey = '';
    }
    const timing = timingOf(s.config.motion, this.controller.motionReduced());
    const planKey = JSON.stringify([timing, sound.strum, sound.noteSeconds, sound.maxNotesPerSecond]);
    if (planKey !== this.planKey) {
      this.plan = planLoop(this.score, sound, timing);
      this.planKey = planKey;
    }
    return { sound, score: this.score, timing, plan: this.plan };
  }
}
