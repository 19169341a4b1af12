// flash: a dinoflagellate's light `tau` seconds after it was stimulated: a fast rise (time constant
// `rise`) and a slower fade (time constant `decay`), scaled by `norm` so the peak is 1 (flashPeak in
// src/render/mosaic.ts computes it). Zero before the stimulus.
// flashEnd: 1 until `age` nears `end`, then smoothly down to 0 at `end`. A cell shows the flashes of
// two timeline slices only, so a flash (and its ripple) must be over before its slice drops out:
// a slow flash's tail fades there instead of vanishing from one frame to the next.
// Use: float l = flash(t - tEvent, 0.02, 0.2, uFlashNorm) * flashEnd(t - tEvent, uFlashEnd);
#ifndef FNC_FLASH
#define FNC_FLASH
float flash(float tau, float rise, float decay, float norm) {
  if (tau <= 0.0) return 0.0;
  return norm * (1.0 - exp(-tau / rise)) * exp(-tau / decay);
}

float flashEnd(float age, float end) {
  return 1.0 - smoothstep(0.6 * end, end, age);
}
#endif
