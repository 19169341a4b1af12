// A ripple's light at this texel of the field (rippleLight.glsl), from the cell this point belongs
// to (ripple.vert). Additive into the field's red.
#include "field/rippleLight.glsl"

uniform vec4 uFlashShape;
uniform vec3 uRippleShape;  // speed, reach, cell radius

flat in float vAmplitude;
flat in float vAge;
flat in float vTexel;
flat in float vPointSize;

layout(location = 0) out highp vec4 fragColor;

void main() {
  float d = length(gl_PointCoord - 0.5) * vPointSize * vTexel;
  fragColor = vec4(rippleLight(vAmplitude, vAge, d, uRippleShape, uFlashShape), 0.0, 0.0, 0.0);
}
