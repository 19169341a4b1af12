import { describe, expect, it } from 'vitest';
import { fitDpr } from './limits.ts';

const gpu = { maxTextureSize: 8192, maxRenderbufferSize: 8192, maxViewport: [8192, 8192] as [number, number] };

describe('fitDpr', () => {
  it('keeps a size that fits', () => {
    expect(fitDpr(3840, 2160, 2, gpu)).toEqual({ dpr: 2, message: null });
  });
  it('clamps an 8K-wide output at dpr 2 to the GPU limit and says so', () => {
    const f = fitDpr(7680, 2160, 2, gpu);
    expect(f.dpr).toBeCloseTo(8192 / 7680, 2);
    expect(Math.floor(7680 * f.dpr)).toBeLessThanOrEqual(8192);
    expect(f.message).toMatch(/15360x4320 pixels were asked for; this GPU draws at most 8192x8192, so the output renders at 819\dx230\d and is scaled up/);
  });
  it('takes the smallest of texture, renderbuffer and viewport limits', () => {
    const f = fitDpr(5000, 1000, 1, { maxTextureSize: 16384, maxRenderbufferSize: 4096, maxViewport: [16384, 16384] });
    expect(Math.floor(5000 * f.dpr)).toBeLessThanOrEqual(4096);
    expect(f.message).not.toBeNull();
  });
});
