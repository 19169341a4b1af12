/**
 * The `noctiluca stills` command line, parsed and checked before anything starts: a wrong argument
 * gets its reason and the usage, not a browser.
 */
import type { GlMode } from './browser.ts';
import type { FrameRange, Shard } from './sequence.ts';

export const USAGE = `usage:
  noctiluca stills <installation> --out poster.png [--size 1920x1080] [--time 12.5]
  noctiluca stills <installation> --out frames/ --frames 0:300 [--fps 30] [--size 1920x1080] [--shard i/n] [--audio film.wav]
  noctiluca stills <installation> --audio sound.wav --time 0:48 [--sample-rate 48000]

  --out FILE|DIR     a PNG still, or a folder of numbered PNGs (000000.png …) with --frames
  --audio FILE.wav   the sound, rendered offline: of the frames' times with --frames, else of --time A:B
  --size WxH         output pixels (default 1920x1080); any size: large pictures are drawn in pieces
  --time SECONDS     animation time of the still (default 12.5); with --audio alone, A:B seconds
  --sample-rate N    sample rate of --audio (default 48000)
  --frames A:B       frames A to B-1; frame k is the picture at t = k / fps
  --fps N            frames per second of the sequence (default 30)
  --shard i/n        render only the i-th of n contiguous parts of the frames (1 <= i <= n)
  --piece WxH        force this piece size (default: as few pieces as the browser can draw)
  --margin PX        bloom margin around each piece (default 6 * 2^bloom levels)
  --gl MODE          auto (GPU when there is one, else SwiftShader), gpu or swiftshader
  --installations DIR  where installations are (default installations/)
  --dist DIR         render from a build (vite build's output) instead of the dev server
  --port N           the port of that server on 127.0.0.1 (default: any free one)

Frames already in the folder are skipped, so a stopped sequence resumes where it was.
Video (ffmpeg is not installed by npm: apt-get install ffmpeg, brew install ffmpeg): ffmpeg -framerate 30 -i frames/%06d.png -c:v libx264 -pix_fmt yuv420p -crf 16 film.mp4
With sound: ffmpeg -framerate 30 -i frames/%06d.png -i film.wav -c:v libx264 -pix_fmt yuv420p -crf 16 -c:a aac -b:a 256k -shortest film.mp4
See docs/STILLS.md.`;

export interface StillsArgs {
  installation: string;
  /** The still or the frames' folder; null when only the sound is rendered. */
  out: string | null;
  /** The sound's WAV file, or null. */
  audio: string | null;
  /** Clock seconds [start, end) of the sound (with --frames: the frames' times). */
  audioRange: { start: number; end: number } | null;
  sampleRate: number;
  width: number;
  height: number;
  /** A still at this time, or null for a sequence. */
  time: number | null;
  frames: FrameRange | null;
  fps: number;
  shard: Shard | null;
  piece: [number, number] | null;
  margin: number | null;
  gl: GlMode;
  installations: string | null;
  dist: string | null;
  /** The page server's port; 0: any free one. */
  port: number;
}

export class UsageError extends Error {}

const DEFAULT_SIZE: [number, number] = [1920, 1080];
export const DEFAULT_TIME = 12.5;
/** Largest output side: 32768 px (a 32K poster is already 4.3 GB of RGBA in pieces). */
export const MAX_SIDE = 32768;

function size(flag: string, v: string, max = MAX_SIDE): [number, number] {
  const m = /^(\d+)x(\d+)$/.exec(v);
  if (!m) throw new UsageError(`${flag}: expected WIDTHxHEIGHT in pixels, e.g. 1920x1080, got "${v}"`);
  const w = Number(m[1]);
  const h = Number(m[2]);
  if (w < 1 || h < 1 || w > max || h > max) throw new UsageError(`${flag}: each side must be from 1 to ${max} px, got ${w}x${h}`);
  return [w, h];
}

