// A living cell: a dark gap at the edge, a bright membrane just inside it, a soft inner glow that
// rises towards the centre, slow organic noise. Emits HDR values (> 1) for the bloom to pick up.

#include "lib/palette.glsl"
#include "lib/snoise3.glsl"

uniform vec3 uPalette[PALETTE_SIZE];
uniform vec3 uBackground;
uniform float uGapWidth;
uniform float uRim;
uniform float uCore;
uniform float uNoise;
uniform float uTime;
uniform float uExposure;

in float vEdge;
in float vEdgeRef;
in vec2 vLocal;
in float vHue;
in float vIntensity;
in float vSize;
in float vSeed;
flat in float vHighlight;

layout(location = 0) out highp vec4 fragColor;

void main() {
  // A weight below 1 shrinks the cell inside its Voronoi region; the gap keeps neighbours apart.
  float inset = uGapWidth + max(0.0, 1.0 - vSize) * 0.6 * vEdgeRef;
  float d = vEdge - inset;
  float aa = fwidth(vEdge);
  float body = smoothstep(-aa, aa, d);
  float depth = clamp(d / max(vEdgeRef - inset, 1e-6), 0.0, 1.0); // 0 at the membrane, 1 at the site

  float membrane = exp(-d / max(0.09 * vEdgeRef, 1e-6));
  float core = smoothstep(0.15, 1.0, depth);
  float n = snoise3(vec3(vLocal / max(vEdgeRef, 1e-6) * 0.9, uTime * 0.07 + vSeed));
  float light = vIntensity * (0.6 * uRim * membrane + uCore * (0.04 + 0.5 * core * core)) * (1.0 + uNoise * n);

  // Hue: the membrane leans towards the palette's brighter end, like a lit rim.
  vec3 colour = palette(uPalette, vHue + 0.06 * membrane);
  // The picked tile: a steady pale ring on its membrane and a lifted core (no flashing).
  vec3 lit = colour * light * uExposure + vHighlight * (vec3(0.9, 1.0, 1.0) * 2.5 * exp(-d / max(0.12 * vEdgeRef, 1e-6)) + 0.35 * colour);
  fragColor = vec4(mix(uBackground, lit, body), 1.0);
}
