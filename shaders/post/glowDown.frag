// glowDown: dual-filter downsample (after Bjørge, "Bandwidth-efficient rendering", SIGGRAPH 2015):
// the centre and four diagonal bilinear taps at half a source texel, a 5-tap, 16-texel tent.
uniform sampler2D inputBuffer;
uniform vec2 uTexel; // one texel of the input

in vec2 vUv;
layout(location = 0) out highp vec4 fragColor;

void main() {
  vec2 h = uTexel * 0.5;
  vec3 sum = 4.0 * texture(inputBuffer, vUv).rgb;
  sum += texture(inputBuffer, vUv + vec2(-h.x, -h.y)).rgb;
  sum += texture(inputBuffer, vUv + vec2(h.x, -h.y)).rgb;
  sum += texture(inputBuffer, vUv + vec2(-h.x, h.y)).rgb;
  sum += texture(inputBuffer, vUv + vec2(h.x, h.y)).rgb;
  fragColor = vec4(sum * 0.125, 1.0);
}
