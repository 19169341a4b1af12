// dither: triangular-PDF noise of one 8-bit step of the display's sRGB encoding, so dark gradients
// on projectors dissolve into fine grain instead of bands. The effect runs last, on the tone-mapped
// linear colour; the pass encodes to sRGB after it. Hash after Dave Hoskins, "Hash
// without Sine" (MIT License), rewritten here.
uniform float uDither; // 1 on, 0 off

float ditherHash(vec2 p) {
  vec3 p3 = fract(vec3(p.xyx) * 0.1031);
  p3 += dot(p3, p3.yzx + 33.33);
  return fract((p3.x + p3.y) * p3.z);
}

void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  vec2 px = floor(uv * resolution);
  float n = ditherHash(px) + ditherHash(px + vec2(17.13, 41.7)) - 1.0; // triangular, -1..1
  vec3 c = clamp(inputColor.rgb, 0.0, 1.0);
  // n/255 in sRGB is n/255 times the slope of the sRGB decoding at c in linear light (its second
  // order is under a fiftieth of a step), so the pass's own encoding lands it where adding it in sRGB
  // would, with one pow instead of an encode and a decode. Above the linear toe the slope is
  // (2.4 / 1.055) ((s + 0.055) / 1.055)^1.4, and (s + 0.055) / 1.055 = c^(1 / 2.4).
  vec3 slope = mix(vec3(1.0 / 12.92), (2.4 / 1.055) * pow(max(c, 1e-6), vec3(1.4 / 2.4)), step(0.0031308, c));
  outputColor = vec4(clamp(c + uDither * n / 255.0 * slope, 0.0, 1.0), inputColor.a);
}
