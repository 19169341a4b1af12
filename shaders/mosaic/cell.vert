// The mosaic: every cell is one instance of a polygon of MAX_CORNERS corners (a fan of triangles
// from corner 0; a cell with fewer corners repeats its last one). The polygon only says which pixels
// belong to the cell: the light inside it is shaped per pixel from the corners and the site
// (cell.frag), so no triangle edge ever shows. Everything about a cell's light over time is computed
// here, once per vertex, from uTime, its timeline (the flashes after fatigue, src/encode/light.ts)
// and the light field (ripples and stirring, src/render/field.ts): the CPU does no per-cell work per
// frame and the mosaic is one draw call. Frequencies arrive clamped (src/render/safety.ts).
// Channel bytes are read only through the CHANNEL_<NAME> defines that src/encode/slots.ts generates
// from the channel list (each exactly once; a test checks).

#include "lib/timeline.glsl"
#include "lib/wave.glsl"
#include "lib/hash.glsl"
#include "lib/noise1.glsl"
#include "light/flash.glsl"

// Base geometry: position.x = the corner this vertex is (0 … MAX_CORNERS - 1).
in vec2 instanceSite;        // uint16 normalised: site / extent
in vec4 instanceCorners0;    // int8 normalised corner offsets / uCornerScale: c0.xy c1.xy
in vec4 instanceCorners1;    // c2.xy c3.xy
in vec4 instanceCorners2;    // c4.xy c5.xy
in vec4 instanceCorners3;    // c6.xy c7.xy
in vec4 instanceStyle;       // uint8 normalised: four channel bytes (CHANNEL_HUE, CHANNEL_GLOW, …)
in vec4 instanceMeta;        // uint8 normalised: corner count (CORNER_COUNT), then channel bytes

uniform vec2 uExtent;
uniform float uCornerScale;
uniform float uOverlap;      // how far a drawn cell reaches past its region (mosaic units)
uniform float uTime;
uniform float uLoopSeconds;
uniform float uHold;          // < 0: play the timeline as a loop; else hold at this 0–1 moment
uniform float uBreathFreq;    // whole-mosaic swell, swings per second (clamped)
uniform float uBreathDepth;
uniform float uPulseFreq;     // per-cell pulse base rate (1 / breathing period, times the look's shimmer speed)
uniform float uMaxPulseFreq;  // photosensitivity cap on rate * uPulseFreq
uniform float uPulseDepth;
uniform float uFlash;         // care-event flash gain (0 when the timeline plays too fast to flash safely)
uniform vec3 uFlashShape;     // rise and decay time constants (shader seconds) and the peak normaliser
uniform float uFlashJitter;   // how far into its slice a cell's flash may start (fraction of the slice)
uniform float uDrift;         // how far the light source wanders (fraction of the inner radius)
uniform float uDriftFreq;
uniform float uWaveStrength;
uniform float uWaveSpeed;
uniform float uWaveWidth;
uniform float uWaveInterval;
uniform float uRipple;        // ripple gain (config motion.ripples.strength)
uniform float uStir;          // stirring gain (config motion.stirring.strength)
uniform sampler2D uTimeline;
uniform sampler2D uField;     // the light field: r = ripples, g = stirring (mosaic space)
uniform int uTimelineSamples;
uniform int uCellsPerRow;
uniform int uHighlight;       // the picked cell (viewer), or -1

out vec2 vLocal;                          // position relative to the site, mosaic units
flat out vec4 vCorners[MAX_CORNERS / 2];  // the corners relative to the site, two per vec4
flat out vec4 vPlace;                     // xy: the site (mosaic units); zw: where the light source is, relative to it
flat out vec4 vLight;                     // hue; steady light (glow x wellness x breathing x pulse); transient light
                                          // (flashes, ripples, stirring, waves); size
flat out vec4 vCell;                      // inner radius (site to the nearest edge line); seed; 1 on the picked cell; corner count

vec2 cellCorner(int k) {
  vec4 pair = k < 2 ? instanceCorners0 : k < 4 ? instanceCorners1 : k < 6 ? instanceCorners2 : instanceCorners3;
  return ((k & 1) == 0 ? pair.xy : pair.zw) * uCornerScale;
}

