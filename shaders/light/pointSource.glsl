// pointSource: a soft, radially symmetric source of light, exp(-q²/size²) with q the distance from
// its centre in units of the cell's radius. A source narrower than a pixel widens to the pixel and
// dims by as much, so its total light stays the same: tiny cells stay distinct, steady points of light
// instead of flickering or smearing into mush. `pixel`: one pixel in cell radii.
// Use: float core = pointSource(dot(q, q), 0.2, pixel);
#ifndef FNC_POINT_SOURCE
#define FNC_POINT_SOURCE
float pointSource(float q2, float size, float pixel) {
  float s2 = size * size;
  float w2 = s2 + 0.3 * pixel * pixel;
  return (s2 / w2) * exp(-q2 / w2);
}
#endif
