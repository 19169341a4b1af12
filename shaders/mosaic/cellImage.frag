// The cell image, per pixel (see cellImage.vert): r = the cell + 1 (0 where no cell is), g = a smooth
// distance to the cell region's outline (softPolygonDistance: positive inside), b = the cell's inner
// radius. Where grown neighbours overlap, the depth test keeps the cell the pixel is deeper inside,
// so every pixel has one owner and no seam shows between cells.

#include "light/softPolygonDistance.glsl"

in vec2 vLocal;
flat in vec4 vCorners[MAX_CORNERS / 2];
flat in vec3 vCell;   // inner radius, cell + 1, corner count

layout(location = 0) out highp vec4 fragColor;

void main() {
  float r = vCell.x;
  float pixel = max(length(vec2(dFdx(vLocal.x), dFdy(vLocal.x))), 1e-9); // mosaic units per pixel
  vec4 corners[MAX_CORNERS / 2] = vCorners;
  float region = softPolygonDistance(vLocal, corners, int(vCell.z + 0.5), 0.15 * r + pixel);
  gl_FragDepth = clamp(0.5 - region / (8.0 * r), 0.0, 1.0);
  fragColor = vec4(vCell.y, region, r, 0.0);
}
