// glowPrefilter: the first step of the glow. Reads the full-resolution HDR frame and writes a
// quarter-resolution image of its bright parts. Four bilinear taps, each the mean of a 2x2 pixel
// block, cover the whole 4x4 block behind an output texel, so nothing is skipped (no shimmer).
// Each tap is thresholded with a soft knee and weighted by 1 / (1 + luma) (Karis average), so a
// lone bright pixel cannot flicker the glow on and off.
#include "lib/luma.glsl"

uniform sampler2D inputBuffer;
uniform vec2 uTexel;       // one pixel of the input, in uv
uniform float uThreshold;  // luminance where glow starts
uniform float uKnee;       // half-width of the soft knee around the threshold

in vec2 vUv;
layout(location = 0) out highp vec4 fragColor;

vec4 brightTap(vec2 uv) {
  vec3 c = min(texture(inputBuffer, uv).rgb, vec3(64.0)); // a bad pixel cannot blow the glow up
  float l = luma(c);
  // Quadratic soft knee: 0 below threshold - knee, linear above threshold + knee.
  float s = clamp(l - uThreshold + uKnee, 0.0, 2.0 * uKnee);
  float over = max(s * s / (4.0 * uKnee + 1e-5), l - uThreshold);
  vec3 bright = c * over / max(l, 1e-5);
  return vec4(bright, 1.0) / (1.0 + luma(bright));
}

void main() {
  vec4 sum = brightTap(vUv + uTexel * vec2(-1.0, -1.0)) + brightTap(vUv + uTexel * vec2(1.0, -1.0))
           + brightTap(vUv + uTexel * vec2(-1.0, 1.0)) + brightTap(vUv + uTexel * vec2(1.0, 1.0));
  fragColor = vec4(sum.rgb / max(sum.a, 1e-5), 1.0);
}
