/**
 * What the stage knows about itself while it runs, in every mode: context losses and recoveries, the
 * stage's generation (bumped only to rebuild the renderer when a lost context does not come back),
 * the GPU's limits and any clamp of the render size. Changes are rare; React subscribes.
 */
import type { StageStats } from './contract.ts';
import type { DprFit } from './limits.ts';

/** How long a lost context may take to come back before the renderer is rebuilt. */
export const RESTORE_TIMEOUT_MS = 3000;

export class StageRuntime {
  readonly stats: StageStats = {
    losses: 0,
    recoveries: 0,
    rebuilds: 0,
    lastRecoveryMs: null,
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
