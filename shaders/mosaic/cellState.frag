// The per-cell state pass: three texels a cell (uCellsWide to a row, as the per-cell textures, one
// in each of three targets), each frame, when the frame has more pixels than there are cells. The
// light pass then reads what it needs of a cell (cellLight in cellState.glsl: its light at this
// moment, site, seed, inset, hue, flash colour) instead of working it out again at every pixel.
#include "lib/cellTexel.glsl"
#include "mosaic/cellState.glsl"

layout(location = 0) out highp vec4 cellStateOut;  // uCellState
layout(location = 1) out highp vec4 cellPlaceOut;  // uCellPlace
layout(location = 2) out highp vec4 cellSparkOut;  // uCellSpark

void main() {
  ivec2 row = ivec2(gl_FragCoord.xy);
  CellLight c = cellLight(row.y * uCellsWide + row.x, row);
  cellStateOut = c.state;
  cellPlaceOut = vec4(c.site, c.seed, c.shrink);
  cellSparkOut = vec4(c.spark, c.hue);
}
