import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { PngWriter, isCompletePng, writeFileAtomic } from './png.ts';

const dir = mkdtempSync(join(tmpdir(), 'noctiluca-png-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function picture(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = 4 * (y * width + x);
      data[i] = (x * 7 + y * 3) & 255; // gradients (Sub/Up/Paeth win) and noise (None wins)
      data[i + 1] = (x * y) & 255;
      data[i + 2] = ((x ^ y) * 31 + 17 * ((x * 2654435761) >>> 28)) & 255;
      data[i + 3] = 255 - (y & 15);
    }
  return data;
}

describe('PngWriter', () => {
  it('writes rows in bands that pngjs reads back exactly', async () => {
    const [w, h] = [173, 61];
    const px = picture(w, h);
    const file = join(dir, 'bands.png');
    const png = new PngWriter(file, w, h);
    for (const [from, to] of [[0, 20], [20, 21], [21, 61]]) await png.writeRows(px.subarray(from * w * 4, to * w * 4), to - from);
    expect(existsSync(file)).toBe(false); // only the temporary file until the end
    await png.end();
    const back = PNG.sync.read(readFileSync(file));
    expect([back.width, back.height]).toEqual([w, h]);
    expect(Buffer.compare(back.data, Buffer.from(px))).toBe(0);
    expect(isCompletePng(file)).toBe(true);
    expect(readdirSync(dir).some((f) => f.includes('.tmp-'))).toBe(false);
  });

  it('refuses to finish a picture with rows missing, and leaves no file', async () => {
    const file = join(dir, 'short.png');
    const png = new PngWriter(file, 4, 4);
    await png.writeRows(new Uint8Array(4 * 4 * 2), 2);
    await expect(png.end()).rejects.toThrow(/2 of 4 rows written/);
    // The temporary file is removed as the stream closes: waited for (50 ms was not enough on a loaded machine), up to 5 s.
    const leftover = () => readdirSync(dir).some((f) => f.startsWith('short.png'));
    for (let k = 0; k < 100 && leftover(); k++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(file)).toBe(false);
    expect(leftover()).toBe(false);
  });
});

describe('isCompletePng', () => {
  it('tells a whole PNG from a truncated one or another file', async () => {
    const whole = join(dir, 'whole.png');
    await writeFileAtomic(whole, PNG.sync.write(Object.assign(new PNG({ width: 3, height: 2 }), { data: Buffer.alloc(24, 200) })));
    expect(isCompletePng(whole)).toBe(true);
    const bytes = readFileSync(whole);
    writeFileSync(join(dir, 'cut.png'), bytes.subarray(0, bytes.length - 5));
    expect(isCompletePng(join(dir, 'cut.png'))).toBe(false);
    writeFileSync(join(dir, 'text.png'), 'not a picture at all, but long enough');
    expect(isCompletePng(join(dir, 'text.png'))).toBe(false);
    expect(isCompletePng(join(dir, 'missing.png'))).toBe(false);
  });
});
