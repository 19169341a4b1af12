// glow: the effect's entry point, merged by pmndrs' EffectPass with tone mapping into one
// full-resolution pass. Adds the quarter-resolution glow (bilinear) to the HDR frame.
uniform sampler2D uGlow;
uniform float uIntensity;

void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  outputColor = vec4(texture2D(uGlow, uv).rgb * uIntensity, inputColor.a);
}
