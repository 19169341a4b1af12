// Motion between two camera frames: how much each cell's luminance changed, with a little of its
// neighbours' change so a moving edge reads as one movement. Red 0–1.
uniform sampler2D uNow;
uniform sampler2D uBefore;
uniform vec2 uGrid;

in vec2 vUv;
layout(location = 0) out highp vec4 fragColor;

float change(vec2 uv) {
  return abs(texture(uNow, uv).r - texture(uBefore, uv).r);
}

void main() {
  vec2 t = 1.0 / uGrid;
  float c = change(vUv);
  float n = change(vUv + vec2(t.x, 0.0)) + change(vUv - vec2(t.x, 0.0)) + change(vUv + vec2(0.0, t.y)) + change(vUv - vec2(0.0, t.y));
  fragColor = vec4(0.6 * c + 0.1 * n, 0.0, 0.0, 1.0);
}
