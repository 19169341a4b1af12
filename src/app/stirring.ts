/**
 * The page core's stirring: one recording (src/render/stir.ts) that every frame draws from, and the
 * ways disturbances get into it: pointers and touches (a path becomes samples every half radius, so
 * a fast stroke leaves no gaps), a venue camera (src/venue/camera.tsx), other outputs of a wall (the
 * venue's relay) and the automation surface (inject, replay). Samples are stamped with the page
 * clock's time, so a frozen page draws a stroke's flash when it is asked for a later moment, and the
 * outputs of a wall (one clock on the wall) draw a relayed stroke at the same instant.
 */
import type { InstallationConfig } from '../config/index.ts';
import { StirRecord, type StirInput, type StirSample } from '../render/stir.ts';
import type { Clock } from './clock.ts';

/** A path longer than this many radii between two pointer events is filled with samples this far apart. */
const STEP_RADII = 0.5;
/** A pointer that moved less than this (radii) since its last sample leaves none. */
const MIN_MOVE_RADII = 0.3;
/** At most this many samples for one pointer event (a jump across the screen is not a stroke). */
const MAX_STEPS = 24;

export class Stirring {
  readonly record = new StirRecord();
  private readonly last = new Map<number, [number, number]>();

  /**
   * @param toMosaic client pixels → mosaic fractions (0–1, y down), or null off the picture (the stage's)
   * @param config the config on screen (motion.stirring), or null before one is loaded
   * @param aspect the mosaic's width / height
   */
  constructor(
    private readonly clock: Clock,
    private readonly toMosaic: (clientX: number, clientY: number) => [number, number] | null,
    private readonly config: () => InstallationConfig | null,
    private readonly aspect: () => number,
    private readonly invalidate: () => void,
  ) {}

  /** Whether pointers stir now (config motion.stirring.pointer and a strength above 0). */
  pointerOn(): boolean {
    const s = this.config()?.motion.stirring;
    return Boolean(s && s.pointer && s.strength > 0);
  }

  /** A pointer moved to a client point: the water along its path since its last sample is stirred. */
  pointer(id: number, clientX: number, clientY: number): void {
    if (!this.pointerOn()) return;
    const at = this.toMosaic(clientX, clientY);
    if (!at) {
      this.last.delete(id);
      return;
    }
    const r = this.radius();
    const aspect = this.aspect();
    const prev = this.last.get(id);
    const t = this.clock.now();
    if (!prev) {
      this.last.set(id, at);
      this.inject([{ t, x: at[0], y: at[1], r }]);
      return;
    }
    // Distances in mosaic heights (the radius's unit).
    const dx = (at[0] - prev[0]) * aspect;
    const dy = at[1] - prev[1];
    const dist = Math.hypot(dx, dy);
    if (dist < MIN_MOVE_RADII * r) return;
    const steps = Math.min(MAX_STEPS, Math.max(1, Math.ceil(dist / (STEP_RADII * r))));
    const inputs: StirInput[] = [];
    for (let k = 1; k <= steps; k++) {
      const f = k / steps;
      inputs.push({ t, x: prev[0] + (at[0] - prev[0]) * f, y: prev[1] + (at[1] - prev[1]) * f, r });
    }
    this.last.set(id, at);
    this.inject(inputs);
  }

  /** The pointer lifted or left: its next touch starts a new stroke. */
  release(id: number): void {
    this.last.delete(id);
  }

  /** Raw disturbances (fatigue applies); returns what was recorded. */
  inject(inputs: readonly StirInput[]): StirSample[] {
    const out = this.record.stir(inputs, this.radius(), this.aspect());
    if (out.length) this.invalidate();
    return out;
  }

  /** Samples recorded elsewhere (another output), drawn as they are. */
  add(samples: readonly StirSample[]): void {
    this.record.add(samples);
    this.invalidate();
  }

  replay(samples: readonly StirSample[]): void {
    this.record.replace(samples);
    this.invalidate();
  }

  private radius(): number {
    return this.config()?.motion.stirring.radius ?? 0.05;
  }
}
