// A living cell, light from within: a soft source near the site (it wanders a little) whose light
// scatters through the cell's water, an optional nucleus, the cell wall lit from inside, and for
// fungal glow the mycelial threads between cells. Every term is a smooth function of the distance to
// the source and of a smooth distance to the cell's outline (softPolygonDistance), so there is no
// crease or bevel at any size, and light is tapered to nothing at the region's edge, so neighbouring
// cells meet without a seam. The look (src/render/looks.ts) sets the weights. Emits HDR values (> 1)
// for the glow to pick up; additive, so the background shows wherever no light is.

#include "lib/palette.glsl"
#include "lib/snoise3.glsl"
#include "light/softPolygonDistance.glsl"
#include "light/pointSource.glsl"
#include "light/membraneLight.glsl"
#include "light/mycelium.glsl"

uniform vec3 uPalette[PALETTE_SIZE];
uniform vec2 uExtent;
uniform float uGapWidth;
uniform float uOverlap;      // how far the drawn cell reaches past its region (mosaic units)
uniform float uRim;          // membrane brightness: config look.rim times the look's membrane weight
uniform float uNoise;
uniform float uNucleus;
uniform float uTime;
uniform float uExposure;
uniform vec2 uCoreShape;     // the look's light source: size (inner radii), gain
uniform vec2 uHaloShape;     // its scattered light: size, gain
uniform float uBody;         // steady light of the cytoplasm
uniform float uEdge;         // softness of the outline (inner radii)
uniform vec2 uFilaments;     // mycelial threads: amount (0: none), threads per mosaic height
uniform vec3 uTint;          // flashes lean towards this colour (linear RGB) …
uniform float uTintMix;      // … by this much
uniform float uStir;         // stirring gain
uniform sampler2D uField;    // the light field (ripples, stirring), for the threads

in vec2 vLocal;
flat in vec4 vCorners[MAX_CORNERS / 2];
flat in vec4 vPlace;   // site; light source offset
flat in vec4 vLight;   // hue, steady, transient, size
flat in vec4 vCell;    // inner radius, seed, picked, corner count

layout(location = 0) out highp vec4 fragColor;

void main() {
  float r = vCell.x;
  float seed = vCell.y;
  float picked = vCell.z;
  int count = int(vCell.w + 0.5);
  vec2 site = vPlace.xy;
  vec2 source = vPlace.zw;
  float hue = vLight.x;
  float intensity = vLight.y;
  float transient = vLight.z;
  float size = vLight.w;
  float pixel = max(length(vec2(dFdx(vLocal.x), dFdy(vLocal.x))), 1e-9); // mosaic units per pixel
  vec4 corners[MAX_CORNERS / 2] = vCorners;
  // Smooth distance to the region's outline, then inside the gap (and a smaller cell's inset).
  float region = softPolygonDistance(vLocal, corners, count, 0.15 * r + pixel);
  float inset = uGapWidth + max(0.0, 1.0 - size) * 0.6 * r;
  float d = region - inset;
  float n = uNoise > 0.0 ? snoise3(vec3(vLocal / r * 0.9, uTime * 0.06 + seed)) : 0.0;
  d += uNoise * 0.05 * r * n;
  float soft = max(uEdge * r, 1.5 * pixel);
  float body = smoothstep(-0.5 * pixel, soft, d);
  // Light never reaches the region's own edge: the neighbour's light takes over there, seamlessly.
  float taper = smoothstep(0.0, 0.3 * r + pixel, region);

  vec2 q = (vLocal - source) / r;
  float q2 = dot(q, q);
  float pr = pixel / r;
  float core = pointSource(q2, uCoreShape.x, pr);
  float halo = pointSource(q2, uHaloShape.x, pr) * taper;
  float nucleus = uNucleus * pointSource(q2, 0.09, pr);
  float membrane = body * membraneLight(d, r, pixel);
  float cytoplasm = body * smoothstep(0.0, 0.8 * r, d);
  // Cells a few pixels across are points of light: their wall and body fade into the source.
  float resolved = smoothstep(2.0, 6.0, r / pixel);
  membrane *= resolved;

  float steady = intensity * (uCoreShape.y * core + uHaloShape.y * halo + uBody * cytoplasm * cytoplasm + uRim * membrane + 0.8 * intensity * nucleus);
  steady *= 1.0 + uNoise * n;
  // Flashes, ripples and stirring light the source brightest and scatter widely.
  float spark = transient * (1.4 * core + 1.1 * halo + 0.25 * cytoplasm + 0.12 * membrane + 0.5 * nucleus);

  vec3 colour = palette(uPalette, hue + 0.06 * membrane);
  vec3 sparkColour = mix(palette(uPalette, 0.75 + 0.25 * hue), uTint, uTintMix);
  vec3 light = colour * steady + sparkColour * spark;
  // The water lights where it is stirred, right under the hand, in cells of any size (the cell as a
  // whole flares from the field at its site, in cell.vert).
  vec2 at = site + vLocal;
  vec4 field = texture(uField, at / uExtent);
  light += sparkColour * uStir * (1.0 - exp(-field.g)) * (0.25 * body + halo + 0.6 * core) * smoothstep(-uOverlap, uOverlap, region);
  if (uFilaments.x > 0.0) {
    // Threads in the mosaic's own coordinates run on across cells; they glow faintly and brighten as
    // ripples and stirring pass along them (the field is continuous, so they show no seam either).
    float threads = mycelium(at / uExtent.y, uFilaments.y, uTime * 0.004);
    // Where two cells overlap, each gives half: the threads run on without a seam.
    threads *= smoothstep(-uOverlap, uOverlap, region);
    light += uFilaments.x * threads * (0.03 + 0.8 * (1.0 - exp(-field.r)) + 0.8 * (1.0 - exp(-field.g))) * mix(palette(uPalette, 0.7), uTint, 0.75);
  }
  light *= uExposure;
  // The picked cell: a steady pale ring on its wall and a lifted core (no flashing).
  light += picked * (vec3(0.9, 1.0, 1.0) * 2.5 * body * exp(-max(d, 0.0) / (0.12 * r)) + 0.35 * colour);
  fragColor = vec4(light, 1.0);
}
