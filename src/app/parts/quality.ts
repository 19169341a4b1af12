/**
 * Adaptive quality: hold the target frame rate by lowering the render resolution (device pixel
 * ratio) and the bloom's blur levels step by step, and raise them again when there is headroom.
 * Pure and clock-free: it is fed frame intervals and answers which step of the ladder to use.
 *
 * Hysteresis: a step down needs a window whose median interval is well over the target; a step up
 * needs several windows in a row close to it. A raise that is undone soon after doubles the wait
 * before the next try, so a machine on the edge settles instead of oscillating.
 */

export interface QualityStep {
  dpr: number;
  bloomLevels: number;
  /** Fraction of full effects (bloom levels kept). */
  quality: number;
}

export interface LadderOptions {
  /** Resolution at full quality (min of the screen's devicePixelRatio and display.dpr.max). */
  dprMax: number;
  /** display.dpr.min. */
  dprMin: number;
  /** The look's bloom levels at full quality. */
  bloomLevels: number;
  /** display.qualityFloor: bloom levels never drop below this fraction (at least one level). */
  floor: number;
}

/** Each step down lowers the resolution by this factor. */
export const DPR_FACTOR = 0.8;

/** From full quality down to the floor: resolution and bloom levels lowered in turn. Pure. */
export function qualityLadder(o: LadderOptions): QualityStep[] {
  const dprMin = Math.min(o.dprMin, o.dprMax);
  const minLevels = Math.max(1, Math.ceil(o.bloomLevels * o.floor - 1e-9));
  let dpr = o.dprMax;
  let levels = o.bloomLevels;
  const steps: QualityStep[] = [{ dpr, bloomLevels: levels, quality: 1 }];
  let lowerDpr = true;
  for (;;) {
    const canDpr = dpr > dprMin + 1e-9;
    const canLevels = levels > minLevels;
    if (!canDpr && !canLevels) break;
    if ((lowerDpr && canDpr) || !canLevels) dpr = Math.max(dprMin, Math.round(dpr * DPR_FACTOR * 1000) / 1000);
    else levels--;
    lowerDpr = !lowerDpr;
    steps.push({ dpr, bloomLevels: levels, quality: levels / Math.max(1, o.bloomLevels) });
  }
  return steps;
}

export interface ControllerOptions {
  /** Frames per decision window. */
  window?: number;
  /** Step down when a window's median interval exceeds the target interval by this factor. */
  downRatio?: number;
  /** A window counts as having headroom when its median is under target x this factor. */
  upRatio?: number;
  /** Good windows in a row before a step up (doubles after a failed raise, up to maxHold: 512 windows of 30 frames is ~4 min at 60 fps). */
  upHold?: number;
  maxHold?: number;
}

export class QualityController {
  /** Index into the ladder: 0 is full quality. */
  step = 0;
  /** Step changes so far (down and up). */
  changes = 0;
  private readonly targetMs: number;
  private readonly window: number;
  private readonly downRatio: number;
  private readonly upRatio: number;
  private readonly maxHold: number;
  private hold: number;
  private readonly samples: Float64Array;
  private count = 0;
  private good = 0;
  private windowsSinceRaise = Infinity;

  constructor(
    readonly ladder: QualityStep[],
    targetFps: number,
    o: ControllerOptions = {},
  ) {
    this.targetMs = 1000 / targetFps;
    this.window = o.window ?? 30;
    this.downRatio = o.downRatio ?? 1.25;
    this.upRatio = o.upRatio ?? 1.08;
    this.hold = o.upHold ?? 4;
    this.maxHold = o.maxHold ?? 512;
    this.samples = new Float64Array(this.window);
  }

  get current(): QualityStep {
    return this.ladder[this.step];
  }

  /**
   * Feed one frame interval (ms). Returns true when the step changed. Intervals over a second (a
   * hidden or throttled window, a display waking up) say nothing about the GPU and are ignored.
   */
  sample(intervalMs: number): boolean {
    if (!(intervalMs > 0) || intervalMs > 1000) return false;
    this.samples[this.count++] = intervalMs;
    if (this.count < this.window) return false;
    this.count = 0;
    this.samples.sort();
    const median = this.samples[this.window >> 1];
    this.windowsSinceRaise++;
    if (median > this.targetMs * this.downRatio) {
      this.good = 0;
      if (this.step >= this.ladder.length - 1) return false;
      if (this.windowsSinceRaise <= 2 * this.hold) this.hold = Math.min(this.maxHold, this.hold * 2); // the raise did not hold
      this.step++;
      this.changes++;
      return true;
    }
    if (median < this.targetMs * this.upRatio) {
      if (++this.good < this.hold || this.step === 0) return false;
      this.good = 0;
      this.step--;
      this.changes++;
      this.windowsSinceRaise = 0;
      return true;
    }
    this.good = 0; // in the band between: keep the step
    return false;
  }
}
