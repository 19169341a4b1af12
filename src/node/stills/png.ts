/**
 * A streaming PNG writer (8-bit RGBA, adaptive row filters, one zlib stream): rows go out as they
 * come, so a poster larger than memory comfortably holds is never assembled whole. pngjs decodes
 * the pieces; it can only encode a whole image at once, hence this.
 */
import { createWriteStream, openSync, readSync, closeSync, fstatSync, renameSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createDeflate, type Deflate } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Wraps deflate output in IDAT chunks, after the signature and IHDR, and ends with IEND. */
class PngChunker extends Transform {
  private started = false;
  constructor(private readonly header: Buffer) {
    super();
  }
  override _transform(data: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (!this.started) {
      this.started = true;
      this.push(this.header);
    }
    this.push(chunk('IDAT', data));
    done();
  }
  override _flush(done: TransformCallback): void {
    if (!this.started) this.push(this.header);
    this.push(chunk('IEND', Buffer.alloc(0)));
    done();
  }
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Writes a PNG row by row to `path` (through `path`.tmp-<pid>, renamed at the end: a killed run
 * never leaves a half-written picture under the real name).
 */
export class PngWriter {
  readonly tmp: string;
  private readonly deflate: Deflate;
  private readonly done: Promise<void>;
  private readonly rowBytes: number;
  private prev: Uint8Array;
  private readonly filtered: Uint8Array[];
  private rowsWritten = 0;
  private failed: unknown = null;

  constructor(
    readonly path: string,
    readonly width: number,
    readonly height: number,
    level = 6,
  ) {
    if (!(width > 0 && height > 0)) throw new Error(`png: bad size ${width}x${height}`);
    this.tmp = `${path}.tmp-${process.pid}`;
    this.rowBytes = width * 4;
    this.prev = new Uint8Array(this.rowBytes);
    this.filtered = [0, 1, 2, 3, 4].map(() => new Uint8Array(this.rowBytes + 1));
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 6; // RGBA
    const header = Buffer.concat([SIGNATURE, chunk('IHDR', ihdr)]);
    this.deflate = createDeflate({ level, chunkSize: 256 * 1024 });
    this.done = pipeline(this.deflate, new PngChunker(header), createWriteStream(this.tmp));
    this.done.catch((e: unknown) => (this.failed = e));
  }

  /** Appends `rows` rows of RGBA pixels (width * 4 bytes each, tightly packed). */
  async writeRows(rgba: Uint8Array, rows: number): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.rowsWritten + rows > this.height) throw new Error(`png: ${this.path}: more than ${this.height} rows`);
    const n = this.rowBytes;
    for (let r = 0; r < rows; r++) {
      const row = rgba.subarray(r * n, (r + 1) * n);
      const best = this.filterRow(row, this.prev);
      this.prev = row;
      if (!this.deflate.write(Buffer.from(best))) await new Promise<void>((res) => this.deflate.once('drain', res));
      this.rowsWritten++;
    }
    // The next call's first row filters against this one: keep a copy, the caller may reuse its buffer.
    this.prev = Uint8Array.from(this.prev);
  }

  /** libpng's heuristic: the filter whose output has the smallest sum of absolute (signed) bytes. */
  private filterRow(row: Uint8Array, up: Uint8Array): Uint8Array {
    const n = this.rowBytes;
    const [f0, f1, f2, f3, f4] = this.filtered;
    f0[0] = 0;
    f1[0] = 1;
    f2[0] = 2;
    f3[0] = 3;
    f4[0] = 4;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    for (let i = 0; i < n; i++) {
      const x = row[i];
      const a = i >= 4 ? row[i - 4] : 0;
      const b = up[i];
      const c = i >= 4 ? up[i - 4] : 0;
      const v0 = x;
      const v1 = (x - a) & 255;
      const v2 = (x - b) & 255;
      const v3 = (x - ((a + b) >> 1)) & 255;
      const v4 = (x - paeth(a, b, c)) & 255;
      f0[i + 1] = v0;
      f1[i + 1] = v1;
      f2[i + 1] = v2;
      f3[i + 1] = v3;
      f4[i + 1] = v4;
      s0 += v0 < 128 ? v0 : 256 - v0;
      s1 += v1 < 128 ? v1 : 256 - v1;
      s2 += v2 < 128 ? v2 : 256 - v2;
      s3 += v3 < 128 ? v3 : 256 - v3;
      s4 += v4 < 128 ? v4 : 256 - v4;
    }
    let best = f0;
    let min = s0;
    if (s1 < min) [best, min] = [f1, s1];
    if (s2 < min) [best, min] = [f2, s2];
    if (s3 < min) [best, min] = [f3, s3];
    if (s4 < min) [best, min] = [f4, s4];
    return best;
  }

  /** Finishes the file and moves it to its real name. */
  async end(): Promise<void> {
    if (this.rowsWritten !== this.height) {
      this.abort();
      throw new Error(`png: ${this.path}: ${this.rowsWritten} of ${this.height} rows written`);
    }
    this.deflate.end();
    await this.done;
    renameSync(this.tmp, this.path);
  }

  /** Drops the temporary file. */
  abort(): void {
    this.deflate.destroy();
    this.done.catch(() => {}).finally(() => rmSync(this.tmp, { force: true }));
  }
}

/** Writes a finished PNG (bytes) to `path` through a temporary name, so it appears whole or not at all. */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Whether `path` is a whole PNG: the signature at the start and an IEND chunk at the end. */
export function isCompletePng(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const size = fstatSync(fd).size;
    if (size < SIGNATURE.length + 12) return false;
    const head = Buffer.alloc(8);
    const tail = Buffer.alloc(12);
    readSync(fd, head, 0, 8, 0);
    readSync(fd, tail, 0, 12, size - 12);
    return head.equals(SIGNATURE) && tail.equals(chunk('IEND', Buffer.alloc(0)));
  } finally {
    closeSync(fd);
  }
}
