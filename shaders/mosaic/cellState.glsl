// cellState: a cell's light at this moment, the same for every pixel of the cell: its steady
// intensity (glow, breathing, pulse, wellness), its transient light (its care-event flash, the wave,
// ripples and stirring at its site) and where its light source has wandered to (in inner radii).
// cellChannels: the cell's channel bytes, decoded once (the generated CHANNEL_<NAME> defines).
// cellLight: all the light pass needs of a cell that is the same for every pixel of it: that state,
// its site, noise seed and inset, its hue and the colour its flashes light it with.
// Both the light pass (cell.frag, per pixel, at city scale) and the per-cell state pass
// (cellState.frag, three texels a cell, when cells are fewer than pixels) call cellLight, so either
// way a cell's light is the same.
// Use: CellLight c = cellLight(cell, row);
#ifndef FNC_CELL_STATE
#define FNC_CELL_STATE
#include "lib/timeline.glsl"
#include "lib/wave.glsl"
#include "lib/hash.glsl"
#include "lib/noise1.glsl"
#include "lib/palette.glsl"
#include "light/flash.glsl"

uniform sampler2D uCellStyle;  // per cell: four channel bytes (CHANNEL_HUE, CHANNEL_GLOW, …)
uniform sampler2D uCellMeta;   // per cell: the channel bytes beyond style's four (R8, RG8 or RGBA8: src/encode/slots.ts)
uniform vec2 uExtent;
uniform float uTime;
uniform float uLoopSeconds;
uniform float uHold;          // < 0: play the timeline as a loop; else hold at this 0–1 moment
uniform int uSlice;           // the timeline slice now falls in, and how far into it (0..1; 0.3 when held):
uniform float uSliceInto;     // worked out on the CPU in double precision (src/render/sliceWindow.ts)
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
uniform sampler2DArray uTimeline; // the timeline window (lib/timeline.glsl)
uniform sampler2D uField;     // the light field: r = ripples, g = stirring (mosaic space)
uniform int uTimelineSamples;
uniform ivec3 uTimelineRing;
uniform int uCellsWide;       // cells a row of the per-cell textures (and of the timeline's layers)
uniform usampler2D uCellSite;  // per cell: its site, uint16 fractions of the extent
uniform vec3 uPalette[PALETTE_SIZE];
uniform vec3 uTint;          // flashes lean towards this colour (linear RGB) …
uniform float uTintMix;      // … by this much

struct CellChannels {
  float glow;
  float phase;
  float pulseRate;
  float hue;
  float size;
};

CellChannels cellChannels(ivec2 row) {
  vec4 instanceStyle = texelFetch(uCellStyle, row, 0);
  vec4 instanceMeta = texelFetch(uCellMeta, row, 0);
  // A periodic channel decodes to swings per shader second, already capped below 3 Hz.
  return CellChannels(CHANNEL_GLOW, CHANNEL_PULSE_PHASE, CHANNEL_PULSE_RATE, CHANNEL_HUE, CHANNEL_SIZE);
}

/** (steady intensity, transient light, light source offset in inner radii): see the top. */
vec4 cellState(int cell, CellChannels ch, vec2 site01) {
  // Journey timeline: where in the loop we are (the CPU's moment); the flash (after fatigue) and wellness there.
  int s0 = uSlice;
  int s1 = (s0 + 1) % uTimelineSamples;
  int sp = (s0 + uTimelineSamples - 1) % uTimelineSamples;
  float f = uSliceInto;
  vec2 aw0 = timelineSample(uTimeline, cell, s0, uTimelineSamples, uCellsWide, uTimelineRing);
  vec2 aw1 = timelineSample(uTimeline, cell, s1, uTimelineSamples, uCellsWide, uTimelineRing);
  vec2 awp = timelineSample(uTimeline, cell, sp, uTimelineSamples, uCellsWide, uTimelineRing);
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

  // Breathing swells the whole mosaic like a tide: noise, so no period shows.
  float breath = 1.0 + uBreathDepth * noise1(uTime * uBreathFreq + 11.0);
  // Each cell drifts on its own noise, neighbourhoods (phase) a little out of step.
  float seed = hash11(uint(cell) * 2u + 7u);
  float pulse = 1.0 + uPulseDepth * noise1(uTime * ch.pulseRate + ch.phase * 13.0 + seed * 97.0);

  float wave = uWaveStrength * waveFront(site01, uExtent.x / uExtent.y, uTime, uWaveInterval, uWaveSpeed, uWaveWidth);
  // Ripples from neighbouring cells' flashes and the visitors' stirring, from the light field.
  vec4 fieldAtSite = textureLod(uField, site01, 0.0);
  // Many ripples at once add up to a brighter sea, never a blinding one.
  float rippled = 1.0 - exp(-fieldAtSite.r);
  float stirred = 1.0 - exp(-fieldAtSite.g);

  // Gaps in care go dim: light follows wellness squared, with a faint floor so no cell vanishes.
  float intensity = ch.glow * breath * pulse * (0.03 + 0.97 * wellness * wellness);
  float alive = 0.3 + 0.7 * wellness;
  float transient = uFlash * fired * (0.4 + 0.6 * ch.glow) + (wave + uRipple * rippled) * alive * (0.6 + 0.4 * ch.glow) + uStir * stirred * (0.5 + 0.5 * alive);
  // The light source wanders a little inside its cell.
  float t = uTime * uDriftFreq + seed * 53.0;
  vec2 source = uDrift * vec2(noise1(t), noise1(t + 31.7));
  return vec4(intensity, transient, source);
}

struct CellLight {
  vec4 state;   // cellState
  vec2 site;    // mosaic units
  float seed;   // where in its noise the cell is
  float shrink; // a smaller cell's inset, in inner radii (beyond the gap)
  vec3 spark;   // the colour of its flashes, ripples and stirring (linear RGB)
  float hue;
};

CellLight cellLight(int cell, ivec2 row) {
  vec2 site01 = vec2(texelFetch(uCellSite, row, 0).rg) / 65535.0;
  CellChannels ch = cellChannels(row);
  return CellLight(
    cellState(cell, ch, site01),
    site01 * uExtent,
    ch.phase * 17.0 + hash11(uint(cell) * 2u + 7u) * 5.0,
    max(0.0, 1.0 - ch.size) * 0.6,
    mix(palette(uPalette, 0.75 + 0.25 * ch.hue), uTint, uTintMix),
    ch.hue);
}
#endif
