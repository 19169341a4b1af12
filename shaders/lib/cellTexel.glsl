// cellTexel: where a cell's row sits in the per-cell data textures (site, channel bytes): `wide`
// cells per texture row, one texel each.
// Use: ivec2 at = cellTexel(cell, uCellsWide); vec4 style = texelFetch(uCellStyle, at, 0);
#ifndef FNC_CELL_TEXEL
#define FNC_CELL_TEXEL
ivec2 cellTexel(int cell, int wide) {
  return ivec2(cell % wide, cell / wide);
}
#endif
