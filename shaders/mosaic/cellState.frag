// The per-cell state pass: one texel a cell (uCellsWide to a row, as the per-cell textures), each
// frame, when the frame has more pixels than there are cells. The light pass then reads a cell's
// light at this moment (cellState.glsl) instead of working it out again at every one of its pixels.
#include "lib/cellTexel.glsl"
#include "mosaic/cellState.glsl"

uniform usampler2D uCellSite;  // per cell: its site, uint16 fractions of the extent

layout(location = 0) out highp vec4 fragColor;

void main() {
  ivec2 row = ivec2(gl_FragCoord.xy);
  int cell = row.y * uCellsWide + row.x;
  vec2 site01 = vec2(texelFetch(uCellSite, row, 0).rg) / 65535.0;
  fragColor = cellState(cell, cellChannels(row), site01);
}
