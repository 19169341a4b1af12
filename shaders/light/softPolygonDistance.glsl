// softPolygonDistance: a smooth distance from p to the boundary of a convex polygon around the
// origin (positive inside, negative outside): a soft minimum of the distances to its edge lines. It
// equals the true distance near an edge and rounds the corners; unlike the true minimum it has no
// ridge along the lines from the corners to the centre (the creases of a fan of triangles), so light
// shaped by it shows no bevel at any size. `corners` holds two corners per vec4 (xy, zw), `n` of
// them, either winding; k is the softness in the polygon's units.
// Use: float d = softPolygonDistance(p, corners, n, 0.15 * r);
#ifndef FNC_SOFT_POLYGON_DISTANCE
#define FNC_SOFT_POLYGON_DISTANCE
#ifndef MAX_CORNERS
#define MAX_CORNERS 8
#endif
vec2 polygonCorner(vec4 corners[MAX_CORNERS / 2], int i) {
  vec4 pair = corners[i >> 1];
  return (i & 1) == 0 ? pair.xy : pair.zw;
}
float softPolygonDistance(vec2 p, vec4 corners[MAX_CORNERS / 2], int n, float k) {
  float d[MAX_CORNERS];
  float dmin = 1e20;
  for (int i = 0; i < MAX_CORNERS; i++) {
    d[i] = 1e20;
    if (i >= n) continue;
    vec2 a = polygonCorner(corners, i);
    vec2 b = polygonCorner(corners, i + 1 == n ? 0 : i + 1);
    vec2 e = b - a;
    float len = length(e);
    if (len < 1e-12) continue;
    vec2 nrm = vec2(-e.y, e.x) / len;
    // Orient the normal inwards: the origin (the cell's site) is inside.
    float s = dot(-a, nrm) >= 0.0 ? 1.0 : -1.0;
    d[i] = s * dot(p - a, nrm);
    dmin = min(dmin, d[i]);
  }
  float sum = 0.0;
  for (int i = 0; i < MAX_CORNERS; i++) if (d[i] < 1e19) sum += exp(-(d[i] - dmin) / k);
  return dmin - k * log(max(sum, 1.0));
}
#endif
