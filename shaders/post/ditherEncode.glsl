// ditherEncode: linear colour (0..1) to the display's sRGB with triangular-PDF noise of one 8-bit
// step added after the encoding, where it is one step, so dark gradients on projectors dissolve into
// fine grain instead of bands. Shared by the post chain's last pass (dither.frag) and the mosaic drawn
// straight to the canvas (mosaic/cell.frag, DISPLAY_OUTPUT): the same grain on the same pixel either
// way. The encoding is three's sRGBTransferOETF, as written there (one pow a pixel). Hash after Dave
// Hoskins, "Hash without Sine" (MIT License), rewritten here.

float ditherHash(vec2 p) {
  vec3 p3 = fract(vec3(p.xyx) * 0.1031);
  p3 += dot(p3, p3.yzx + 33.33);
  return fract((p3.x + p3.y) * p3.z);
}

// `px`: the pixel on the whole picture (integer coordinates); `amount`: 1 dithers, 0 does not.
vec3 ditherEncode(vec3 linear, vec2 px, float amount) {
  float n = ditherHash(px) + ditherHash(px + vec2(17.13, 41.7)) - 1.0; // triangular, -1..1
  vec3 c = clamp(linear, 0.0, 1.0);
  vec3 s = mix(pow(c, vec3(0.41666)) * 1.055 - vec3(0.055), c * 12.92, vec3(lessThanEqual(c, vec3(0.0031308))));
  return clamp(s + amount * n / 255.0, 0.0, 1.0);
}
