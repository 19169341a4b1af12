// noise1: smooth 1D gradient noise in about [-1, 1], for motion that drifts instead of repeating:
// breathing, pulses, wandering light sources. Its swings come about once per unit of x, never with a
// fixed period, so a rate cap on x (src/render/safety.ts) caps how often the light swings.
// Use: float n = noise1(time * rate + seed);
#ifndef FNC_NOISE1
#define FNC_NOISE1
#include "lib/hash.glsl"
float noise1Grad(float i) { return hash11(uint(int(i) + 65536)) * 2.0 - 1.0; }
float noise1(float x) {
  float i = floor(x);
  float f = x - i;
  float u = f * f * f * (f * (f * 6.0 - 15.0) + 10.0);
  return 2.0 * mix(noise1Grad(i) * f, noise1Grad(i + 1.0) * (f - 1.0), u);
}
#endif
