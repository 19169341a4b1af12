// Probe (issue 21): why nothing is instanced. SwiftShader, raw WebGL2 at 64x36: N instances of one
// triangle against one draw of 3N vertices that find their "instance" by gl_VertexID, both empty of
// pixels, GPU-synced (a one-pixel readPixels before and after).
//   npx tsx bench/instancing.ts
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../src/node/chromium.ts';

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
try {
  const page = await browser.newPage({ viewport: { width: 64, height: 36 } });
  await page.setContent('<canvas id=c width=64 height=36></canvas>');
  // A string, not a function: tsx would add helpers the page does not have.
  const times = (await page.evaluate(`(() => {
    const gl = (document.getElementById('c')).getContext('webgl2');
    const program = (vertex) => {
      const p = gl.createProgram();
      for (const [type, src] of [
        [gl.VERTEX_SHADER, vertex],
        [gl.FRAGMENT_SHADER, '#version 300 es\\nprecision highp float; out vec4 o; void main() { o = vec4(1); }'],
      ]) {
        const s = gl.createShader(type);
        gl.shaderSource(s, src);
        gl.compileShader(s);
        gl.attachShader(p, s);
      }
      gl.linkProgram(p);
      return p;
    };
    const place = 'gl_Position = vec4(fract(c * 0.618) * 2.0 - 1.0 + k * 0.001, fract(c * 0.377) * 2.0 - 1.0, 0.0, 1.0);';
    const instanced = program(\`#version 300 es\\nvoid main() { float c = float(gl_InstanceID); float k = float(gl_VertexID); \${place} }\`);
    const flat = program(\`#version 300 es\\nvoid main() { float c = float(gl_VertexID / 3); float k = float(gl_VertexID % 3); \${place} }\`);
    const px = new Uint8Array(4);
    const synced = (draw) => {
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
      const t = performance.now();
      draw();
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
      return performance.now() - t;
    };
    const out = {};
    for (const n of [100_000, 1_000_000]) {
      gl.useProgram(instanced);
      synced(() => gl.drawArraysInstanced(gl.TRIANGLES, 0, 3, n)); // warm-up
      out[\`\${n} instances of a triangle\`] = synced(() => gl.drawArraysInstanced(gl.TRIANGLES, 0, 3, n));
      gl.useProgram(flat);
      synced(() => gl.drawArrays(gl.TRIANGLES, 0, 3 * n));
      out[\`one draw of \${3 * n} vertices\`] = synced(() => gl.drawArrays(gl.TRIANGLES, 0, 3 * n));
    }
    return out;
  })()`)) as Record<string, number>;
  for (const [what, ms] of Object.entries(times)) console.log(`${what}: ${ms.toFixed(0)} ms`);
} finally {
  await browser.close();
}
