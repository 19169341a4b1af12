// flash: a dinoflagellate's light `tau` seconds after it was stimulated: a fast rise (time constant
// `rise`) and a slower fade (time constant `decay`), scaled by `norm` so the peak is 1 (flashNorm in
// src/render/mosaic.ts computes it). Zero before the stimulus.
// Use: float l = flash(t - tEvent, 0.02, 0.2, uFlashNorm);
#ifndef FNC_FLASH
#define FNC_FLASH
float flash(float tau, float rise, float decay, float norm) {
  if (tau <= 0.0) return 0.0;
  return norm * (1.0 - exp(-tau / rise)) * exp(-tau / decay);
}
#endif
