// Build step after `vite build`: renders every built installation's poster (the viewer's first
// screen, its fallback without WebGL, the gallery's thumbnail) from the build itself, served by
// `vite preview`, into dist/installations/<name>/poster.png.
//   tsx scripts/build-posters.ts [--dist dist] [--size 1280x720] [--time 12.5]
// NOCTILUCA_SKIP_POSTERS=1 skips it (a build machine without Chromium); the viewer then shows its
// placeholder.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_TIME, formatDuration, openStills } from '../src/node/stills/index.ts';

const { values } = parseArgs({
  options: { dist: { type: 'string', default: 'dist' }, size: { type: 'string', default: '1280x720' }, time: { type: 'string', default: String(DEFAULT_TIME) } },
});
const size = /^(\d+)x(\d+)$/.exec(values.size!);
const time = Number(values.time);
if (!size || !Number.isFinite(time) || time < 0) {
  console.error(`build-posters: --size WxH and --time SECONDS, got --size ${values.size} --time ${values.time}`);
  process.exit(2);
}
if (process.env.NOCTILUCA_SKIP_POSTERS === '1') {
  console.error('build-posters: skipped (NOCTILUCA_SKIP_POSTERS=1): the viewer shows its placeholder instead of posters');
  process.exit(0);
}

const [width, height] = [Number(size[1]), Number(size[2])];
const dist = resolve(values.dist!);
const started = performance.now();
const ctx = await openStills({ dist, gl: (process.env.NOCTILUCA_GL as 'auto' | 'gpu' | 'swiftshader' | undefined) ?? 'auto' });
let failed = 0;
try {
  console.error(`build-posters: ${ctx.site.names.length} installation(s), ${width}x${height} at t=${time}, ${ctx.browser.gpu ? 'GPU' : 'SwiftShader'}`);
  for (const name of ctx.site.names) {
    const out = join(dist, 'installations', name, 'poster.png');
    const t0 = performance.now();
    try {
      const renderer = await ctx.installation(name, (line) => console.error(`build-posters: ${line}`));
      await renderer.drawFrame(time, width, height, out);
      await renderer.close(); // one page at a time: each holds a WebGL context and a mosaic
      console.error(`build-posters: ${out} (${formatDuration((performance.now() - t0) / 1000)})`);
    } catch (e) {
      failed++;
      console.error(`build-posters: ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
} finally {
  await ctx.close();
}
console.error(`build-posters: ${failed ? `${failed} failed` : 'done'} in ${formatDuration((performance.now() - started) / 1000)}`);
process.exit(failed ? 1 : 0);
