/**
 * `noctiluca stills <installation> --out poster.png --size 7680x4320 --time 12.5`: a still at any
 * size; `--frames 0:300 --fps 30 --out frames/`: a frame-exact, resumable, shardable PNG sequence.
 * Both drive the real page in headless Chromium (see docs/STILLS.md).
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { INSTALLATIONS_DIR, listInstallations, loadInstallation } from '../../node/config.ts';
import { USAGE, UsageError, formatDuration, openStills, parseStillsArgs, renderAudio, renderSequence, type StillsArgs } from '../../node/stills/index.ts';
import { print, printError } from '../output.ts';

export const summary = 'render a still at any size (--out x.png), a frame-exact PNG sequence (--frames A:B --fps N --out dir/), and the sound (--audio x.wav)';

export const usage = USAGE;

const log = (line: string) => printError(`stills: ${line}`);

/** Checks the installation before anything starts; null when fine, else the message. */
async function checkInstallation(a: StillsArgs): Promise<string | null> {
  if (a.dist) return null; // the build's index is read when its server starts
  const root = resolve(a.installations ?? INSTALLATIONS_DIR);
  const names = listInstallations(root);
  if (!names.includes(a.installation)) {
    return names.length
      ? `no installation named "${a.installation}" in ${root}; known: ${names.join(', ')}`
      : `no installation named "${a.installation}": ${root} has none`;
  }
  const loaded = await loadInstallation(a.installation, { root, checkFiles: true });
  return loaded.config ? null : loaded.errors.map((e) => e.text).join('\n');
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    print(USAGE);
    return 0;
  }
  let a: StillsArgs;
  try {
    a = parseStillsArgs(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    printError(`noctiluca stills: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  const problem = await checkInstallation(a);
  if (problem) {
    printError(`noctiluca stills: ${problem}`);
    return 1;
  }
  if (a.out && a.frames) {
    if (existsSync(a.out) && !statSync(a.out).isDirectory()) {
      printError(`noctiluca stills: --out ${a.out} is a file; a sequence needs a folder`);
      return 2;
    }
    mkdirSync(a.out, { recursive: true });
  } else if (a.out) {
    mkdirSync(dirname(resolve(a.out)), { recursive: true });
  }
  if (a.audio) mkdirSync(dirname(resolve(a.audio)), { recursive: true });

  const started = performance.now();
  const ctx = await openStills({ installations: a.installations, dist: a.dist, gl: a.gl, port: a.port });
  try {
    log(`${ctx.browser.gpu ? 'GPU' : 'software'} WebGL: ${ctx.browser.renderer}`);
    const renderer = await ctx.installation(a.installation, log);
    const pieces = { piece: a.piece, margin: a.margin ?? undefined };
    if (a.out && a.frames) {
      const r = await renderSequence({ renderer, width: a.width, height: a.height, fps: a.fps, frames: a.frames, shard: a.shard, outDir: a.out, pieces });
      const plan = renderer.plan(a.width, a.height, pieces);
      const span = r.frames.length ? `frames ${r.frames[0]}–${r.frames[r.frames.length - 1]}` : 'no frames';
      log(`${span}${a.shard ? ` (shard ${a.shard.index}/${a.shard.count})` : ''} in ${a.out}: ${r.rendered} rendered, ${r.skipped} already there; ${a.width}x${a.height}, ${plan.pieces.length} piece(s) each`);
    } else if (a.out) {
      const t0 = performance.now();
      const plan = await renderer.drawFrame(a.time!, a.width, a.height, a.out, pieces);
      const pieceNote = plan.pieces.length > 1 ? `, ${plan.cols}x${plan.rows} pieces with a ${plan.margin} px bloom margin` : '';
      log(`wrote ${a.out}: ${a.width}x${a.height} at t=${a.time}${pieceNote}, drawn in ${formatDuration((performance.now() - t0) / 1000)}`);
    }
    if (a.audio && a.audioRange) {
      const r = await renderAudio({ browser: ctx.browser.browser, site: ctx.site, installation: a.installation, ...a.audioRange, sampleRate: a.sampleRate, out: a.audio });
      log(
        `wrote ${a.audio}: ${r.seconds.toFixed(2)} s of sound (t=${a.audioRange.start}–${a.audioRange.end}), ${r.notes.length} notes, peak ${(20 * Math.log10(Math.max(1e-9, r.peak))).toFixed(1)} dBFS, ` +
          `rendered in ${formatDuration(r.wallSeconds)} (${(r.seconds / Math.max(1e-6, r.wallSeconds)).toFixed(0)}x real time)`,
      );
    }
  } finally {
    await ctx.close();
  }
  log(`done in ${formatDuration((performance.now() - started) / 1000)}`);
  return 0;
}
