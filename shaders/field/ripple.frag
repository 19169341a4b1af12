// A ripple's light at this texel of the field: the flash it brings (same rise and fade as the
// cell's own), arriving later the farther the texel is from the cell that fired, and weaker with
// distance, and over before its flash's slice drops out (flashEnd). Nothing on the cell itself (its
// own flash is its own). Additive into the field's red.
#include "light/flash.glsl"

uniform vec4 uFlashShape;
uniform vec3 uRippleShape;  // speed, reach, cell radius

flat in float vAmplitude;
flat in float vAge;
flat in float vTexel;
flat in float vPointSize;

layout(location = 0) out highp vec4 fragColor;

void main() {
  float d = length(gl_PointCoord - 0.5) * vPointSize * vTexel;
  float speed = uRippleShape.x;
  float reach = uRippleShape.y;
  float rc = uRippleShape.z;
  float tau = vAge - d / speed;
  float light = vAmplitude * exp(-d / reach) * flash(tau, uFlashShape.x, uFlashShape.y, uFlashShape.z) * flashEnd(vAge, uFlashShape.w) * smoothstep(0.5 * rc, 1.2 * rc, d);
  fragColor = vec4(light, 0.0, 0.0, 0.0);
}
