// membraneLight: a cell wall lit from inside: a thin bright line at the wall and a softer halo just
// inside it. `d`: smooth distance inside the wall (softPolygonDistance less the gap), r: the cell's
// inner radius; the line never gets thinner than `pixel` (mosaic units), so it stays smooth.
// Use: float m = membraneLight(d, r, pixel);
#ifndef FNC_MEMBRANE_LIGHT
#define FNC_MEMBRANE_LIGHT
float membraneLight(float d, float r, float pixel) {
  float dm = max(d, 0.0);
  return exp(-dm / max(0.06 * r, pixel)) + 0.35 * exp(-dm / max(0.22 * r, pixel));
}
#endif
