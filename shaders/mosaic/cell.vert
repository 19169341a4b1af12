// The mosaic's one full-screen pass (cell.frag shades every pixel from the cell image): a triangle
// that covers the screen, and where each of its pixels is in mosaic space.
uniform mat4 uClipToMosaic;  // clip space → mosaic space for the camera the frame is drawn with

out vec2 vUv;       // where the pixel is in the cell image (drawn at this target's size)
out vec2 vMosaic;   // where the pixel is in mosaic space

void main() {
  vUv = position.xy * 0.5 + 0.5;
  vMosaic = (uClipToMosaic * vec4(position.xy, 0.0, 1.0)).xy;
  gl_Position = vec4(position.xy, 0.0, 1.0);
}
