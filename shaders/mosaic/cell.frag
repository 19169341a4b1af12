// A living cell, light from within, shaded per pixel in one full-screen pass. Which cell a pixel
// belongs to, how far inside its region it is and the cell's inner radius come from the cell image
// (cellImage.*, drawn once per layout and view); the cell's site and channel bytes from the per-cell
// textures; its light at this moment (cellState.glsl: uTime, its timeline of flashes after fatigue,
// src/encode/light.ts, and the light field of ripples and stirring, src/render/field.ts), read from
// the per-cell state pass when cells are fewer than pixels (CELL_STATE_PASS), else worked out here.
// What a look leaves out (FILAMENTS, NOISE, NUCLEUS) is compiled out, and so is the stirring under the
// hand while nobody stirs (STIRRING): SwiftShader runs every branch. So a frame
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
// up; additive, so the background shows wherever no light is. Drawn straight to the canvas instead
// (DISPLAY_OUTPUT: the mosaic alone, no post chain), it writes the finished pixel: the background
// plus the light, tone-mapped (DISPLAY_TONE_MAPPING, three's own function, as the chain's pass uses)
// and dithered into sRGB exactly as the chain's last pass does (post/ditherEncode.glsl).

#include "lib/hash.glsl"
#include "lib/cellTexel.glsl"
#include "lib/palette.glsl"
#include "lib/snoise3.glsl"
#include "mosaic/cellState.glsl"
#include "light/pointSource.glsl"
#include "light/membraneLight.glsl"
#include "light/mycelium.glsl"

uniform sampler2D uCellImage;  // per pixel: cell + 1 (0: none), distance into its region, inner radius
uniform sampler2D uCellState;  // per cell, when the state pass ran (CELL_STATE_PASS): cellLight() at this moment, .state
uniform sampler2D uCellPlace;  // … .site, .seed, .shrink
uniform sampler2D uCellSpark;  // … .spark, .hue
uniform int uHighlight;       // the picked cell (viewer), or -1
uniform float uGapWidth;
uniform float uOverlap;      // how far the drawn cell reaches past its region (mosaic units)
uniform float uRim;          // membrane brightness: config look.rim times the look's membrane weight
uniform float uNoise;
uniform float uExposure;
uniform vec2 uCoreShape;     // the look's light source: size (inner radii), gain
uniform vec2 uHaloShape;     // its scattered light: size, gain
uniform float uBody;         // steady light of the cytoplasm
uniform float uEdge;         // softness of the outline (inner radii)
uniform vec2 uFilaments;     // mycelial threads: amount (0: none), threads per mosaic height

in vec2 vUv;
in vec2 vMosaic;

layout(location = 0) out highp vec4 fragColor;

#ifdef DISPLAY_OUTPUT
#include <tonemapping_pars_fragment>
#include "post/ditherEncode.glsl"
uniform vec3 uBackground;   // linear
uniform float uDither;      // 1 on, 0 off
uniform vec2 uDitherOrigin; // this canvas's first pixel on the whole picture (a wall's output, a still's piece)
vec4 lightOut(vec3 light) {
  return vec4(ditherEncode(DISPLAY_TONE_MAPPING(uBackground + light), floor(gl_FragCoord.xy) + uDitherOrigin, uDither), 1.0);
}
#else
vec4 lightOut(vec3 light) {
  return vec4(light, 1.0);
}
#endif

#define WALL_POINT 1.2

void main() {
  // Mosaic units per pixel: vMosaic is continuous across cells (derivatives before any branch).
  float pixel = max(length(vec2(dFdx(vMosaic.x), dFdy(vMosaic.x))), 1e-9);
  vec4 image = textureLod(uCellImage, vUv, 0.0);
  int cell = int(image.x + 0.5) - 1;
  if (cell < 0) {
#ifdef DISPLAY_OUTPUT
    fragColor = lightOut(vec3(0.0)); // no cell here: the background alone
#else
    fragColor = vec4(0.0); // no cell here: the background shows
#endif
    return;
  }
  float region = image.y;
  float r = image.z;
  ivec2 row = cellTexel(cell, uCellsWide);

  // What is the same for every pixel of the cell (its light at this moment, site, colours): worked
  // out once a cell by the state pass when there are fewer cells than pixels, else here.
#ifdef CELL_STATE_PASS
  vec4 place = texelFetch(uCellPlace, row, 0);
  vec4 tone = texelFetch(uCellSpark, row, 0);
  CellLight c = CellLight(texelFetch(uCellState, row, 0), place.xy, place.z, place.w, tone.rgb, tone.a);
#else
  CellLight c = cellLight(cell, row);
#endif
  vec2 vLocal = vMosaic - c.site;
  float intensity = c.state.x;
  float transient = c.state.y;
  vec2 source = r * c.state.zw;
  float hue = c.hue;
  float seed = c.seed;
  float picked = cell == uHighlight ? 1.0 : 0.0;

  // The light at this pixel of the cell. Inside the gap (and a smaller cell's inset):
  float inset = uGapWidth + c.shrink * r;
  float d = region - inset;
#ifdef NOISE
  float n = snoise3(vec3(vLocal / r * 0.9, uTime * 0.06 + seed));
#else
  float n = 0.0;
#endif
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
#ifdef NUCLEUS
  float nucleus = pointSource(q2, 0.09, pr);
#else
  float nucleus = 0.0;
#endif
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
  vec3 sparkColour = c.spark;
  vec3 light = colour * steady + sparkColour * spark;
  // Every pixel has one owner (the cell image): light that runs on across cells needs no
  // cross-fade between neighbours, only a fade at the mosaic's own edge, past the region.
  float owned = smoothstep(-uOverlap, 0.0, region);
#if defined(STIRRING) || defined(FILAMENTS)
  vec4 field = textureLod(uField, vMosaic / uExtent, 0.0);
#endif
#ifdef STIRRING
  // The water lights where it is stirred, right under the hand, in cells of any size (the cell as a
  // whole flares from the field at its site, above). Compiled out while the field holds no stirring
  // (its stirring is then exactly 0, and so is this light).
  light += sparkColour * uStir * (1.0 - exp(-field.g)) * (0.25 * body + halo + 0.6 * core) * owned;
#endif
#ifdef FILAMENTS
  {
    // Threads in the mosaic's own coordinates run on across cells; they glow faintly and brighten as
    // ripples and stirring pass along them (the field is continuous, so they show no seam either).
    float threads = mycelium(vMosaic / uExtent.y, uFilaments.y, uTime * 0.004) * owned;
    light += uFilaments.x * threads * (0.03 + 0.8 * (1.0 - exp(-field.r)) + 0.8 * (1.0 - exp(-field.g))) * mix(palette(uPalette, 0.7), uTint, 0.75);
  }
#endif
  light *= uExposure;
  // The picked cell: a steady pale ring on its wall and a lifted core (no flashing).
  light += picked * (vec3(0.9, 1.0, 1.0) * 2.5 * body * exp(-max(d, 0.0) / (0.12 * r)) + 0.35 * colour);
  fragColor = lightOut(light);
}
