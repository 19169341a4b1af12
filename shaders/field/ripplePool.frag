// Ripples at city scale, into the light field (src/render/field.ts): each texel gathers the pooled
// flashes (src/encode/ripplePool.ts) of this and the previous timeline slice from the texels within
// a ripple's reach, each as if its cells stood at their mean place and flashed at their mean moment.
// This texel's light stands for its whole area, so distances are softened by about half a texel
// (cells sharing a texel still ripple each other).
// The cost is the field's texels times the texels in reach, whatever the number of cells.
#include "field/rippleLight.glsl"
#include "lib/sliceWindow.glsl"

uniform int uSlice;         // now's timeline slice and how far into it (the CPU's: src/render/sliceWindow.ts)
uniform float uSliceInto;
uniform float uLoopSeconds;
uniform float uHold;
uniform int uTimelineSamples;
uniform float uFlashJitter;
uniform vec4 uFlashShape;
uniform vec3 uRippleShape;  // speed, reach, cell radius (mosaic units)
uniform vec2 uFieldSize;    // texels
uniform vec2 uExtent;
uniform mediump sampler2DArray uPool; // r = sqrt(amplitude sum / uPoolScale), g = mean moment, ba = mean place in the texel; a layer a slice around now
uniform ivec3 uPoolRing;    // which layer holds which slice (lib/sliceWindow.glsl)
uniform float uPoolScale;
uniform int uPoolReach;     // texels gathered on each side (a ripple's reach, capped)

layout(location = 0) out highp vec4 fragColor;

void main() {
  ivec2 here = ivec2(gl_FragCoord.xy);
  vec2 texel = uExtent / uFieldSize;
  float lifetime = rippleLifetime(uRippleShape, uFlashShape);
  float reachMax = 3.0 * uRippleShape.y + uRippleShape.z + 1.42 * max(texel.x, texel.y);
  float soft = 0.4 * 0.5 * (texel.x + texel.y);
  ivec2 size = ivec2(uFieldSize);
  float light = 0.0;
  for (int older = 0; older < 2; older++) {
    if (uHold >= 0.0 && older == 1) break;
    int s = rippleSlice(older, uSlice, uTimelineSamples);
    int layer = sliceLayer(s, uTimelineSamples, uPoolRing);
    for (int j = -uPoolReach; j <= uPoolReach; j++) {
      // Only the texels within reach: the row's bounds are the same for every texel of the field, so
      // the loop runs no iteration it would skip (SwiftShader runs skipped iterations all the same).
      float across = reachMax * reachMax - float(j * j) * texel.y * texel.y;
      if (across < 0.0) continue;
      int span = min(uPoolReach, int(floor(sqrt(across) / texel.x)));
      for (int i = -span; i <= span; i++) {
        ivec2 at = here + ivec2(i, j);
        if (any(lessThan(at, ivec2(0))) || any(greaterThanEqual(at, size))) continue;
        if (length(vec2(i, j) * texel) > reachMax) continue;
        vec4 pooled = texelFetch(uPool, ivec3(at, layer), 0);
        if (pooled.r <= 0.0) continue;
        vec2 offset = (vec2(i, j) + pooled.ba - 0.5) * texel;
        float d = sqrt(dot(offset, offset) + soft * soft);
        float age = rippleAge(older, uSliceInto, uHold >= 0.0 ? 0.0 : uFlashJitter * pooled.g, uLoopSeconds, uTimelineSamples);
        if (age <= 0.0 || age > lifetime) continue;
        light += rippleLight(pooled.r * pooled.r * uPoolScale, age, d, uRippleShape, uFlashShape);
      }
    }
  }
  fragColor = vec4(light, 0.0, 0.0, 0.0);
}
