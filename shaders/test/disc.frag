// disc: a test scene for the glow, one small HDR disc of light (radius uRadius pixels, value uValue)
// in the middle of a black frame (src/render/debug.ts).
uniform float uRadius;
uniform float uValue;
uniform vec2 uSize;
in vec2 vUv;
layout(location = 0) out highp vec4 fragColor;
void main() {
  float r = length((vUv - 0.5) * uSize);
  fragColor = vec4(vec3(0.3, 0.9, 1.0) * uValue * (1.0 - smoothstep(uRadius - 0.5, uRadius + 0.5, r)), 1.0);
}
