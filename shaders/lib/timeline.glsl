// timelineSample: one tile's (activity, wellness) at a timeline position, read from the packed
// timeline texture: RGBA8, two samples per texel (r,g = even sample; b,a = odd sample), each tile's
// samples contiguous, tilesPerRow tiles per texture row.
// Use: vec2 aw = timelineSample(uTimeline, tile, s, uTimelineSamples, uTilesPerRow);
#ifndef FNC_TIMELINE_SAMPLE
#define FNC_TIMELINE_SAMPLE
vec2 timelineSample(sampler2D tex, int tile, int s, int samples, int tilesPerRow) {
  int texelsPerTile = samples / 2;
  ivec2 at = ivec2((tile % tilesPerRow) * texelsPerTile + s / 2, tile / tilesPerRow);
  vec4 texel = texelFetch(tex, at, 0);
  return (s % 2 == 0) ? texel.rg : texel.ba;
}
#endif
