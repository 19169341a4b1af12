// The mosaic: every cell is one instance of a fan of MAX_CORNERS triangles around its site. The
// cell's shape comes from its corner attributes, its light from the style attributes and its
// journey's timeline texture; all animation is computed here from uTime, so the CPU does no per-cell
// work per frame and the mosaic is one draw call. Frequencies arrive clamped (src/render/safety.ts).
// Channel bytes are read only through the CHANNEL_<NAME> defines that src/encode/slots.ts generates
// from the channel list (each exactly once; a test checks).

#include "lib/timeline.glsl"
#include "lib/wave.glsl"
#include "lib/hash.glsl"

// Base geometry: position = (triangle index, role: 0 site, 1 first corner, 2 second corner, 0).
in vec2 instanceSite;        // uint16 normalised: site / extent
in vec4 instanceCorners0;    // int8 normalised corner offsets / uCornerScale: c0.xy c1.xy
in vec4 instanceCorners1;    // c2.xy c3.xy
in vec4 instanceCorners2;    // c4.xy c5.xy
in vec4 instanceCorners3;    // c6.xy c7.xy
in vec4 instanceStyle;       // uint8 normalised: four channel bytes (CHANNEL_HUE, CHANNEL_GLOW, …)
in vec4 instanceMeta;        // uint8 normalised: corner count (CORNER_COUNT), then channel bytes

uniform vec2 uExtent;
uniform float uCornerScale;
uniform float uGapWidth;
uniform float uTime;
uniform float uLoopSeconds;
uniform float uHold;          // < 0: play the timeline as a loop; else hold at this 0–1 moment
uniform float uBreathFreq;    // whole-mosaic swell, cycles per second (clamped)
uniform float uBreathDepth;
uniform float uPulseFreq;     // per-cell pulse base frequency (1 / breathing period)
uniform float uMaxPulseFreq;  // photosensitivity cap on rate * uPulseFreq
uniform float uPulseDepth;
uniform float uFlash;         // care-event flash gain (0 when the timeline plays too fast to flash safely)
uniform float uFlashRise;     // fraction of a slice the flash takes to rise (longer when motion is reduced)
uniform float uWaveStrength;
uniform float uWaveSpeed;
uniform float uWaveWidth;
uniform float uWaveInterval;
uniform sampler2D uTimeline;
uniform int uTimelineSamples;
uniform int uCellsPerRow;
uniform int uHighlight;       // the picked cell (viewer), or -1

out float vEdge;        // distance to this triangle's cell edge, mosaic units (exact: linear in the triangle)
out float vEdgeRef;     // the site's distance to that edge
out vec2 vLocal;        // position relative to the site, mosaic units
out float vHue;
out float vIntensity;   // steady light: glow x wellness x breathing
out float vSpark;       // transient light: care-event flashes and waves
out float vSize;
out float vSeed;
out vec2 vNucleus;      // nucleus centre relative to the site, in units of the cell's radius
flat out float vHighlight; // 1 on the picked cell

vec2 cellCorner(int k) {
  vec4 pair = k < 2 ? instanceCorners0 : k < 4 ? instanceCorners1 : k < 6 ? instanceCorners2 : instanceCorners3;
  return ((k & 1) == 0 ? pair.xy : pair.zw) * uCornerScale;
}

const float TAU = 6.28318530718;

void main() {
  int n = CORNER_COUNT;
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

  // Journey timeline: where in the loop we are, and this cell's activity and wellness there.
  float moment = uHold >= 0.0 ? uHold : fract(uTime / uLoopSeconds);
  float pos = moment * float(uTimelineSamples);
  int s0 = min(int(floor(pos)), uTimelineSamples - 1);
  int s1 = (s0 + 1) % uTimelineSamples;
  float f = uHold >= 0.0 ? 0.3 : fract(pos);
  int cell = gl_InstanceID;
  vec2 aw0 = timelineSample(uTimeline, cell, s0, uTimelineSamples, uCellsPerRow);
  vec2 aw1 = timelineSample(uTimeline, cell, s1, uTimelineSamples, uCellsPerRow);
  float wellness = mix(aw0.y, aw1.y, smoothstep(0.0, 1.0, f));
  // A care event flashes as its slice begins and fades like a stirred dinoflagellate.
  float flash = aw0.x * smoothstep(0.0, uFlashRise, f) * exp(-2.5 * f);

  float glow = CHANNEL_GLOW;
  float phase = CHANNEL_PULSE_PHASE;
  // Breathing swells the whole mosaic; neighbourhoods (phase) pulse a little out of step.
  float breath = 1.0 + uBreathDepth * sin(TAU * uTime * uBreathFreq);
  // A periodic channel decodes to cycles per shader second, already capped below 3 Hz.
  float pulseFreq = CHANNEL_PULSE_RATE;
  float pulse = 1.0 + uPulseDepth * sin(TAU * (uTime * pulseFreq + phase));

  float wave = uWaveStrength * waveFront(instanceSite, uExtent.x / uExtent.y, uTime, uWaveInterval, uWaveSpeed, uWaveWidth);

  vHue = CHANNEL_HUE;
  // Gaps in care go dim: light follows wellness squared, with a faint floor so no cell vanishes.
  vIntensity = glow * breath * pulse * (0.03 + 0.97 * wellness * wellness) * (1.0 + 0.25 * aw0.x);
  vSpark = uFlash * flash * (0.4 + 0.6 * glow) + wave * (0.3 + 0.7 * wellness) * (0.6 + 0.4 * glow);
  vSize = CHANNEL_SIZE;
  vSeed = phase * 17.0 + instanceSite.x * 3.0;
  vNucleus = (hash21(uint(cell) * 2u + 11u) - 0.5) * 0.35;
  vHighlight = cell == uHighlight ? 1.0 : 0.0;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(p, 0.0, 1.0);
}
