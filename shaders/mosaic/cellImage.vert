// The cell image (src/render/mosaic.ts): drawn once per layout and view, never per frame. Every cell
// is one instance of a polygon of MAX_CORNERS corners (a fan of triangles from corner 0; a cell with
// fewer corners repeats its last one); each pixel it covers learns which cell it belongs to, how far
// it is inside the cell's region and the cell's inner radius (cellImage.frag). The light itself is
// shaded per pixel from that image in one full-screen pass (cell.frag), so a frame costs pixels, not
// cells. Nothing here depends on time.
// One draw, not instanced (SwiftShader runs instances one by one): vertex gl_VertexID is vertex
// gl_VertexID % uVerticesPerCell of cell gl_VertexID / uVerticesPerCell. A cell is a fan of triangles
// (0, k, k + 1) over its corners, or, under TINY_CELL_PX pixels across (src/render/mosaic.ts), one
// triangle around it (uVerticesPerCell 3): a million tiny cells are three million vertices, not eighteen;
// the depth test still gives each pixel the cell it is deepest inside, and cellImage.frag drops what
// lies outside every cell.

#include "lib/cellTexel.glsl"

uniform usampler2D uCellCorners; // per cell: sixteen int8 corner offsets / uCornerScale (c0.xy … c7.xy), four to a uint
uniform usampler2D uCellCornerCount; // per cell: how many of them are its corners
uniform int uVerticesPerCell; // a fan of triangles (MAX_CORNERS - 2 of them), or 3: one triangle around a tiny cell

uniform vec2 uExtent;
uniform float uCornerScale;
uniform float uOverlap;      // how far a drawn cell reaches past its region (mosaic units)
uniform usampler2D uCellSite; // per cell: its site, uint16 fractions of the extent
uniform int uCellsWide;

out vec2 vLocal;                          // position relative to the site, mosaic units
flat out vec4 vCorners[MAX_CORNERS / 2];  // the corners relative to the site, two per vec4
flat out vec4 vCell;                      // inner radius (site to the nearest edge line); cell + 1; corner count; past this from the site a tiny cell's triangle is nobody's (0: drawn as its polygon)

uvec4 cornerBytes;

// Corner k: bytes 2k and 2k + 1 of the texel (little-endian), int8 steps of uCornerScale / 127.
vec2 cellCorner(int k) {
  uint word = cornerBytes[k >> 1];
  int shift = (k & 1) * 16;
  ivec2 b = ivec2(int((word >> uint(shift)) & 255u), int((word >> uint(shift + 8)) & 255u));
  b -= 256 * ivec2(greaterThan(b, ivec2(127)));
  return max(vec2(b) / 127.0, -1.0) * uCornerScale;
}

void main() {
  int cell = gl_VertexID / uVerticesPerCell;
  int v = gl_VertexID - cell * uVerticesPerCell;
  ivec2 at = cellTexel(cell, uCellsWide);
  cornerBytes = texelFetch(uCellCorners, at, 0);
  vec2 site = vec2(texelFetch(uCellSite, at, 0).rg) / 65535.0 * uExtent;
  int n = int(texelFetch(uCellCornerCount, at, 0).r);
  // The fan's triangle v / 3 is corners (0, t + 1, t + 2); a cell with fewer corners repeats its last.
  int j = v % 3;
  int k = min(j == 0 ? 0 : v / 3 + j, n - 1);
  vec2 corner = cellCorner(k);

  float inner = 1e20;
  float outer = 0.0;
  for (int i = 0; i < MAX_CORNERS; i++) {
    if (i < n) outer = max(outer, length(cellCorner(i)));
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
  bool oneTriangle = uVerticesPerCell == 3;
  if (oneTriangle) {
    // An equilateral triangle around the circle through the farthest corner.
    float a = radians(90.0 + 120.0 * float(v));
    grown = 2.0 * (outer + uOverlap) * vec2(cos(a), sin(a));
  }
  vLocal = grown;
  vCell = vec4(max(inner, 1e-6), float(cell + 1), float(n), oneTriangle ? outer + uOverlap : 0.0);
  gl_Position = projectionMatrix * modelViewMatrix * vec4(site + grown, 0.0, 1.0);
}
