// timelineSample: one cell's (activity, wellness) at a timeline position, read from the packed
// timeline texture: RGBA8, two samples per texel (r,g = even sample; b,a = odd sample), each cell's
// samples contiguous, cellsPerRow cells per texture row.
// Use: vec2 aw = timelineSample(uTimeline, cell, s, uTimelineSamples, uCellsPerRow);
#ifndef FNC_TIMELINE_SAMPLE
#define FNC_TIMELINE_SAMPLE
vec2 timelineSample(sampler2D tex, int cell, int s, int samples, int cellsPerRow) {
  int texelsPerCell = samples / 2;
  ivec2 at = ivec2((cell % cellsPerRow) * texelsPerCell + s / 2, cell / cellsPerRow);
  vec4 texel = texelFetch(tex, at, 0);
  return (s % 2 == 0) ? texel.rg : texel.ba;
}
#endif
