// The ripple's timing and light, shared by the per-cell ripples (ripple.vert/.frag) and the pooled
// ones (ripplePool.frag): one model, drawn two ways.
// rippleSlice: the timeline slice `older` slices back from now's slice `slice` (0: this one, 1: the
// previous). Now's slice and how far into it now is (0..1; a held frame sits at 0.3 of its slice and
// shows no older one) come from the CPU as uSlice and uSliceInto (src/render/sliceWindow.ts).
// rippleAge: shader seconds since a flash at moment `at` (0..1 of its slice) of that slice.
// rippleLifetime: a ripple has faded once its front is three reaches out and its flash is over.
// rippleLight: the light a ripple of `amplitude`, `age` seconds old, brings `d` mosaic units from the
// cell that fired: the flash arriving later and weaker with distance, over before its slice drops out
// (flashEnd), nothing on the cell itself.
// Use: int s = rippleSlice(0, uSlice, uTimelineSamples); float age = rippleAge(0, uSliceInto, at, uLoopSeconds, uTimelineSamples);
#ifndef FNC_RIPPLE_LIGHT
#define FNC_RIPPLE_LIGHT
#include "light/flash.glsl"

int rippleSlice(int older, int slice, int samples) {
  return (slice + samples - older) % samples;
}

float rippleAge(int older, float into, float at, float loopSeconds, int samples) {
  return (into + float(older) - at) * loopSeconds / float(samples);
}

float rippleLifetime(vec3 shape, vec4 flashShape) {
  return 3.0 * shape.y / shape.x + 4.0 * flashShape.y;
}

// shape: speed (mosaic units per shader second), reach (mosaic units), the cell radius.
float rippleLight(float amplitude, float age, float d, vec3 shape, vec4 flashShape) {
  float tau = age - d / shape.x;
  if (tau <= 0.0) return 0.0;
  // flash(tau) times the fall-off with distance, exp(-d / reach), as one exp: at city scale this
  // runs some 70 times a field texel (ripplePool.frag).
  float fall = flashShape.z * (1.0 - exp(-tau / flashShape.x)) * exp(-tau / flashShape.y - d / shape.y);
  return amplitude * fall * flashEnd(age, flashShape.w) * smoothstep(0.5 * shape.z, 1.2 * shape.z, d);
}
#endif
