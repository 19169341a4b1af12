/**
 * Photosensitivity limits (WCAG 2.3.1: no more than three flashes in any one second), applied when
 * settings become uniforms, whatever the config says. Every periodic change of brightness the mosaic
 * makes is capped well below 3 Hz in real (wall-clock) seconds; shader time runs at `speed` times real
 * time, so caps are divided by the speed before they become uniforms.
 */

/** Whole-mosaic breathing: at most one swell every 2 s. */
export const MAX_BREATH_HZ = 0.5;
/** Per-cell pulse (rate from the encoding): at most one a second. */
export const MAX_PULSE_HZ = 1;
/** Particle twinkle (tiny points, never full field): at most one a second. */
export const MAX_TWINKLE_HZ = 1;
/** A care-event flash needs a timeline slice of at least this long (s) to flash at full strength. */
export const MIN_FLASH_SLICE_SECONDS = 1 / 2;
/** Below this slice length flashes are off: the journey's activity shows as steady light instead. */
export const NO_FLASH_SLICE_SECONDS = 1 / 3;
/** Waves: at least this many seconds between two fronts. */
export const MIN_WAVE_INTERVAL = 4;
/** A wave front passes a cell in at least this many seconds (its rise is never a sharp flash). */
export const MIN_WAVE_PASS_SECONDS = 0.5;

/**
 * Stirring: a flash never rises faster than this (s) nor fades faster than this (s). A visitor can
 * wave a hand at any rate; a slow fade low-passes it, so a cell's light follows a hand waved at 4 Hz
 * with under a tenth of its swing (1 / sqrt(1 + (2π · 4 Hz · 0.4 s)²)).
 */
export const MIN_STIR_RISE_SECONDS = 0.02;
export const MIN_STIR_DECAY_SECONDS = 0.4;

/**
 * Reduced motion (prefers-reduced-motion, config motion.reducedMotion): no sudden flash. A care
 * event's flash, its ripple and a stirred cell's flare rise over at least this long (real seconds)
 * and fade at least REDUCED_DECAY_PER_RISE times as slowly; a flash that cannot rise that slowly
 * within its slice is dimmer in proportion (its light never changes faster).
 */
export const REDUCED_MIN_RISE_SECONDS = 0.5;
export const REDUCED_DECAY_PER_RISE = 2;

/**
 * A flash's shape (time constants in clock seconds; `clock` of them pass per real second) made gentle
 * for reduced motion: rise and decay within the limits above, the rise at most `maxRise` (the flash
 * must peak well inside the time it is shown), and the gain factor for a rise that had to stay faster.
 */
export function gentleFlash(s: { rise: number; decay: number }, clock: number, maxRise = Infinity): { rise: number; decay: number; gain: number } {
  const wanted = Math.max(s.rise, REDUCED_MIN_RISE_SECONDS * clock);
  const rise = Math.min(wanted, maxRise);
  return { rise, decay: Math.max(s.decay, REDUCED_DECAY_PER_RISE * rise), gain: rise / wanted };
}

/** Stirring's flash shape within the limits above. */
export function safeStir(s: { rise: number; decay: number }): { rise: number; decay: number } {
  return { rise: Math.max(MIN_STIR_RISE_SECONDS, s.rise), decay: Math.max(MIN_STIR_DECAY_SECONDS, s.decay, 1.5 * s.rise) };
}

export interface MotionInput {
  /** Real-time speed of the clock the shader sees (config speed times the reduced-motion factor). */
  speed: number;
  loopSeconds: number;
  timelineSamples: number;
  breathPeriod: number;
  flash: number;
  waves: { strength: number; speed: number; width: number; interval: number };
}

export interface SafeMotion {
  /** Breathing, cycles per shader second. */
  breathFreq: number;
  /** Largest per-cell pulse frequency, cycles per shader second. */
  maxPulseFreq: number;
  /** Flash gain after the slice-length limit. */
  flash: number;
  /** Seconds between waves, shader seconds. */
  waveInterval: number;
  /** Wave front width as a fraction of the mosaic width, widened so a front takes long enough to pass. */
  waveWidth: number;
  waveSpeed: number;
  waveStrength: number;
}

const smoothstep = (a: number, b: number, x: number) => {
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
};

/** The clamped motion uniforms. Pure; see the constants above for the limits. */
export function safeMotion(m: MotionInput): SafeMotion {
  const speed = Math.max(1e-6, m.speed);
  const sliceSeconds = m.loopSeconds / Math.max(1, m.timelineSamples) / speed;
  const waveSpeed = Math.max(1e-3, m.waves.speed);
  // The front passes a cell in width / speed shader seconds = width / speed / clockSpeed real seconds.
  const waveWidth = Math.max(m.waves.width, MIN_WAVE_PASS_SECONDS * waveSpeed * speed);
  return {
    breathFreq: Math.min(1 / Math.max(1e-3, m.breathPeriod), MAX_BREATH_HZ / speed),
    maxPulseFreq: MAX_PULSE_HZ / speed,
    flash: m.flash * smoothstep(NO_FLASH_SLICE_SECONDS, MIN_FLASH_SLICE_SECONDS, sliceSeconds),
    waveInterval: Math.max(m.waves.interval, MIN_WAVE_INTERVAL * speed),
    waveWidth,
    waveSpeed,
    waveStrength: Math.max(0, m.waves.strength),
  };
}
