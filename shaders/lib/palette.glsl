// palette: a piecewise-linear gradient through PALETTE_SIZE linear-RGB stops.
// Use: vec3 c = palette(uPalette, 0.3);  (0 = first stop, 1 = last)
#ifndef FNC_PALETTE
#define FNC_PALETTE
#ifndef PALETTE_SIZE
#define PALETTE_SIZE 5
#endif
vec3 palette(vec3 stops[PALETTE_SIZE], float t) {
  float x = clamp(t, 0.0, 1.0) * float(PALETTE_SIZE - 1);
  int i = int(min(floor(x), float(PALETTE_SIZE - 2)));
  return mix(stops[i], stops[i + 1], x - float(i));
}
#endif