void main() {
  int n = CORNER_COUNT;
  int k = min(int(position.x + 0.5), n - 1);
  vec2 site = instanceSite * uExtent;
  vec2 corner = cellCorner(k);

  float inner = 1e20;
  for (int i = 0; i < MAX_CORNERS; i++) {
    vec2 a = cellCorner(i);
    vec2 b = cellCorner(i + 1 == n ? 0 : i + 1);
    if (i < n) {
      vec2 e = b - a;
      inner = min(inner, abs(e.x * a.y - e.y * a.x) / max(length(e), 1e-9));
    }
  }
  vCorners[0] = vec4(cellCorner(0), cellCorner(1));
  vCorners[1] = vec4(cellCorner(2), cellCorner(3));
  vCorners[2] = vec4(cellCorner(4), cellCorner(5));
  vCorners[3] = vec4(cellCorner(6), cellCorner(7));
  // Corners are rounded towards the site when quantised (src/encode/cellTable.ts), leaving hairline
  // gaps between neighbours: the drawn polygon reaches a little past its region (uOverlap), and
  // light that must run on across cells (the threads) cross-fades there.
  vec2 grown = corner + normalize(corner) * uOverlap;
  vLocal = grown;

  // Journey timeline: where in the loop we are; the flash (after fatigue) and wellness there.
  int cell = gl_InstanceID;
  float moment = uHold >= 0.0 ? uHold : fract(uTime / uLoopSeconds);
  float pos = moment * float(uTimelineSamples);
  int s0 = min(int(floor(pos)), uTimelineSamples - 1);
  int s1 = (s0 + 1) % uTimelineSamples;
  int sp = (s0 + uTimelineSamples - 1) % uTimelineSamples;
  float f = uHold >= 0.0 ? 0.3 : fract(pos);
  vec2 aw0 = timelineSample(uTimeline, cell, s0, uTimelineSamples, uCellsPerRow);
  vec2 aw1 = timelineSample(uTimeline, cell, s1, uTimelineSamples, uCellsPerRow);
  vec2 awp = timelineSample(uTimeline, cell, sp, uTimelineSamples, uCellsPerRow);
  float wellness = mix(aw0.y, aw1.y, smoothstep(0.0, 1.0, f));
  // A care event fires its cell at a moment of its slice of its own (not every cell at the slice's
  // start): a fast rise and a slower fade that may run on into the next slice.
  float slice = uLoopSeconds / float(uTimelineSamples);
  float at0 = uHold >= 0.0 ? 0.0 : uFlashJitter * hash11(uint(cell) * 4099u + uint(s0));
  float atp = uFlashJitter * hash11(uint(cell) * 4099u + uint(sp));
  float fired = aw0.x * flash((f - at0) * slice, uFlashShape.x, uFlashShape.y, uFlashShape.z);
  if (uHold < 0.0) fired += awp.x * flash((f + 1.0 - atp) * slice, uFlashShape.x, uFlashShape.y, uFlashShape.z);

  float glow = CHANNEL_GLOW;
  float phase = CHANNEL_PULSE_PHASE;
  // Breathing swells the whole mosaic like a tide: noise, so no period shows.
  float breath = 1.0 + uBreathDepth * noise1(uTime * uBreathFreq + 11.0);
  // A periodic channel decodes to swings per shader second, already capped below 3 Hz; each cell
  // drifts on its own noise, neighbourhoods (phase) a little out of step.
  float pulseFreq = CHANNEL_PULSE_RATE;
  float seed = hash11(uint(cell) * 2u + 7u);
  float pulse = 1.0 + uPulseDepth * noise1(uTime * pulseFreq + phase * 13.0 + seed * 97.0);

  float wave = uWaveStrength * waveFront(instanceSite, uExtent.x / uExtent.y, uTime, uWaveInterval, uWaveSpeed, uWaveWidth);
  // Ripples from neighbouring cells' flashes and the visitors' stirring, from the light field.
  vec4 field = textureLod(uField, instanceSite, 0.0);
  // Many ripples at once add up to a brighter sea, never a blinding one.
  float rippled = 1.0 - exp(-field.r);
  float stirred = 1.0 - exp(-field.g);

  float hue = CHANNEL_HUE;
  // Gaps in care go dim: light follows wellness squared, with a faint floor so no cell vanishes.
  float intensity = glow * breath * pulse * (0.03 + 0.97 * wellness * wellness);
  float alive = 0.3 + 0.7 * wellness;
  float spark = uFlash * fired * (0.4 + 0.6 * glow) + (wave + uRipple * rippled) * alive * (0.6 + 0.4 * glow) + uStir * stirred * (0.5 + 0.5 * alive);
  vLight = vec4(hue, intensity, spark, CHANNEL_SIZE);
  // The light source wanders a little inside its cell.
  float r = max(inner, 1e-6);
  float t = uTime * uDriftFreq + seed * 53.0;
  vPlace = vec4(site, uDrift * r * vec2(noise1(t), noise1(t + 31.7)));
  vCell = vec4(r, phase * 17.0 + seed * 5.0, cell == uHighlight ? 1.0 : 0.0, float(n));
  gl_Position = projectionMatrix * modelViewMatrix * vec4(site + grown, 0.0, 1.0);
}