function number(flag: string, v: string, min: number, integer = false): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag}: expected ${integer ? 'a whole number' : 'a number'} from ${min}, got "${v}"`);
  }
  return n;
}

const FLAGS = ['--out', '--audio', '--sample-rate', '--size', '--time', '--frames', '--fps', '--shard', '--piece', '--margin', '--gl', '--installations', '--dist', '--port'];
/** Older spellings still taken: `--tile` was `--piece` before "tile" came to mean only a wall's output. */
const ALIASES: Record<string, string> = { '--tile': '--piece' };

/** Parses `stills` arguments; throws UsageError with the reason. */
export function parseStillsArgs(args: string[]): StillsArgs {
  const values = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const given = eq > 0 ? a.slice(0, eq) : a;
    const flag = ALIASES[given] ?? given;
    if (!FLAGS.includes(flag)) throw new UsageError(`unknown option ${flag}`);
    const value = eq > 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    if (values.has(flag)) throw new UsageError(`${flag} given twice`);
    values.set(flag, value);
  }
  if (positional.length === 0) throw new UsageError('which installation? (e.g. noctiluca stills harmonia --out poster.png)');
  if (positional.length > 1) throw new UsageError(`one installation at a time, got ${positional.map((p) => `"${p}"`).join(', ')}`);
  const audio = values.get('--audio') ?? null;
  if (audio !== null && !/\.wav$/i.test(audio)) throw new UsageError(`--audio: the sound is written as WAV; name it *.wav, got "${audio}"`);
  if (values.has('--sample-rate') && audio === null) throw new UsageError('--sample-rate is for the sound: give --audio FILE.wav too');
  const sampleRate = values.has('--sample-rate') ? number('--sample-rate', values.get('--sample-rate')!, 8000, true) : 48000;
  if (sampleRate > 192000) throw new UsageError(`--sample-rate: at most 192000, got ${sampleRate}`);
  if (audio !== null && !values.has('--frames')) return audioOnly(positional[0], audio, sampleRate, values);
  const out = values.get('--out');
  if (!out) throw new UsageError('--out is required: a PNG file for a still, a folder for --frames (or --audio FILE.wav --time A:B for the sound alone)');
  if (audio !== null && values.has('--shard')) throw new UsageError('--audio with --shard: render the sound in a run of its own (--audio FILE.wav --time A:B)');

  const [width, height] = values.has('--size') ? size('--size', values.get('--size')!) : DEFAULT_SIZE;
  let frames: FrameRange | null = null;
  if (values.has('--frames')) {
    const v = values.get('--frames')!;
    const m = /^(\d+):(\d+)$/.exec(v);
    if (!m) throw new UsageError(`--frames: expected START:END (frames START to END-1), e.g. 0:300, got "${v}"`);
    frames = { start: Number(m[1]), end: Number(m[2]) };
    if (frames.end <= frames.start) throw new UsageError(`--frames: END must be greater than START, got ${v}`);
    if (values.has('--time')) throw new UsageError('--time is for a still; a sequence takes --frames and --fps (frame k is at k / fps)');
  } else {
    for (const f of ['--fps', '--shard']) if (values.has(f)) throw new UsageError(`${f} is for a sequence: give --frames A:B too`);
    if (/\.png$/i.test(out) === false) throw new UsageError(`--out: a still is written as PNG; name it *.png, got "${out}"`);
  }
  if (!frames && /:/.test(values.get('--time') ?? '')) throw new UsageError('--time A:B is the range of the sound: give --audio FILE.wav (and no --out), or --time SECONDS for a still');
  const time = frames ? null : values.has('--time') ? number('--time', values.get('--time')!, 0) : DEFAULT_TIME;
  const fps = values.has('--fps') ? number('--fps', values.get('--fps')!, Number.MIN_VALUE) : 30;
  if (fps > 1000) throw new UsageError(`--fps: at most 1000, got ${fps}`);

  let shard: Shard | null = null;
  if (values.has('--shard')) {
    const v = values.get('--shard')!;
    const m = /^(\d+)\/(\d+)$/.exec(v);
    const index = m ? Number(m[1]) : NaN;
    const count = m ? Number(m[2]) : NaN;
    if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard: expected i/n with 1 <= i <= n (e.g. 2/8), got "${v}"`);
    shard = { index, count };
  }
  const piece = values.has('--piece') ? size('--piece', values.get('--piece')!, 8192) : null;
  const margin = values.has('--margin') ? number('--margin', values.get('--margin')!, 0, true) : null;
  const gl = glOf(values);
  return {
    installation: positional[0],
    out,
    audio,
    audioRange: audio !== null && frames ? { start: frames.start / fps, end: frames.end / fps } : null,
    sampleRate,
    width,
    height,
    time,
    frames,
    fps,
    shard,
    piece,
    margin,
    gl,
    installations: values.get('--installations') ?? null,
    dist: values.get('--dist') ?? null,
    port: portOf(values),
  };
}

/** `--audio FILE.wav --time A:B`: the sound alone. */
function audioOnly(installation: string, audio: string, sampleRate: number, values: Map<string, string>): StillsArgs {
  for (const f of ['--out', '--fps', '--shard', '--size', '--piece', '--margin']) {
    if (values.has(f)) throw new UsageError(`${f} is for pictures; the sound alone takes --audio FILE.wav --time A:B (or add --frames A:B --out DIR/ for both)`);
  }
  const v = values.get('--time');
  if (v === undefined) throw new UsageError('--audio needs the range: --time A:B in seconds (e.g. --time 0:48), or --frames A:B with --out DIR/');
  const m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(v);
  if (!m) throw new UsageError(`--time: with --audio, expected START:END in seconds, e.g. 0:48, got "${v}"`);
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (end <= start) throw new UsageError(`--time: END must be greater than START, got ${v}`);
  const gl = glOf(values);
  return {
    installation,
    out: null,
    audio,
    audioRange: { start, end },
    sampleRate,
    width: DEFAULT_SIZE[0],
    height: DEFAULT_SIZE[1],
    time: null,
    frames: null,
    fps: 30,
    shard: null,
    piece: null,
    margin: null,
    gl,
    installations: values.get('--installations') ?? null,
    dist: values.get('--dist') ?? null,
    port: portOf(values),
  };
}

function portOf(values: Map<string, string>): number {
  if (!values.has('--port')) return 0;
  const port = number('--port', values.get('--port')!, 1, true);
  if (port > 65535) throw new UsageError(`--port: at most 65535, got ${port}`);
  return port;
}

function glOf(values: Map<string, string>): GlMode {
  const gl = (values.get('--gl') ?? process.env.NOCTILUCA_GL ?? 'auto') as GlMode;
  if (!['auto', 'gpu', 'swiftshader'].includes(gl)) throw new UsageError(`--gl: expected auto, gpu or swiftshader, got "${gl}"`);
  return gl;
}
