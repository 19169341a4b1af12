// Ripples, drawn into the light field (src/render/field.ts): each cell is two points, one for the
// flash of its current timeline slice and one for the previous slice's, at the same moment of the
// slice as the cell's own flash (cell.vert). A point covers the ring its ripple has reached so far and
// is empty (size 0) for a cell with no flash or a ripple that has faded. The field covers the whole
// mosaic at a resolution of its own, so every output of a wall and every piece of a still computes
// the same field.

#include "lib/timeline.glsl"
#include "field/rippleLight.glsl"
#include "lib/hash.glsl"
#include "lib/cellTexel.glsl"

uniform int uSlice;         // now's timeline slice and how far into it (the CPU's: src/render/sliceWindow.ts)
uniform float uSliceInto;
uniform float uLoopSeconds;
uniform float uHold;
uniform sampler2DArray uTimeline; // the timeline window (lib/timeline.glsl)
uniform int uTimelineSamples;
uniform ivec3 uTimelineRing;
uniform float uFlashJitter;
uniform vec4 uFlashShape;
uniform vec3 uRippleShape;  // speed (mosaic units per shader second), reach (mosaic units), the cell radius
uniform vec2 uFieldSize;    // texels
uniform vec2 uExtent;
uniform usampler2D uCellSite; // the mosaic's per-cell sites, uint16 fractions of the extent
uniform int uCellsWide;

flat out float vAmplitude;
flat out float vAge;        // shader seconds since the flash
flat out float vTexel;      // mosaic units per texel
flat out float vPointSize;

void main() {
  int older = gl_VertexID % 2;
  int cell = gl_VertexID / 2;
  int s = rippleSlice(older, uSlice, uTimelineSamples);
  float at = uHold >= 0.0 ? 0.0 : uFlashJitter * hash11(uint(cell) * 4099u + uint(s));
  float age = rippleAge(older, uSliceInto, at, uLoopSeconds, uTimelineSamples);
  float amplitude = timelineSample(uTimeline, cell, s, uTimelineSamples, uCellsWide, uTimelineRing).x;
  float speed = uRippleShape.x;
  float reach = uRippleShape.y;
  float lifetime = rippleLifetime(uRippleShape, uFlashShape);
  vec2 texel = uExtent / uFieldSize;
  vTexel = max(texel.x, texel.y);
  if ((uHold >= 0.0 && older == 1) || amplitude <= 0.0 || age <= 0.0 || age > lifetime) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    gl_PointSize = 0.0;
    return;
  }
  float radius = min(speed * age, 3.0 * reach) + uRippleShape.z;
  vPointSize = min(2.0 * radius / vTexel + 2.0, 1024.0);
  vAmplitude = amplitude;
  vAge = age;
  gl_PointSize = vPointSize;
  vec2 site = vec2(texelFetch(uCellSite, cellTexel(cell, uCellsWide), 0).rg) / 65535.0;
  gl_Position = vec4(site * 2.0 - 1.0, 0.0, 1.0);
}
