// The cell image (src/render/mosaic.ts): drawn once per layout and view, never per frame. Every cell
// is one instance of a polygon of MAX_CORNERS corners (a fan of triangles from corner 0; a cell with
// fewer corners repeats its last one); each pixel it covers learns which cell it belongs to, how far
// it is inside the cell's region and the cell's inner radius (cellImage.frag). The light itself is
// shaded per pixel from that image in one full-screen pass (cell.frag), so a frame costs pixels, not
// cells. Nothing here depends on time.

#include "lib/cellTexel.glsl"

// Base geometry: position.x = the corner this vertex is (0 … MAX_CORNERS - 1).
in vec4 instanceCorners0;    // int8 normalised corner offsets / uCornerScale: c0.xy c1.xy
in vec4 instanceCorners1;    // c2.xy c3.xy
in vec4 instanceCorners2;    // c4.xy c5.xy
in vec4 instanceCorners3;    // c6.xy c7.xy

uniform vec2 uExtent;
uniform float uCornerScale;
uniform float uOverlap;      // how far a drawn cell reaches past its region (mosaic units)
uniform usampler2D uCellSite; // per cell: its site, uint16 fractions of the extent
uniform sampler2D uCellMeta;  // per cell: the corner count (CORNER_COUNT), then channel bytes
uniform int uCellsWide;

out vec2 vLocal;                          // position relative to the site, mosaic units
flat out vec4 vCorners[MAX_CORNERS / 2];  // the corners relative to the site, two per vec4
flat out vec3 vCell;                      // inner radius (site to the nearest edge line); cell + 1; corner count

vec2 cellCorner(int k) {
  vec4 pair = k < 2 ? instanceCorners0 : k < 4 ? instanceCorners1 : k < 6 ? instanceCorners2 : instanceCorners3;
  return ((k & 1) == 0 ? pair.xy : pair.zw) * uCornerScale;
}

void main() {
  int cell = gl_InstanceID;
  ivec2 at = cellTexel(cell, uCellsWide);
  vec2 site = vec2(texelFetch(uCellSite, at, 0).rg) / 65535.0 * uExtent;
  vec4 instanceMeta = texelFetch(uCellMeta, at, 0);
  int n = CORNER_COUNT;
  int k = min(int(position.x + 0.5), n - 1);
  vec2 corner = cellCorner(k);

  float inner = 1e20;
  for (int i = 0; i < MAX_CORNERS; i++) {
    vec2 a = cellCorner(i);
    vec2 b = cellCorner(i + 1 == n ? 0 : i + 1);
    vec2 e = b - a;
    // A zero-length edge (two corners on one int8 step) bounds nothing.
    if (i < n && dot(e, e) > 0.0) inner = min(inner, abs(e.x * a.y - e.y * a.x) / length(e));
  }
  vCorners[0] = vec4(cellCorner(0), cellCorner(1));
  vCorners[1] = vec4(cellCorner(2), cellCorner(3));
  vCorners[2] = vec4(cellCorner(4), cellCorner(5));
  vCorners[3] = vec4(cellCorner(6), cellCorner(7));
  // Corners are rounded towards the site when quantised (src/encode/cellTable.ts), leaving hairline
  // gaps between neighbours: the drawn polygon reaches a little past its region (uOverlap); where two
  // cells overlap, the pixel goes to the one it is deeper inside (cellImage.frag).
  vec2 grown = corner + normalize(corner) * uOverlap;
  vLocal = grown;
  vCell = vec3(max(inner, 1e-6), float(cell + 1), float(n));
  gl_Position = projectionMatrix * modelViewMatrix * vec4(site + grown, 0.0, 1.0);
}
