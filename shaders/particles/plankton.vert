// Plankton sparks: thousands of points drifting over the mosaic. A particle's position, size and
// twinkle are pure functions of its index and the time: no per-frame CPU work, no buffer updates.
// They answer the sea around them: ripples, stirring (the light field) and the waves make them flare.
#include "lib/hash.glsl"
#include "lib/curl2.glsl"
#include "lib/noise1.glsl"
#include "lib/wave.glsl"

uniform vec2 uExtent;
uniform float uTime;
uniform float uSize;         // CSS pixels
uniform float uPixelRatio;
uniform float uBrightness;
uniform float uTwinkleHz;    // clamped on the CPU (photosensitivity)
uniform sampler2D uField;    // the mosaic's light field: r = ripples, g = stirring
uniform float uWaveStrength;
uniform float uWaveSpeed;
uniform float uWaveWidth;
uniform float uWaveInterval;

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

  // Twinkle on noise (no period shows), at most uTwinkleHz swings a second.
  float tw = 0.55 + 0.45 * noise1(uTime * uTwinkleHz * (0.5 + r) + r * 130.0);
  vec4 field = textureLod(uField, p, 0.0);
  float wave = uWaveStrength * waveFront(p, uExtent.x / uExtent.y, uTime, uWaveInterval, uWaveSpeed, uWaveWidth);
  float excited = 2.5 * field.r + 3.0 * (1.0 - exp(-field.g)) + 1.5 * wave;
  // Faint dust of light over the dark: the mosaic's own sparks stay the brightest things on show.
  vLight = uBrightness * (tw * (0.05 + 0.1 * r) + excited * (0.2 + 0.3 * r));
  vHue = 0.45 + 0.5 * hash11(id * 7u + 5u);
  gl_PointSize = uSize * uPixelRatio * (0.6 + 0.8 * r) * (1.0 + 0.5 * min(excited, 1.0));
  gl_Position = projectionMatrix * modelViewMatrix * vec4(pos, 0.0, 1.0);
}
