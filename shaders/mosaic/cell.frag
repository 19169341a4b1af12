// A living cell, light from within, shaded per pixel in one full-screen pass. Which cell a pixel
// belongs to, how far inside its region it is and the cell's inner radius come from the cell image
// (cellImage.*, drawn once per layout and view); the cell's site and channel bytes from the per-cell
// textures; its light over time from uTime, its timeline (the flashes after fatigue,
// src/encode/light.ts) and the light field (ripples and stirring, src/render/field.ts). So a frame
// costs the same for 1,000 cells as for 1,000,000: the CPU does no per-cell work per frame, and the
// GPU's work follows the pixels. Frequencies arrive clamped (src/render/safety.ts). Channel bytes are
// read only through the CHANNEL_<NAME> defines that src/encode/slots.ts generates from the channel
// list (each exactly once; a test checks).
//
// The light: a soft source near the site (it wanders a little) whose light scatters through the
// cell's water, an optional nucleus, the cell wall lit from inside, and for fungal glow the mycelial
// threads between cells. Every term is a smooth function of the distance to the source and of a
// smooth distance to the cell's outline (softPolygonDistance), so there is no crease or bevel at any
// size, and light is tapered to nothing at the region's edge, so neighbouring cells meet without a
// seam. The look (src/render/looks.ts) sets the weights. Emits HDR values (> 1) for the glow to pick
// up; additive, so the background shows wherever no light is.

#include "lib/timeline.glsl"
#include "lib/wave.glsl"
#include "lib/hash.glsl"
#include "lib/noise1.glsl"
#include "lib/cellTexel.glsl"
#include "lib/palette.glsl"
#include "lib/snoise3.glsl"
#include "light/flash.glsl"
#include "light/pointSource.glsl"
#include "light/membraneLight.glsl"
#include "light/mycelium.glsl"

uniform sampler2D uCellImage;  // per pixel: cell + 1 (0: none), distance into its region, inner radius
uniform usampler2D uCellSite;  // per cell: its site, uint16 fractions of the extent
uniform sampler2D uCellStyle;  // per cell: four channel bytes (CHANNEL_HUE, CHANNEL_GLOW, …)
uniform sampler2D uCellMeta;   // per cell: the corner count, then channel bytes
uniform int uCellsWide;
uniform vec2 uExtent;
uniform float uTime;
uniform float uLoopSeconds;
uniform float uHold;          // < 0: play the timeline as a loop; else hold at this 0–1 moment
uniform float uBreathFreq;    // whole-mosaic swell, swings per second (clamped)
uniform float uBreathDepth;
uniform float uPulseFreq;     // per-cell pulse base rate (1 / breathing period, times the look's shimmer speed)
uniform float uMaxPulseFreq;  // photosensitivity cap on rate * uPulseFreq
uniform float uPulseDepth;
uniform float uFlash;         // care-event flash gain (0 when the timeline plays too fast to flash safely)
uniform vec4 uFlashShape;     // rise and decay time constants (shader seconds), the peak normaliser, the end (flashEnd)
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
uniform vec3 uPalette[PALETTE_SIZE];
uniform float uGapWidth;
uniform float uOverlap;      // how far the drawn cell reaches past its region (mosaic units)
uniform float uRim;          // membrane brightness: config look.rim times the look's membrane weight
uniform float uNoise;
uniform float uNucleus;
uniform float uExposure;
uniform vec2 uCoreShape;     // the look's light source: size (inner radii), gain
uniform vec2 uHaloShape;     // its scattered light: size, gain
uniform float uBody;         // steady light of the cytoplasm
uniform float uEdge;         // softness of the outline (inner radii)
uniform vec2 uFilaments;     // mycelial threads: amount (0: none), threads per mosaic height
uniform vec3 uTint;          // flashes lean towards this colour (linear RGB) …
uniform float uTintMix;      // … by this much

in vec2 vUv;
in vec2 vMosaic;

layout(location = 0) out highp vec4 fragColor;

#define WALL_POINT 1.2

