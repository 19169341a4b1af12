// timelineSample: one cell's (flash after fatigue, wellness) in timeline slice s, read from the
// timeline's slice window (src/render/sliceWindow.ts): an RG8 array texture whose layers hold the
// slices around now, one texel a cell in each (at cellTexel's place).
// Use: vec2 aw = timelineSample(uTimeline, cell, s, uTimelineSamples, uCellsWide, uTimelineRing);
#ifndef FNC_TIMELINE_SAMPLE
#define FNC_TIMELINE_SAMPLE
#include "lib/cellTexel.glsl"
#include "lib/sliceWindow.glsl"
vec2 timelineSample(sampler2DArray tex, int cell, int s, int samples, int wide, ivec3 ring) {
  return texelFetch(tex, ivec3(cellTexel(cell, wide), sliceLayer(s, samples, ring)), 0).rg;
}
#endif
