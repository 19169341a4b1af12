/**
 * Opening data files (Node only). Every reader (event log, Synthea CSV, FHIR) opens its files here,
 * so one set of rules holds for every format:
 * - a data file is a regular file: never a device, FIFO or socket (/dev/zero or a pipe never ends);
 * - it lies inside the folder it was found through, symlinks resolved (a link out of the folder is
 *   refused, never opened);
 * - it is at most MAX_STREAMED_FILE bytes when streamed (CSV, NDJSON) and MAX_WHOLE_FILE bytes when
 *   read whole (a JSON array or bundle), checked before reading and again while reading (a file that
 *   grows, or a /proc file that reports no size).
 * Refusals are DataErrors naming the file and the rule; none quotes the file's content.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { relative, isAbsolute, sep } from 'node:path';
import { DataError } from './messages.ts';

/** Largest file read as a stream: about 50 million event-log rows, beyond what one mosaic lays out. */
export const MAX_STREAMED_FILE = 4 * 1024 ** 3;
/** Largest file read whole (JSON arrays, FHIR bundles); bigger event logs go in CSV or NDJSON. */
export const MAX_WHOLE_FILE = 256 * 1024 ** 2;

const size = (bytes: number) =>
  bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : bytes >= 1024 ** 2 ? `${(bytes / 1024 ** 2).toFixed(1)} MiB` : `${bytes} bytes`;

export const fileMsg = {
  notFound: (file: string) => `${file}: not found; nothing was loaded`,
  outside: (file: string, folder: string) =>
    `${file}: leads outside ${folder} (through a symbolic link); data files must lie inside it; refused, nothing was read`,
  notRegular: (file: string, kind: string) =>
    `${file}: is a ${kind}, not a regular file; a data file must be a file on disk (a device or pipe may never end); refused, nothing was read`,
  tooBig: (file: string, bytes: number, max: number, whole: boolean) =>
    `${file}: is ${size(bytes)}, over the limit of ${size(max)} for ${whole ? 'a file read whole (use CSV or NDJSON for more)' : 'one data file'}; refused, nothing was read`,
  grew: (file: string, max: number) => `${file}: grew past ${size(max)} while it was read; stopped, nothing was loaded`,
};

/** True when `path` is `folder` or lies inside it (both absolute and already resolved). */
export function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function kindOf(s: { isDirectory(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (s.isDirectory()) return 'folder';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'device';
  if (s.isFIFO()) return 'pipe (FIFO)';
  if (s.isSocket()) return 'socket';
  return 'special file';
}

export interface CheckedFile {
  /** The resolved path, which is what gets opened. */
  real: string;
  bytes: number;
}

/**
 * Check a data file before it is opened: inside `within` (a folder, or the file itself) once
 * symlinks are resolved, a regular file, at most `maxBytes`. `label` names it in messages.
 */
export async function checkDataFile(file: string, within: string, maxBytes: number, label = file): Promise<CheckedFile> {
  let real: string;
  let realWithin: string;
  try {
    real = await realpath(file);
    realWithin = await realpath(within);
  } catch {
    throw new DataError(fileMsg.notFound(label));
  }
  if (!isInside(real, realWithin)) throw new DataError(fileMsg.outside(label, within));
  const s = await stat(real);
  if (!s.isFile()) throw new DataError(fileMsg.notRegular(label, kindOf(s)));
  if (s.size > maxBytes) throw new DataError(fileMsg.tooBig(label, s.size, maxBytes, maxBytes < MAX_STREAMED_FILE));
  return { real, bytes: s.size };
}

export interface StreamOptions {
  maxBytes?: number;
  /** Bytes per chunk (default 1 MiB). */
  chunkBytes?: number;
  label?: string;
}

/**
 * Stream a checked data file as UTF-8 text (multi-byte characters never split). `onChunk` returns
 * false to stop early. Stops with a DataError when more than `maxBytes` arrive.
 */
export function streamDataFile(file: string, within: string, onChunk: (text: string) => boolean | void, opts: StreamOptions = {}): Promise<void> {
  return stream(file, within, 'utf8', onChunk as (chunk: string | Uint8Array) => boolean | void, opts);
}

/**
 * The same as raw bytes, for a reader that works on UTF-8 bytes itself (the CSV intake): a chunk may
 * end inside a multi-byte character.
 */
export function streamDataBytes(file: string, within: string, onChunk: (bytes: Uint8Array) => boolean | void, opts: StreamOptions = {}): Promise<void> {
  return stream(file, within, undefined, onChunk as (chunk: string | Uint8Array) => boolean | void, opts);
}

async function stream(file: string, within: string, encoding: 'utf8' | undefined, onChunk: (chunk: string | Uint8Array) => boolean | void, opts: StreamOptions): Promise<void> {
  const maxBytes = opts.maxBytes ?? MAX_STREAMED_FILE;
  const label = opts.label ?? file;
  const { real } = await checkDataFile(file, within, maxBytes, label);
  const stream = createReadStream(real, { encoding, highWaterMark: opts.chunkBytes ?? 1 << 20 });
  try {
    for await (const chunk of stream) {
      if (stream.bytesRead > maxBytes) throw new DataError(fileMsg.grew(label, maxBytes));
      if (onChunk(chunk as string | Uint8Array) === false) break;
    }
  } finally {
    stream.destroy();
  }
}

/** Read a checked data file whole, as UTF-8 text (at most MAX_WHOLE_FILE bytes by default). */
export async function readWholeDataFile(file: string, within: string, opts: Omit<StreamOptions, 'chunkBytes'> = {}): Promise<string> {
  const parts: string[] = [];
  await streamDataFile(file, within, (t) => void parts.push(t), { maxBytes: opts.maxBytes ?? MAX_WHOLE_FILE, label: opts.label, chunkBytes: 1 << 20 });
  return parts.join('');
}
