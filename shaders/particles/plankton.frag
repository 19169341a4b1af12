// A plankton spark: a soft round point of palette light, emitted in HDR so the glow picks it up.
#include "lib/palette.glsl"

uniform vec3 uPalette[PALETTE_SIZE];

in float vLight;
in float vHue;

layout(location = 0) out highp vec4 fragColor;

void main() {
  vec2 q = gl_PointCoord * 2.0 - 1.0;
  float r2 = dot(q, q);
  if (r2 > 1.0) discard;
  float fall = exp(-4.0 * r2) * (1.0 - r2);
  fragColor = vec4(palette(uPalette, vHue) * vLight * fall, 1.0);
}
