// softPolygonDistance: a smooth distance from p to the boundary of a convex polygon around the
// origin (positive inside, negative outside): a soft minimum of the distances to its edge lines. It
// equals the true distance near an edge and rounds the corners; unlike the true minimum it has no
// ridge along the lines from the corners to the centre (the creases of a fan of triangles), so light
// shaped by it shows no bevel at any size. `corners` holds two corners per vec4 (xy, zw), `n` of
// them, either winding; `normals`, laid out alike, each edge's (corner i to i + 1) unit normal
// pointing inwards, or zero for an edge too short to bound anything (polygonEdgeNormal: the same
// for every pixel of a polygon, so worked out once, per vertex); k is the softness in the
// polygon's units.
// Use: float d = softPolygonDistance(p, corners, normals, n, 0.15 * r);
#ifndef FNC_SOFT_POLYGON_DISTANCE
#define FNC_SOFT_POLYGON_DISTANCE
#ifndef MAX_CORNERS
#define MAX_CORNERS 8
#endif
vec2 polygonCorner(vec4 corners[MAX_CORNERS / 2], int i) {
  vec4 pair = corners[i >> 1];
  return (i & 1) == 0 ? pair.xy : pair.zw;
}
// Edge a → b's unit normal towards the origin (the polygon's site, inside it); zero if the edge has no length.
vec2 polygonEdgeNormal(vec2 a, vec2 b) {
  vec2 e = b - a;
  float len = length(e);
  if (len < 1e-12) return vec2(0.0);
  vec2 nrm = vec2(-e.y, e.x) / len;
  return dot(-a, nrm) >= 0.0 ? nrm : -nrm;
}
// One edge line's distance from p, positive on the inside; 1e20 where there is no edge.
float polygonEdgeDistance(vec2 p, vec2 a, vec2 nrm, bool edge) {
  return edge && nrm != vec2(0.0) ? dot(p - a, nrm) : 1e20;
}
// Written out edge by edge, every index a constant: SwiftShader runs a loop over an array as memory
// reads and writes at every pixel (the loop cost the cell image 2-3 times its other work).
#if MAX_CORNERS != 8
#error softPolygonDistance is written out for MAX_CORNERS 8
#endif
float softPolygonDistance(vec2 p, vec4 corners[MAX_CORNERS / 2], vec4 normals[MAX_CORNERS / 2], int n, float k) {
  float d0 = polygonEdgeDistance(p, corners[0].xy, normals[0].xy, 0 < n);
  float d1 = polygonEdgeDistance(p, corners[0].zw, normals[0].zw, 1 < n);
  float d2 = polygonEdgeDistance(p, corners[1].xy, normals[1].xy, 2 < n);
  float d3 = polygonEdgeDistance(p, corners[1].zw, normals[1].zw, 3 < n);
  float d4 = polygonEdgeDistance(p, corners[2].xy, normals[2].xy, 4 < n);
  float d5 = polygonEdgeDistance(p, corners[2].zw, normals[2].zw, 5 < n);
  float d6 = polygonEdgeDistance(p, corners[3].xy, normals[3].xy, 6 < n);
  float d7 = polygonEdgeDistance(p, corners[3].zw, normals[3].zw, 7 < n);
  float dmin = min(min(min(d0, d1), min(d2, d3)), min(min(d4, d5), min(d6, d7)));
  // The soft minimum, summed in edge order (an absent edge adds exactly nothing).
  float sum = 0.0;
  sum += d0 < 1e19 ? exp(-(d0 - dmin) / k) : 0.0;
  sum += d1 < 1e19 ? exp(-(d1 - dmin) / k) : 0.0;
  sum += d2 < 1e19 ? exp(-(d2 - dmin) / k) : 0.0;
  sum += d3 < 1e19 ? exp(-(d3 - dmin) / k) : 0.0;
  sum += d4 < 1e19 ? exp(-(d4 - dmin) / k) : 0.0;
  sum += d5 < 1e19 ? exp(-(d5 - dmin) / k) : 0.0;
  sum += d6 < 1e19 ? exp(-(d6 - dmin) / k) : 0.0;
  sum += d7 < 1e19 ? exp(-(d7 - dmin) / k) : 0.0;
  return dmin - k * log(max(sum, 1.0));
}
#endif
