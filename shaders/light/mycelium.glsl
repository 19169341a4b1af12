// mycelium: thin branching threads of light, like the hyphae between glowing fungi: the ridges of two
// octaves of simplex noise, in the mosaic's own coordinates (so threads run on from cell to cell),
// creeping slowly with time. Returns 0–1, 1 on a thread. `scale`: threads per mosaic unit.
// Use: float m = mycelium(p, 40.0, time * 0.01);
#ifndef FNC_MYCELIUM
#define FNC_MYCELIUM
#include "lib/snoise3.glsl"
float mycelium(vec2 p, float scale, float t) {
  float a = 1.0 - abs(snoise3(vec3(p * scale, t)));
  float b = 1.0 - abs(snoise3(vec3(p * scale * 2.3 + 7.1, t * 1.3)));
  return pow(a, 6.0) + 0.5 * pow(b, 9.0);
}
#endif
