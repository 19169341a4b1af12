/**
 * A small camera video for tests: a bright square moving left to right across the top third of a
 * dark frame, as a Y4M file that Chromium's fake capture device plays in a loop
 * (`--use-fake-device-for-media-stream --use-file-for-fake-video-capture=<file>`). Nothing is checked
 * in: the camera test writes it to a temporary folder.
 *
 *   npx tsx scripts/fake-camera.ts out.y4m [--frames 60]
 */
import { writeFileSync } from 'node:fs';

export interface FakeCamera {
  width: number;
  height: number;
  fps: number;
  frames: number;
  /** The square: its side and the rows it covers (pixels, from the top). */
  square: { size: number; top: number };
}

export const FAKE_CAMERA: FakeCamera = { width: 160, height: 90, fps: 30, frames: 60, square: { size: 24, top: 8 } };

/** The square's left edge in frame k (it sweeps from left to right, then starts again). */
export function squareLeft(k: number, c: FakeCamera = FAKE_CAMERA): number {
  return Math.round(8 + ((c.width - c.square.size - 16) * (k % c.frames)) / (c.frames - 1));
}

/** The video as Y4M bytes (4:2:0: a luma plane, then two quarter-size chroma planes per frame). */
export function fakeCameraY4m(c: FakeCamera = FAKE_CAMERA): Buffer {
  const header = Buffer.from(`YUV4MPEG2 W${c.width} H${c.height} F${c.fps}:1 Ip A1:1 C420jpeg\n`);
  const luma = c.width * c.height;
  const chroma = (c.width / 2) * (c.height / 2);
  const frameHeader = Buffer.from('FRAME\n');
  const parts: Buffer[] = [header];
  for (let k = 0; k < c.frames; k++) {
    const y = Buffer.alloc(luma, 16);
    const left = squareLeft(k, c);
    for (let row = c.square.top; row < c.square.top + c.square.size; row++) y.fill(235, row * c.width + left, row * c.width + left + c.square.size);
    parts.push(frameHeader, y, Buffer.alloc(2 * chroma, 128));
  }
  return Buffer.concat(parts);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, flag, n] = process.argv.slice(2);
  if (!out || out === '--help') {
    console.log('usage: npx tsx scripts/fake-camera.ts out.y4m [--frames N]');
    process.exit(out ? 0 : 2);
  }
  const c = flag === '--frames' ? { ...FAKE_CAMERA, frames: Math.max(2, Number(n) || FAKE_CAMERA.frames) } : FAKE_CAMERA;
  writeFileSync(out, fakeCameraY4m(c));
  console.log(`wrote ${out}: ${c.frames} frames of ${c.width}x${c.height}`);
}
