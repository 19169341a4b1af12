// The mosaic: every tile is one instance of a fan of MAX_CORNERS triangles around its site. The
// cell's shape comes from its corner attributes, its light from the style attributes and its
// journey's timeline texture; all animation is computed here from uTime, so the CPU does no per-tile
// work per frame and the mosaic is one draw call.

#include "lib/timeline.glsl"

// Base geometry: position = (triangle index, role: 0 site, 1 first corner, 2 second corner, 0).
in vec2 instanceSite;        // uint16 normalised: site / extent
in vec4 instanceCorners0;    // int8 normalised corner offsets / uCornerScale: c0.xy c1.xy
in vec4 instanceCorners1;    // c2.xy c3.xy
in vec4 instanceCorners2;    // c4.xy c5.xy
in vec4 instanceCorners3;    // c6.xy c7.xy
in vec4 instanceStyle;       // uint8 normalised: hue, glow / GLOW_MAX, pulse rate / PULSE_MAX, phase
in vec4 instanceMeta;        // uint8 normalised: corner count / 255, size / SIZE_MAX, unused, unused

uniform vec2 uExtent;
uniform float uCornerScale;
uniform float uGapWidth;
uniform float uTime;
uniform float uLoopSeconds;
uniform float uHold;          // < 0: play the timeline as a loop; else hold at this 0–1 moment
uniform float uBreathPeriod;
uniform float uBreathDepth;
uniform float uFlash;
uniform sampler2D uTimeline;
uniform int uTimelineSamples;
uniform int uTilesPerRow;
uniform int uHighlight;       // the picked tile (viewer), or -1

out float vEdge;        // distance to this triangle's cell edge, mosaic units (exact: linear in the triangle)
out float vEdgeRef;     // the site's distance to that edge
out vec2 vLocal;        // position relative to the site, mosaic units
out float vHue;
out float vIntensity;
out float vSize;
out float vSeed;
flat out float vHighlight; // 1 on the picked tile

vec2 cellCorner(int k) {
  vec4 pair = k < 2 ? instanceCorners0 : k < 4 ? instanceCorners1 : k < 6 ? instanceCorners2 : instanceCorners3;
  return ((k & 1) == 0 ? pair.xy : pair.zw) * uCornerScale;
}

void main() {
  int n = int(instanceMeta.x * 255.0 + 0.5);
  int tri = int(position.x + 0.5);
  int role = int(position.y + 0.5);
  vec2 site = instanceSite * uExtent;
  if (tri >= n) {
    // Unused fan slot: a degenerate triangle, culled before rasterisation.
    gl_Position = vec4(0.0, 0.0, 2.0, 1.0);
    return;
  }
  vec2 a = site + cellCorner(tri);
  vec2 b = site + cellCorner(tri + 1 == n ? 0 : tri + 1);
  vec2 p = role == 0 ? site : role == 1 ? a : b;
  vec2 e = b - a;
  float dSite = abs(e.x * (site.y - a.y) - e.y * (site.x - a.x)) / max(length(e), 1e-9);
  vEdge = role == 0 ? dSite : 0.0;
  vEdgeRef = dSite;
  vLocal = p - site;

  // Journey timeline: where in the loop we are, and this tile's activity and wellness there.
  float moment = uHold >= 0.0 ? uHold : fract(uTime / uLoopSeconds);
  float pos = moment * float(uTimelineSamples);
  int s0 = int(floor(pos)) % uTimelineSamples;
  int s1 = (s0 + 1) % uTimelineSamples;
  float f = fract(pos);
  int tile = gl_InstanceID;
  vec2 aw0 = timelineSample(uTimeline, tile, s0, uTimelineSamples, uTilesPerRow);
  vec2 aw1 = timelineSample(uTimeline, tile, s1, uTimelineSamples, uTilesPerRow);
  float wellness = mix(aw0.y, aw1.y, smoothstep(0.0, 1.0, f));
  // A care event flashes as its slice begins and fades like a stirred dinoflagellate.
  float flash = aw0.x * exp(-3.0 * f) + aw1.x * smoothstep(0.85, 1.0, f);

  float glow = instanceStyle.y * GLOW_MAX;
  float rate = max(instanceStyle.z * PULSE_MAX, 0.05);
  float phase = instanceStyle.w;
  float breath = 1.0 + uBreathDepth * sin(6.28318530718 * (uTime * rate / uBreathPeriod + phase));

  vHue = instanceStyle.x;
  vIntensity = glow * breath * (0.08 + 0.92 * wellness * wellness) + uFlash * flash;
  vSize = instanceMeta.y * SIZE_MAX;
  vSeed = phase * 17.0 + instanceSite.x * 3.0;
  vHighlight = tile == uHighlight ? 1.0 : 0.0;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(p, 0.0, 1.0);
}
