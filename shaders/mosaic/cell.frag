// A living cell: a dark gap at the edge, a bright membrane just inside it, a soft inner glow that
// rises towards the centre, an optional nucleus, slow organic noise. The distance to the cell edge
// (vEdge) is exact and interpolated for free, so no per-pixel search over cells. Emits HDR values
// (> 1) for the glow to pick up.

#include "lib/palette.glsl"
#include "lib/snoise3.glsl"

uniform vec3 uPalette[PALETTE_SIZE];
uniform vec3 uBackground;
uniform float uGapWidth;
uniform float uRim;
uniform float uCore;
uniform float uNoise;
uniform float uNucleus;
uniform float uTime;
uniform float uExposure;

in float vEdge;
in float vEdgeRef;
in vec2 vLocal;
in float vHue;
in float vIntensity;
in float vSpark;
in float vSize;
in float vSeed;
in vec2 vNucleus;
flat in float vHighlight;

layout(location = 0) out highp vec4 fragColor;

void main() {
  float ref = max(vEdgeRef, 1e-6);
  vec2 uv = vLocal / ref; // the cell in units of its site-to-edge distance
  // Slow organic noise: the membrane wobbles and the cytoplasm shimmers.
  float n = snoise3(vec3(uv * 0.9, uTime * 0.06 + vSeed));

  // A weight below 1 shrinks the cell inside its Voronoi region; the gap keeps neighbours apart.
  float inset = uGapWidth + max(0.0, 1.0 - vSize) * 0.6 * vEdgeRef;
  float d = vEdge - inset + uNoise * 0.05 * ref * n;
  float aa = fwidth(vEdge);
  float body = smoothstep(-aa, aa, d);
  float depth = clamp(d / max(vEdgeRef - inset, 1e-6), 0.0, 1.0); // 0 at the membrane, 1 at the site

  // Membrane: a thin bright line at the edge and a softer halo just inside it.
  // (d < 0 only in the anti-aliased fringe: clamp, or the exponential blows up there.)
  float dm = max(d, 0.0);
  float membrane = exp(-dm / (0.06 * ref)) + 0.35 * exp(-dm / (0.22 * ref));
  // Cytoplasm: a soft glow rising towards the centre.
  float core = smoothstep(0.15, 1.0, depth);
  // Nucleus: a small bright body near the centre, drifting a little with the noise.
  vec2 off = uv - vNucleus - 0.05 * vec2(n, -n);
  float nucleus = uNucleus * exp(-dot(off, off) / 0.045);

  // The nucleus follows intensity squared: it shines in thriving cells and fades first in dim ones.
  float steady = vIntensity * (0.5 * uRim * membrane + uCore * (0.03 + 0.42 * core * core) + 0.8 * vIntensity * nucleus);
  steady *= 1.0 + uNoise * n;
  // Sparks (care events, waves) light the cytoplasm and nucleus from within.
  float spark = vSpark * (0.03 + 0.4 * core * core + 0.3 * nucleus + 0.12 * membrane);

  // Hue: the membrane and sparks lean towards the palette's brighter end, like lit plankton.
  vec3 colour = palette(uPalette, vHue + 0.06 * membrane);
  vec3 sparkColour = palette(uPalette, 0.75 + 0.25 * vHue);
  vec3 light = (colour * steady + sparkColour * spark) * uExposure;
  // The picked cell: a steady pale ring on its membrane and a lifted core (no flashing).
  light += vHighlight * (vec3(0.9, 1.0, 1.0) * 2.5 * exp(-dm / (0.12 * ref)) + 0.35 * colour);
  fragColor = vec4(mix(uBackground, light, body), 1.0);
}
