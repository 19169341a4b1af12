/**
 * The animation clock. Every frame is a pure function of (installation, data, time, viewport); this
 * is where "time" comes from. `?t=12.5` or `setTime(12.5)` freezes it; `setTime(null)` lets it run.
 */
export interface Clock {
  /** Animation seconds now. */
  now(): number;
  /** Frozen time, or null when running. */
  frozen(): number | null;
  set(seconds: number | null): void;
}

export function createClock(initial: number | null, nowMs: () => number = () => performance.now()): Clock {
  let frozen = initial;
  let origin = nowMs();
  return {
    now: () => frozen ?? (nowMs() - origin) / 1000,
    frozen: () => frozen,
    set(seconds) {
      if (seconds === null && frozen !== null) origin = nowMs() - frozen * 1000; // resume from the frozen moment
      frozen = seconds;
    },
  };
}
