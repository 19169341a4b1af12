// Stirring, drawn into the light field: one point per recorded disturbance sample (a touch, a
// pointer's path, a movement the camera saw), read from the stir texture (src/render/stir.ts): row 0
// x, y (0–1 of the mosaic), time (seconds before uStirNow is positive age) and its amplitude after
// fatigue; row 1 its radius (fraction of the mosaic height).
uniform sampler2D uStir;
uniform int uStirCount;
uniform float uStirNow;
uniform vec3 uStirShape;   // rise, decay (seconds), peak normaliser
uniform vec2 uFieldSize;

flat out float vAmplitude;
flat out float vAge;

void main() {
  int k = gl_VertexID;
  vec4 a = texelFetch(uStir, ivec2(k, 0), 0);
  vec4 b = texelFetch(uStir, ivec2(k, 1), 0);
  float age = uStirNow - a.z;
  if (k >= uStirCount || age <= 0.0 || age > 8.0 * uStirShape.y || a.w <= 0.0) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    gl_PointSize = 0.0;
    return;
  }
  vAmplitude = a.w;
  vAge = age;
  // Two and a half radii hold all but a trace of the Gaussian.
  gl_PointSize = min(5.0 * b.x * uFieldSize.y + 2.0, 1024.0);
  gl_Position = vec4(a.xy * 2.0 - 1.0, 0.0, 1.0);
}
