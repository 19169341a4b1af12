import { describe, expect, it } from 'vitest';
import { gentleFlash, MAX_BREATH_HZ, MAX_PULSE_HZ, MIN_WAVE_INTERVAL, REDUCED_DECAY_PER_RISE, REDUCED_MIN_RISE_SECONDS, safeMotion, type MotionInput } from './safety.ts';

const base: MotionInput = {
  speed: 1,
  loopSeconds: 48,
  timelineSamples: 64,
  breathPeriod: 7,
  flash: 1.6,
  waves: { strength: 0.3, speed: 0.2, width: 0.15, interval: 12 },
};

describe('photosensitivity clamps (WCAG 2.3.1: at most 3 flashes a second)', () => {
  it.each([
    ['defaults', {}],
    ['fast clock', { speed: 10 }],
    ['short breath', { breathPeriod: 0.5 }],
    ['short breath, fast clock', { breathPeriod: 0.5, speed: 10 }],
    ['one-second loop', { loopSeconds: 1 }],
    ['waves every second', { waves: { strength: 1, speed: 5, width: 0.01, interval: 1 } }],
  ] as [string, Partial<MotionInput>][])('%s', (_, change) => {
    const m = { ...base, ...change };
    const s = safeMotion(m);
    // Frequencies in real seconds = shader frequencies x clock speed.
    expect(s.breathFreq * m.speed).toBeLessThanOrEqual(MAX_BREATH_HZ + 1e-9);
    expect(s.maxPulseFreq * m.speed).toBeLessThanOrEqual(MAX_PULSE_HZ + 1e-9);
    expect(s.waveInterval / m.speed).toBeGreaterThanOrEqual(MIN_WAVE_INTERVAL - 1e-9);
    // A wave front takes at least half a second (real time) to pass a cell.
    expect(s.waveWidth / s.waveSpeed / m.speed).toBeGreaterThanOrEqual(0.5 - 1e-9);
    // Care-event flashes: full strength only when a timeline slice lasts >= 1/2 s, none below 1/3 s.
    const slice = m.loopSeconds / m.timelineSamples / m.speed;
    if (slice < 1 / 3) expect(s.flash).toBe(0);
    if (slice >= 0.5) expect(s.flash).toBeCloseTo(m.flash);
  });

  it('leaves gentle settings alone', () => {
    const s = safeMotion(base);
    expect(s.breathFreq).toBeCloseTo(1 / 7);
    expect(s.waveInterval).toBe(12);
    expect(s.waveWidth).toBe(0.15);
    expect(s.flash).toBeCloseTo(1.6);
  });
});

describe('gentle flashes (reduced motion)', () => {
  it.each([
    ['a sea-sparkle flash at full speed', { rise: 0.03, decay: 0.21 }, 1],
    ['the same at a quarter speed', { rise: 0.03, decay: 0.21 }, 0.25],
    ['a stirred cell (real seconds)', { rise: 0.03, decay: 0.45 }, 1],
  ])('%s rises over at least the limit in real seconds and fades more slowly still', (_, s, clock) => {
    const g = gentleFlash(s, clock);
    expect(g.rise / clock).toBeGreaterThanOrEqual(REDUCED_MIN_RISE_SECONDS - 1e-9);
    expect(g.decay).toBeGreaterThanOrEqual(REDUCED_DECAY_PER_RISE * g.rise - 1e-9);
    expect(g.gain).toBe(1);
  });

  it('keeps a slow flash as it is', () => {
    expect(gentleFlash({ rise: 2, decay: 5 }, 1)).toEqual({ rise: 2, decay: 5, gain: 1 });
  });

  it('dims a flash that must rise faster than the limit to peak in time, so its light changes no faster', () => {
    const g = gentleFlash({ rise: 0.03, decay: 0.2 }, 1, 0.1);
    expect(g.rise).toBe(0.1);
    expect(g.gain).toBeCloseTo(0.1 / REDUCED_MIN_RISE_SECONDS);
    expect(g.gain / g.rise).toBeCloseTo(1 / REDUCED_MIN_RISE_SECONDS);
  });
});
