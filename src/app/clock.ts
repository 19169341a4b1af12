/**
 * The animation clock. Every frame is a pure function of (installation, data, time, viewport); this
 * is where "time" comes from. `?t=12.5` or `setTime(12.5)` freezes it; `setTime(null)` lets it run.
 *
 * Two ways to run:
 * - page time (the default): seconds since the page loaded, from the monotonic `performance.now()`;
 * - wall-clock time (venues): seconds since an epoch, read from the system clock (`Date.now()`), so
 *   outputs on separate machines (NTP-synced) and an output that starts late or recovers all show the
 *   same frame at the same moment, with no server. `setEpoch(ms)` switches to it.
 *
 * Time is never accumulated from frame deltas: after a throttled, hidden or sleeping window the next
 * frame is the one for the current time, not the one after the last frame drawn.
 */
export interface Clock {
  /** Animation seconds now. */
  now(): number;
  /** Frozen time, or null when running. */
  frozen(): number | null;
  set(seconds: number | null): void;
  /**
   * Count time from this wall-clock instant (ms since 1970) instead of page load; null: page time.
   * Ignored while frozen except that resuming then follows the wall clock.
   */
  setEpoch(epochMs: number | null): void;
  epoch(): number | null;
  /**
   * Test and still-rendering override of the wall clock: it reads this instant (ms since 1970) until
   * set back to null. With an epoch, `now()` is then `(wallMs - epoch) / 1000`; without one it is the
   * seconds between page load (on the wall clock) and `wallMs`.
   */
  setWall(wallMs: number | null): void;
}

export interface ClockSources {
  /** Monotonic milliseconds (page time). */
  monotonicMs?: () => number;
  /** Wall-clock milliseconds since 1970 (NTP-synced on venue machines). */
  wallMs?: () => number;
}

export function createClock(initial: number | null, sources: ClockSources | (() => number) = {}): Clock {
  const s = typeof sources === 'function' ? { monotonicMs: sources } : sources;
  const mono = s.monotonicMs ?? (() => performance.now());
  const realWall = s.wallMs ?? (() => Date.now());
  let frozen = initial;
  let origin = mono();
  const loadWall = realWall();
  let epochMs: number | null = null;
  let wallOverride: number | null = null;
  const wall = () => wallOverride ?? realWall();
  const running = () => {
    if (epochMs !== null) return (wall() - epochMs) / 1000;
    if (wallOverride !== null) return (wallOverride - loadWall) / 1000;
    return (mono() - origin) / 1000;
  };
  return {
    now: () => frozen ?? running(),
    frozen: () => frozen,
    set(seconds) {
      // Page time resumes from the frozen moment; wall-clock time always follows the wall.
      if (seconds === null && frozen !== null && epochMs === null) origin = mono() - frozen * 1000;
      frozen = seconds;
    },
    setEpoch(ms) {
      if (ms === epochMs) return;
      if (ms === null && epochMs !== null && frozen === null) origin = mono() - running() * 1000; // no jump back to page time
      epochMs = ms;
    },
    epoch: () => epochMs,
    setWall(ms) {
      wallOverride = ms;
    },
  };
}

/** Largest frame step (seconds) given to effects: a resumed window must not make anything jump. */
export const MAX_FRAME_STEP = 0.1;

/** The frame step effects see: the real delta, never negative, never above MAX_FRAME_STEP. */
export function boundedStep(deltaSeconds: number): number {
  return Number.isFinite(deltaSeconds) ? Math.min(MAX_FRAME_STEP, Math.max(0, deltaSeconds)) : 0;
}

/** Wrapped time stays below about 2^16 s, where float32 still resolves ~8 ms. */
const WRAP_TARGET = 65536;

/**
 * Animation time as the GPU gets it (a float32 uniform). Wall-clock time since an epoch grows large
 * (a year is 3e7 s, where float32 steps by 2 s), so it is wrapped to a period that is a whole number of
 * timeline loops: the timeline stays seamless, and breathing and shimmer jump once every ~18 hours.
 * Times below the period (page time in a normal session) pass through unchanged. Pure: every output
 * computes the same value for the same time.
 */
export function gpuTime(seconds: number, loopSeconds: number): number {
  const period = gpuPeriod(loopSeconds);
  if (seconds >= 0 && seconds < period) return seconds;
  return ((seconds % period) + period) % period;
}

/** The period gpuTime wraps at: the whole number of loops closest below ~2^16 s (at least one loop). */
export function gpuPeriod(loopSeconds: number): number {
  const loop = loopSeconds > 0 ? loopSeconds : 1;
  return loop * Math.max(1, Math.floor(WRAP_TARGET / loop));
}

/** Parses an epoch (ISO date-time, or ms since 1970 as digits); null when absent or invalid. */
export function parseEpoch(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const v = value.trim();
  const ms = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : Date.parse(v);
  return Number.isFinite(ms) ? ms : null;
}
