// waveFront: bioluminescent surf. Every `interval` seconds a front sets out, alternately from a
// point (a stone dropped in the bay) and as a line sweeping left to right (along the timeline). It
// returns how strongly the front stirs a point now: a gentle rise ahead of the front and a slow fade
// behind it, like sea sparkle in a wake. The front is never a straight line or a perfect circle: a
// slow noise warps it, and each front is warped differently.
// Use: float w = waveFront(site / extent, extent.x / extent.y, time, interval, speed, width);
#ifndef FNC_WAVEFRONT
#define FNC_WAVEFRONT
#include "lib/hash.glsl"
#include "lib/snoise3.glsl"
float waveFront(vec2 p, float aspect, float time, float interval, float speed, float width) {
  float k = floor(time / interval);
  float age = time - k * interval;
  uint seed = uint(int(k) + 4096);
  vec2 origin = vec2(0.15, 0.15) + 0.7 * hash21(seed);
  bool sweep = mod(k, 2.0) == 1.0;
  // Distances in mosaic widths.
  float d = sweep ? p.x : length(vec2(p.x - origin.x, (p.y - origin.y) / aspect));
  d += 0.04 * snoise3(vec3(p * vec2(2.5, 2.5 / aspect), k * 1.7 + time * 0.02));
  float x = (age * speed - d) / width;       // > 0: the front has passed
  return x < 0.0 ? exp(-6.0 * x * x) : exp(-1.2 * x);
}
#endif
