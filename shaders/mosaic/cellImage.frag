// The cell image, per pixel (see cellImage.vert): r = the cell + 1 (0 where no cell is), g = a smooth
// distance to the cell region's outline (softPolygonDistance: positive inside), b = the cell's inner
// radius. Where grown neighbours overlap, the depth test keeps the cell the pixel is deeper inside,
// so every pixel has one owner and no seam shows between cells.

#include "light/softPolygonDistance.glsl"

uniform float uOverlap;

in vec2 vLocal;
flat in vec4 vCorners[MAX_CORNERS / 2];
flat in vec4 vCell;   // inner radius, cell + 1, corner count, the reach of a tiny cell's triangle (0: a polygon)

layout(location = 0) out highp vec4 fragColor;

// Whether p is inside the convex polygon of these corners, each pushed uOverlap away from the site.
bool insideGrown(vec2 p, vec4 corners[MAX_CORNERS / 2], int n) {
  for (int i = 0; i < MAX_CORNERS; i++) {
    if (i >= n) break;
    vec2 a = polygonCorner(corners, i);
    vec2 b = polygonCorner(corners, i + 1 == n ? 0 : i + 1);
    a += normalize(a) * uOverlap;
    b += normalize(b) * uOverlap;
    // The site is inside: p must be on the site's side of every edge (either winding).
    float side = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
    float site = (b.x - a.x) * (-a.y) - (b.y - a.y) * (-a.x);
    if (side * site < 0.0) return false;
  }
  return true;
}

void main() {
  float r = vCell.x;
  float pixel = max(length(vec2(dFdx(vLocal.x), dFdy(vLocal.x))), 1e-9); // mosaic units per pixel
  vec4 corners[MAX_CORNERS / 2] = vCorners;
  float region = softPolygonDistance(vLocal, corners, int(vCell.z + 0.5), 0.15 * r + pixel);
  // A triangle around a tiny cell covers more than the cell: it keeps only what the cell's polygon,
  // grown as the fan's is (cellImage.vert), would have covered, so the same cells compete for a pixel.
  if (vCell.w > 0.0 && !insideGrown(vLocal, corners, int(vCell.z + 0.5))) discard;
  gl_FragDepth = clamp(0.5 - region / (8.0 * r), 0.0, 1.0);
  fragColor = vec4(vCell.y, region, r, 0.0);
}
