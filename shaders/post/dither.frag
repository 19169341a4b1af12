// dither: the post chain's last step, on the tone-mapped linear colour: sRGB encoding with one 8-bit
// step of triangular noise (post/ditherEncode.glsl). The pass's own encoding is off
// (src/render/post.ts), so the step is added where it is one step.
#include "post/ditherEncode.glsl"

uniform float uDither; // 1 on, 0 off
uniform vec2 uDitherOrigin; // this canvas's first pixel on the whole picture (a wall's output, a still's piece)

void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  outputColor = vec4(ditherEncode(inputColor.rgb, floor(uv * resolution) + uDitherOrigin, uDither), inputColor.a);
}
