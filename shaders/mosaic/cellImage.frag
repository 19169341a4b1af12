// The cell image, per pixel (see cellImage.vert): r = the cell + 1 (0 where no cell is), g = a smooth
// distance to the cell region's outline (softPolygonDistance: positive inside), b = the cell's inner
// radius. Where grown neighbours overlap, the depth test keeps the cell the pixel is deeper inside,
// so every pixel has one owner and no seam shows between cells.

#include "light/softPolygonDistance.glsl"

uniform float uOverlap;

in vec2 vLocal;
flat in vec4 vCorners[MAX_CORNERS / 2];
flat in vec4 vNormals[MAX_CORNERS / 2]; // each edge's inward unit normal (polygonEdgeNormal), laid out as the corners
flat in vec4 vCell;   // inner radius, cell + 1, corner count, the reach of a tiny cell's triangle (0: a polygon)

layout(location = 0) out highp vec4 fragColor;

#ifdef TINY_CELLS
// Whether p is outside edge a → b of a convex polygon around the site, its corners pushed uOverlap
// away from the site (either winding: the site is on the inside).
bool outsideGrownEdge(vec2 p, vec2 a, vec2 b) {
  a += normalize(a) * uOverlap;
  b += normalize(b) * uOverlap;
  float side = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
  float site = (b.x - a.x) * (-a.y) - (b.y - a.y) * (-a.x);
  return side * site < 0.0;
}
// Whether p is inside the convex polygon of these n corners, each pushed uOverlap away from the
// site. Written out edge by edge (constant indices, as softPolygonDistance).
bool insideGrown(vec2 p, vec4 corners[MAX_CORNERS / 2], int n) {
  vec2 c0 = corners[0].xy, c1 = corners[0].zw, c2 = corners[1].xy, c3 = corners[1].zw;
  vec2 c4 = corners[2].xy, c5 = corners[2].zw, c6 = corners[3].xy, c7 = corners[3].zw;
  return !((0 < n && outsideGrownEdge(p, c0, 1 == n ? c0 : c1)) || (1 < n && outsideGrownEdge(p, c1, 2 == n ? c0 : c2)) ||
           (2 < n && outsideGrownEdge(p, c2, 3 == n ? c0 : c3)) || (3 < n && outsideGrownEdge(p, c3, 4 == n ? c0 : c4)) ||
           (4 < n && outsideGrownEdge(p, c4, 5 == n ? c0 : c5)) || (5 < n && outsideGrownEdge(p, c5, 6 == n ? c0 : c6)) ||
           (6 < n && outsideGrownEdge(p, c6, 7 == n ? c0 : c7)) || (7 < n && outsideGrownEdge(p, c7, c0)));
}
#endif

void main() {
  float r = vCell.x;
  float pixel = max(length(vec2(dFdx(vLocal.x), dFdy(vLocal.x))), 1e-9); // mosaic units per pixel
  vec4 corners[MAX_CORNERS / 2] = vCorners;
  vec4 normals[MAX_CORNERS / 2] = vNormals;
  float region = softPolygonDistance(vLocal, corners, normals, int(vCell.z + 0.5), 0.15 * r + pixel);
#ifdef TINY_CELLS
  // A triangle around a tiny cell covers more than the cell: it keeps only what the cell's polygon,
  // grown as the fan's is (cellImage.vert), would have covered, so the same cells compete for a pixel.
  // Compiled in for tiny cells alone (TINY_CELLS): SwiftShader would test every pixel of a fan too.
  if (!insideGrown(vLocal, corners, int(vCell.z + 0.5))) discard;
#endif
  gl_FragDepth = clamp(0.5 - region / (8.0 * r), 0.0, 1.0);
  fragColor = vec4(vCell.y, region, r, 0.0);
}
