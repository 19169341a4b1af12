// dither: triangular-PDF noise of one 8-bit step, added in the display's sRGB encoding, so dark
// gradients on projectors dissolve into fine grain instead of bands. The effect runs last, on the
// tone-mapped linear colour; the pass encodes to sRGB after it. Hash after Dave Hoskins, "Hash
// without Sine" (MIT License), rewritten here.
uniform float uDither; // 1 on, 0 off

float ditherHash(vec2 p) {
  vec3 p3 = fract(vec3(p.xyx) * 0.1031);
  p3 += dot(p3, p3.yzx + 33.33);
  return fract((p3.x + p3.y) * p3.z);
}

vec3 ditherToSrgb(vec3 c) {
  return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(0.0031308, c));
}

vec3 ditherToLinear(vec3 c) {
  return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(0.04045, c));
}

void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  vec2 px = floor(uv * resolution);
  float n = ditherHash(px) + ditherHash(px + vec2(17.13, 41.7)) - 1.0; // triangular, -1..1
  vec3 s = ditherToSrgb(clamp(inputColor.rgb, 0.0, 1.0)) + uDither * n / 255.0;
  outputColor = vec4(ditherToLinear(clamp(s, 0.0, 1.0)), inputColor.a);
}
