// Plankton sparks: thousands of points drifting over the mosaic. A particle's position, size and
// twinkle are pure functions of its index and the time: no per-frame CPU work, no buffer updates.
#include "lib/hash.glsl"
#include "lib/curl2.glsl"

uniform vec2 uExtent;
uniform float uTime;
uniform float uSize;         // CSS pixels
uniform float uPixelRatio;
uniform float uBrightness;
uniform float uTwinkleHz;    // clamped on the CPU (photosensitivity)

out float vLight;
out float vHue;

void main() {
  uint id = uint(gl_VertexID);
  vec2 home = hash21(id * 3u + 1u);
  float r = hash11(id * 3u + 2u);
  // Slow drift (a few minutes to cross the mosaic) plus a swirl in a curl-noise current.
  vec2 drift = vec2(0.004 + 0.006 * r, -0.002 + 0.004 * hash11(id)) * uTime;
  vec2 p = home + drift;
  p += 0.03 * curl2(vec3(p * 2.5, uTime * 0.03 + r * 7.0));
  p = fract(p);
  vec2 pos = p * uExtent;

  float tw = 0.55 + 0.45 * sin(6.28318530718 * (uTime * uTwinkleHz * (0.5 + r) + r * 13.0));
  // Faint dust of light over the dark: the mosaic's own sparks stay the brightest things on show.
  vLight = uBrightness * tw * (0.05 + 0.1 * r);
  vHue = 0.45 + 0.5 * hash11(id * 7u + 5u);
  gl_PointSize = uSize * uPixelRatio * (0.6 + 0.8 * r);
  gl_Position = projectionMatrix * modelViewMatrix * vec4(pos, 0.0, 1.0);
}
