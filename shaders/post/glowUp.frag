// glowUp: dual-filter upsample of the next-smaller level (8 bilinear taps, a smooth tent), blended
// with this level's own downsampled image: uRadius 0 keeps only the tight glow, 1 only the wide one.
uniform sampler2D inputBuffer; // the smaller level, already upsampled below it
uniform sampler2D uSame;       // this level's downsampled image
uniform vec2 uTexel;           // one texel of the smaller level
uniform float uRadius;

in vec2 vUv;
layout(location = 0) out highp vec4 fragColor;

void main() {
  vec2 h = uTexel * 0.5;
  vec3 sum = texture(inputBuffer, vUv + vec2(-2.0 * h.x, 0.0)).rgb;
  sum += texture(inputBuffer, vUv + vec2(2.0 * h.x, 0.0)).rgb;
  sum += texture(inputBuffer, vUv + vec2(0.0, -2.0 * h.y)).rgb;
  sum += texture(inputBuffer, vUv + vec2(0.0, 2.0 * h.y)).rgb;
  sum += 2.0 * texture(inputBuffer, vUv + vec2(-h.x, -h.y)).rgb;
  sum += 2.0 * texture(inputBuffer, vUv + vec2(h.x, -h.y)).rgb;
  sum += 2.0 * texture(inputBuffer, vUv + vec2(-h.x, h.y)).rgb;
  sum += 2.0 * texture(inputBuffer, vUv + vec2(h.x, h.y)).rgb;
  vec3 wide = sum / 12.0;
  fragColor = vec4(mix(texture(uSame, vUv).rgb, wide, uRadius), 1.0);
}
