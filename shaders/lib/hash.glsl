// hash: cheap, well-spread pseudo-random numbers from an integer (after the "lowbias32" integer hash
// by Chris Wellons, public domain), without sin() so results match across GPUs.
// Use: float r = hash11(uint(gl_VertexID)); vec2 r2 = hash21(uint(i));
#ifndef FNC_HASH
#define FNC_HASH
uint hashU(uint x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}
float hash11(uint x) { return float(hashU(x) >> 8) / 16777216.0; }
vec2 hash21(uint x) { return vec2(hash11(x), hash11(x ^ 0x9e3779b9u)); }
#endif
