// sliceLayer: the layer of a slice window (src/render/sliceWindow.ts) that holds timeline slice s:
// the window keeps the slices around now in the layers of an array texture as a ring, and ring =
// (the slice in the ring's first place, the layer that place is in, the number of layers).
// Use: vec4 v = texelFetch(uPool, ivec3(at, sliceLayer(s, uTimelineSamples, uPoolRing)), 0);
#ifndef FNC_SLICE_LAYER
#define FNC_SLICE_LAYER
int sliceLayer(int s, int samples, ivec3 ring) {
  return (ring.y + (s - ring.x + samples) % samples) % ring.z;
}
#endif