void main() {
  // Mosaic units per pixel: vMosaic is continuous across cells (derivatives before any branch).
  float pixel = max(length(vec2(dFdx(vMosaic.x), dFdy(vMosaic.x))), 1e-9);
  vec4 image = textureLod(uCellImage, vUv, 0.0);
  int cell = int(image.x + 0.5) - 1;
  if (cell < 0) {
    fragColor = vec4(0.0); // no cell here: the background shows
    return;
  }
  float region = image.y;
  float r = image.z;
  ivec2 row = cellTexel(cell, uCellsWide);
  vec2 instanceSite = vec2(texelFetch(uCellSite, row, 0).rg) / 65535.0;
  vec4 instanceStyle = texelFetch(uCellStyle, row, 0);
  vec4 instanceMeta = texelFetch(uCellMeta, row, 0);
  vec2 site = instanceSite * uExtent;
  vec2 vLocal = vMosaic - site;

  // The cell's light at this moment: the same for every pixel of the cell.
  // Journey timeline: where in the loop we are; the flash (after fatigue) and wellness there.
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
  float age0 = (f - at0) * slice;
  float agep = (f + 1.0 - atp) * slice;
  float fired = aw0.x * flash(age0, uFlashShape.x, uFlashShape.y, uFlashShape.z) * flashEnd(age0, uFlashShape.w);
  if (uHold < 0.0) fired += awp.x * flash(agep, uFlashShape.x, uFlashShape.y, uFlashShape.z) * flashEnd(agep, uFlashShape.w);

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
  vec4 fieldAtSite = textureLod(uField, instanceSite, 0.0);
  // Many ripples at once add up to a brighter sea, never a blinding one.
  float rippled = 1.0 - exp(-fieldAtSite.r);
  float stirred = 1.0 - exp(-fieldAtSite.g);

  float hue = CHANNEL_HUE;
  // Gaps in care go dim: light follows wellness squared, with a faint floor so no cell vanishes.
  float intensity = glow * breath * pulse * (0.03 + 0.97 * wellness * wellness);
  float alive = 0.3 + 0.7 * wellness;
  float transient = uFlash * fired * (0.4 + 0.6 * glow) + (wave + uRipple * rippled) * alive * (0.6 + 0.4 * glow) + uStir * stirred * (0.5 + 0.5 * alive);
  float size = CHANNEL_SIZE;
  // The light source wanders a little inside its cell.
  float t = uTime * uDriftFreq + seed * 53.0;
  vec2 source = uDrift * r * vec2(noise1(t), noise1(t + 31.7));
  seed = phase * 17.0 + seed * 5.0;
  float picked = cell == uHighlight ? 1.0 : 0.0;

  // The light at this pixel of the cell. Inside the gap (and a smaller cell's inset):
  float inset = uGapWidth + max(0.0, 1.0 - size) * 0.6 * r;
  float d = region - inset;
  float n = uNoise > 0.0 ? snoise3(vec3(vLocal / r * 0.9, uTime * 0.06 + seed)) : 0.0;
  d += uNoise * 0.05 * r * n;
  float soft = max(uEdge * r, 1.5 * pixel);
  float body = smoothstep(-0.5 * pixel, soft, d);
  // Cells a few pixels across are points of light (below); larger ones resolve their shape.
  float resolved = smoothstep(2.0, 6.0, r / pixel);
  // Light never reaches the region's own edge: the neighbour's light takes over there, seamlessly.
  // A cell too small to show a seam keeps all its light (the taper would take most of it).
  float taper = mix(1.0, smoothstep(0.0, 0.3 * r + pixel, region), resolved);

  vec2 q = (vLocal - source) / r;
  float q2 = dot(q, q);
  float pr = pixel / r;
  float core = pointSource(q2, uCoreShape.x, pr);
  // A wide source (fungal glow's) still has light at the region's edge, and one owner a pixel cut it
  // there in a hard seam beside a darker neighbour: a wide core tapers like the halo; a point-like
  // one is left as it is.
  core *= mix(1.0, taper, smoothstep(0.3, 0.7, uCoreShape.x));
  float halo = pointSource(q2, uHaloShape.x, pr) * taper;
  float nucleus = uNucleus * pointSource(q2, 0.09, pr);
  float membrane = body * membraneLight(d, r, pixel);
  float cytoplasm = body * smoothstep(0.0, 0.8 * r, d);
  // Cells a few pixels across are points of light: their wall's light goes into a soft point as
  // large as the cell's inside with the same total light (WALL_POINT: a lit wall of a unit cell
  // gives about 0.95 r², the point pi (0.5 r)²), so a mosaic of tiny cells is as bright as it is up
  // close instead of going dark; a wider gap makes the points smaller (their light with them).
  membrane *= resolved;
  float inside = clamp(1.0 - inset / r, 0.0, 1.0);
  membrane += (1.0 - resolved) * WALL_POINT * pointSource(q2, 0.5 * inside, pr);

  float steady = intensity * (uCoreShape.y * core + uHaloShape.y * halo + uBody * cytoplasm * cytoplasm + uRim * membrane + 0.8 * intensity * nucleus);
  steady *= 1.0 + uNoise * n;
  // Flashes, ripples and stirring light the source brightest and scatter widely.
  float spark = transient * (1.4 * core + 1.1 * halo + 0.25 * cytoplasm + 0.12 * membrane + 0.5 * nucleus);

  vec3 colour = palette(uPalette, hue + 0.06 * membrane);
  vec3 sparkColour = mix(palette(uPalette, 0.75 + 0.25 * hue), uTint, uTintMix);
  vec3 light = colour * steady + sparkColour * spark;
  // Every pixel has one owner (the cell image): light that runs on across cells needs no
  // cross-fade between neighbours, only a fade at the mosaic's own edge, past the region.
  float owned = smoothstep(-uOverlap, 0.0, region);
  // The water lights where it is stirred, right under the hand, in cells of any size (the cell as a
  // whole flares from the field at its site, above).
  vec4 field = textureLod(uField, vMosaic / uExtent, 0.0);
  light += sparkColour * uStir * (1.0 - exp(-field.g)) * (0.25 * body + halo + 0.6 * core) * owned;
  if (uFilaments.x > 0.0) {
    // Threads in the mosaic's own coordinates run on across cells; they glow faintly and brighten as
    // ripples and stirring pass along them (the field is continuous, so they show no seam either).
    float threads = mycelium(vMosaic / uExtent.y, uFilaments.y, uTime * 0.004) * owned;
    light += uFilaments.x * threads * (0.03 + 0.8 * (1.0 - exp(-field.r)) + 0.8 * (1.0 - exp(-field.g))) * mix(palette(uPalette, 0.7), uTint, 0.75);
  }
  light *= uExposure;
  // The picked cell: a steady pale ring on its wall and a lifted core (no flashing).
  light += picked * (vec3(0.9, 1.0, 1.0) * 2.5 * body * exp(-max(d, 0.0) / (0.12 * r)) + 0.35 * colour);
  fragColor = vec4(light, 1.0);
}
