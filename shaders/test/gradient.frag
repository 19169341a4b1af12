// gradient: a test scene for banding, a dark linear-light ramp from black to uTop across the width,
// drawn through the real tone-mapping and dithering pass (src/render/debug.ts).
uniform float uTop;
in vec2 vUv;
layout(location = 0) out highp vec4 fragColor;
void main() {
  fragColor = vec4(vec3(0.35, 0.8, 1.0) * uTop * vUv.x, 1.0);
}
