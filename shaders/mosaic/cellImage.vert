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
#include "light/softPolygonDistance.glsl"

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
flat out vec4 vNormals[MAX_CORNERS / 2];  // each edge's inward unit normal (polygonEdgeNormal), two per vec4: the same for all the cell's pixels
flat out vec4 vCell;                      // inner radius (site to the nearest edge line); cell + 1; corner count; past this from the site a tiny cell's triangle is nobody's (0: drawn as its polygon)

// A corner from its two bytes (little-endian, bits `shift` up of its word), int8 steps of uCornerScale / 127.
vec2 decodeCorner(uint word, int shift) {
  ivec2 b = ivec2(int((word >> uint(shift)) & 255u), int((word >> uint(shift + 8)) & 255u));
  b -= 256 * ivec2(greaterThan(b, ivec2(127)));
  return max(vec2(b) / 127.0, -1.0) * uCornerScale;
}

// Edge a → b of a cell of n corners, the edge's index i: the inner radius so far (the site's distance
// to the nearest edge line) and the farthest corner.
void boundEdge(int i, int n, vec2 a, vec2 b, inout float inner, inout float outer) {
  if (i < n) outer = max(outer, length(a));
  vec2 e = b - a;
  // A zero-length edge (two corners on one int8 step) bounds nothing.
  if (i < n && dot(e, e) > 0.0) inner = min(inner, abs(e.x * a.y - e.y * a.x) / length(e));
}

void main() {
  int cell = gl_VertexID / uVerticesPerCell;
  int v = gl_VertexID - cell * uVerticesPerCell;
  ivec2 at = cellTexel(cell, uCellsWide);
  uvec4 bytes = texelFetch(uCellCorners, at, 0);
  vec2 site = vec2(texelFetch(uCellSite, at, 0).rg) / 65535.0 * uExtent;
  int n = int(texelFetch(uCellCornerCount, at, 0).r);
  // Every corner decoded once, by a constant index, and every loop over them written out:
  // SwiftShader runs an array or vector read at a varying index as a memory gather per vertex.
  vec2 c0 = decodeCorner(bytes.x, 0), c1 = decodeCorner(bytes.x, 16), c2 = decodeCorner(bytes.y, 0), c3 = decodeCorner(bytes.y, 16);
  vec2 c4 = decodeCorner(bytes.z, 0), c5 = decodeCorner(bytes.z, 16), c6 = decodeCorner(bytes.w, 0), c7 = decodeCorner(bytes.w, 16);
  // The fan's triangle v / 3 is corners (0, t + 1, t + 2); a cell with fewer corners repeats its last.
  int j = v % 3;
  int k = min(j == 0 ? 0 : v / 3 + j, n - 1);
  vec2 corner = k == 0 ? c0 : k == 1 ? c1 : k == 2 ? c2 : k == 3 ? c3 : k == 4 ? c4 : k == 5 ? c5 : k == 6 ? c6 : c7;

  float inner = 1e20;
  float outer = 0.0;
  // Edge i runs from corner i to corner i + 1, the last back to corner 0.
  vec2 e1 = 1 == n ? c0 : c1, e2 = 2 == n ? c0 : c2, e3 = 3 == n ? c0 : c3, e4 = 4 == n ? c0 : c4;
  vec2 e5 = 5 == n ? c0 : c5, e6 = 6 == n ? c0 : c6, e7 = 7 == n ? c0 : c7;
  boundEdge(0, n, c0, e1, inner, outer);
  boundEdge(1, n, c1, e2, inner, outer);
  boundEdge(2, n, c2, e3, inner, outer);
  boundEdge(3, n, c3, e4, inner, outer);
  boundEdge(4, n, c4, e5, inner, outer);
  boundEdge(5, n, c5, e6, inner, outer);
  boundEdge(6, n, c6, e7, inner, outer);
  boundEdge(7, n, c7, c0, inner, outer);
  vCorners[0] = vec4(c0, c1);
  vCorners[1] = vec4(c2, c3);
  vCorners[2] = vec4(c4, c5);
  vCorners[3] = vec4(c6, c7);
  vNormals[0] = vec4(0 < n ? polygonEdgeNormal(c0, e1) : vec2(0.0), 1 < n ? polygonEdgeNormal(c1, e2) : vec2(0.0));
  vNormals[1] = vec4(2 < n ? polygonEdgeNormal(c2, e3) : vec2(0.0), 3 < n ? polygonEdgeNormal(c3, e4) : vec2(0.0));
  vNormals[2] = vec4(4 < n ? polygonEdgeNormal(c4, e5) : vec2(0.0), 5 < n ? polygonEdgeNormal(c5, e6) : vec2(0.0));
  vNormals[3] = vec4(6 < n ? polygonEdgeNormal(c6, e7) : vec2(0.0), 7 < n ? polygonEdgeNormal(c7, c0) : vec2(0.0));
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
