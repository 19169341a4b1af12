// A disturbance's light at this texel: the flash of stirred plankton (fast rise, slower fade) times
// a Gaussian of the distance from the touch. Additive into the field's green.
#include "light/flash.glsl"

uniform vec3 uStirShape;

flat in float vAmplitude;
flat in float vAge;

layout(location = 0) out highp vec4 fragColor;

void main() {
  // gl_PointCoord spans five radii: 0.5 of it is 2.5 radii.
  float q = length(gl_PointCoord - 0.5) * 5.0;
  float light = vAmplitude * exp(-2.0 * q * q) * flash(vAge, uStirShape.x, uStirShape.y, uStirShape.z);
  fragColor = vec4(0.0, light, 0.0, 0.0);
}
