// curl2: a divergence-free 2D flow from the curl of 3D simplex noise's potential (slice z = time),
// for drifting particles that swirl without bunching up. Finite differences of snoise3.
// Use: vec2 v = curl2(vec3(p * 2.0, time * 0.05));
#ifndef FNC_CURL2
#define FNC_CURL2
#include "lib/snoise3.glsl"
vec2 curl2(vec3 p) {
  const float e = 0.05;
  float dy = snoise3(p + vec3(0.0, e, 0.0)) - snoise3(p - vec3(0.0, e, 0.0));
  float dx = snoise3(p + vec3(e, 0.0, 0.0)) - snoise3(p - vec3(e, 0.0, 0.0));
  return vec2(dy, -dx) / (2.0 * e);
}
#endif
