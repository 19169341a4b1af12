/**
 * What a venue output knows about itself while it runs: context losses and recoveries, the stage's
 * generation (bumped only to rebuild the renderer when a lost context does not come back), the
 * adaptive-quality step and any clamp of the render size. Changes are rare; React subscribes.
 */
import type { DprFit, GpuLimits } from './limits.ts';

export interface VenueStats {
  /** WebGL context losses seen. */
  losses: number;
  /** Losses after which the same frame was drawn again (restored context, or rebuilt renderer). */
  recoveries: number;
  /** Renderer rebuilds (Canvas remounts) because a lost context did not come back in time. */
  rebuilds: number;
  /** Milliseconds from the last loss to the first frame drawn after it. */
  lastRecoveryMs: number | null;
  /** Adaptive quality: ladder step (0 = full), resolution and bloom levels in use. */
  qualityStep: number;
  dpr: number | null;
  bloomLevels: number | null;
  /** Said to the operator when the render size had to be lowered to fit the GPU. */
  clamped: string | null;
  limits: GpuLimits | null;
}

/** How long a lost context may take to come back before the renderer is rebuilt. */
export const RESTORE_TIMEOUT_MS = 3000;

export class VenueRuntime {
  readonly stats: VenueStats = {
    losses: 0,
    recoveries: 0,
    rebuilds: 0,
    lastRecoveryMs: null,
    qualityStep: 0,
    dpr: null,
    bloomLevels: null,
    clamped: null,
    limits: null,
  };
  /** Key of the Stage: bumped only as the last resort of a recovery. */
  stageKey = 0;
  /** A loss is being recovered from (set on loss, cleared on the first frame after). */
  lostAt: number | null = null;
  fit: DprFit | null = null;
  private version = 0;
  private listeners = new Set<() => void>();

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** A number that changes whenever something React shows changed. */
  snapshot = (): number => this.version;

  changed(): void {
    this.version++;
    for (const fn of this.listeners) fn();
  }

  rebuildRenderer(): void {
    this.stats.rebuilds++;
    this.stageKey++;
    this.changed();
  }
}
