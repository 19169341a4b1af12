// dither: triangular-PDF noise of one 8-bit step of the display's sRGB encoding, so dark gradients
// on projectors dissolve into fine grain instead of bands. The effect runs last, on the tone-mapped
// linear colour, and does the sRGB encoding itself (three's sRGBTransferOETF, as written there; the
// pass's own encoding is off, src/render/post.ts), so the step is added where it is one step: one
// pow a pixel instead of two. Hash after Dave Hoskins, "Hash without Sine" (MIT License), rewritten
// here.
uniform float uDither; // 1 on, 0 off
uniform vec2 uDitherOrigin; // this canvas's first pixel on the whole picture (a wall's output, a still's piece)

float ditherHash(vec2 p) {
  vec3 p3 = fract(vec3(p.xyx) * 0.1031);
  p3 += dot(p3, p3.yzx + 33.33);
  return fract((p3.x + p3.y) * p3.z);
}

void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  vec2 px = floor(uv * resolution) + uDitherOrigin;
  float n = ditherHash(px) + ditherHash(px + vec2(17.13, 41.7)) - 1.0; // triangular, -1..1
  vec3 c = clamp(inputColor.rgb, 0.0, 1.0);
  vec3 s = mix(pow(c, vec3(0.41666)) * 1.055 - vec3(0.055), c * 12.92, vec3(lessThanEqual(c, vec3(0.0031308))));
  outputColor = vec4(clamp(s + uDither * n / 255.0, 0.0, 1.0), inputColor.a);
}
