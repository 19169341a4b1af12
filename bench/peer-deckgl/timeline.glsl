// BASELINE FOR THE BENCHMARK, NOT PRODUCT CODE: the deck.gl peer's timeline shader module
// (bench/peer-deckgl/timelineLayer.ts). Each cell's 64-sample timeline is read on the GPU, per
// vertex, from a packed RGBA8 texture (two samples per texel: r,g = even sample, b,a = odd; each
// cell's samples contiguous, cellsPerRow cells per row), with time as a uniform: the same data and
// the same two fetches per vertex as Noctiluca's mosaic (shaders/lib/timeline.glsl), no glow.
layout(std140) uniform timelineUniforms {
  float time;
  float loopSeconds;
  float samples;
  float cellsPerRow;
} timeline;

uniform sampler2D timelineTexture;

vec2 timeline_sample(int cell, int s) {
  int samples = int(timeline.samples);
  int cellsPerRow = int(timeline.cellsPerRow);
  int texelsPerCell = samples / 2;
  ivec2 at = ivec2((cell % cellsPerRow) * texelsPerCell + s / 2, cell / cellsPerRow);
  vec4 texel = texelFetch(timelineTexture, at, 0);
  return (s % 2 == 0) ? texel.rg : texel.ba;
}

// The cell's colour at the current time: wellness picks the hue (deep blue to sea green), a care
// event (activity) flashes it brighter as its slice begins.
vec4 timeline_color(float row, float alpha) {
  int samples = int(timeline.samples);
  float moment = fract(timeline.time / timeline.loopSeconds);
  float pos = moment * float(samples);
  int s0 = min(int(floor(pos)), samples - 1);
  int s1 = (s0 + 1) % samples;
  float f = fract(pos);
  int cell = int(row + 0.5);
  vec2 aw0 = timeline_sample(cell, s0);
  vec2 aw1 = timeline_sample(cell, s1);
  float wellness = mix(aw0.y, aw1.y, smoothstep(0.0, 1.0, f));
  float flash = aw0.x * exp(-2.5 * f);
  vec3 base = mix(vec3(0.05, 0.10, 0.35), vec3(0.10, 0.85, 0.70), wellness);
  return vec4(base * (0.45 + 0.55 * wellness) + flash * vec3(0.35, 0.55, 0.5), alpha);
}
