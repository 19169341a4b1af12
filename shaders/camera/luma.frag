// The camera frame as a small grid of luminance: each texel the mean of 4 x 4 samples of the video
// inside its cell (the video is larger than the grid). The frame itself never leaves the GPU.
#include "lib/luma.glsl"

uniform sampler2D uVideo;
uniform vec2 uGrid;      // texels of this grid

in vec2 vUv;
layout(location = 0) out highp vec4 fragColor;

void main() {
  float sum = 0.0;
  for (int j = 0; j < 4; j++)
    for (int i = 0; i < 4; i++) {
      vec2 o = (vec2(float(i), float(j)) + 0.5) / 4.0 - 0.5;
      sum += luma(texture(uVideo, vUv + o / uGrid).rgb);
    }
  fragColor = vec4(vec3(sum / 16.0), 1.0);
}
