/**
 * Draws Harmonia's harbour-city silhouette, the shipped example of a `mask` layout
 * (installations/harmonia/harbour.png, used by the preset installations/harmonia/presets/harbour.json):
 * a skyline rising to a downtown of towers and spires, a domed hall, dock cranes on the left, a
 * lighthouse on its breakwater on the right, and a pier with moored boats on the water. White is
 * inside, black outside; a grey-scale PNG of a few kilobytes. Seeded and drawn from shapes alone, so
 * the same command writes the same bytes.
 *
 *   npx tsx scripts/make-harbour-mask.ts [out.png]
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { createRandom } from '../src/layout/random.ts';

const W = 800;
const H = 400;
/** The waterline: the city stands on it, boats float on it. */
const SEA = 300;

/** The silhouette as a bitmap (1 = inside), and the shapes that fill it. */
export function harbourMask(): Uint8Array {
  const px = new Uint8Array(W * H);
  const rect = (x0: number, y0: number, x1: number, y1: number) => {
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(H, Math.ceil(y1)); y++) {
      for (let x = Math.max(0, Math.floor(x0)); x < Math.min(W, Math.ceil(x1)); x++) px[y * W + x] = 1;
    }
  };
  /** A filled polygon (even-odd scanlines at pixel centres). */
  const poly = (pts: [number, number][]) => {
    for (let y = 0; y < H; y++) {
      const yc = y + 0.5;
      const xs: number[] = [];
      for (let k = 0; k < pts.length; k++) {
        const [ax, ay] = pts[k];
        const [bx, by] = pts[(k + 1) % pts.length];
        if ((ay <= yc && by > yc) || (by <= yc && ay > yc)) xs.push(ax + ((yc - ay) / (by - ay)) * (bx - ax));
      }
      xs.sort((a, b) => a - b);
      for (let k = 0; k + 1 < xs.length; k += 2) rect(xs[k], y, xs[k + 1], y + 1);
    }
  };
  const disc = (cx: number, cy: number, r: number) => {
    for (let y = Math.floor(cy - r); y <= cy + r; y++) {
      for (let x = Math.floor(cx - r); x <= cx + r; x++) if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r) rect(x, y, x + 1, y + 1);
    }
  };
  const random = createRandom(2142);

  // The quay the city stands on.
  rect(40, SEA - 14, 720, SEA + 6);
  // The skyline: blocks of random width, taller towards downtown (a little right of centre).
  for (let x = 150; x < 590; ) {
    const w = 16 + random() * 26;
    const t = (x + w / 2 - 380) / 210;
    const envelope = Math.exp(-t * t * 1.6);
    const h = 40 + envelope * (120 + random() * 90) + random() * 30;
    rect(x, SEA - h, x + w - 2, SEA);
    const top = SEA - h;
    const r = random();
    if (r < 0.22 && envelope > 0.4) rect(x + w / 2 - 5, top - 34 - random() * 20, x + w / 2 + 5, top); // a spire
    else if (r < 0.4) rect(x + 4, top - 12, x + w - 6, top); // a stepped top
    else if (r < 0.5) poly([[x, top], [x + w - 2, top], [x + (w - 2) / 2, top - 16]]); // a gable
    x += w;
  }
  // A domed hall by the water.
  rect(600, SEA - 60, 680, SEA);
  disc(640, SEA - 60, 36);
  rect(635, SEA - 116, 645, SEA - 92);
  // Dock cranes on the left: mast, jib, counter-jib, cable and hook block.
  for (const cx of [70, 118]) {
    rect(cx - 5, SEA - 150, cx + 5, SEA);
    poly([[cx - 5, SEA - 150], [cx + 5, SEA - 150], [cx, SEA - 166]]);
    rect(cx - 30, SEA - 152, cx + 72, SEA - 142);
    rect(cx - 30, SEA - 152, cx - 18, SEA - 130);
    rect(cx + 56, SEA - 142, cx + 59, SEA - 96);
    rect(cx + 50, SEA - 98, cx + 65, SEA - 86);
  }
  // Warehouses on the docks.
  rect(40, SEA - 46, 150, SEA);
  poly([[40, SEA - 46], [95, SEA - 66], [150, SEA - 46]]);
  // The breakwater and its lighthouse.
  rect(680, SEA - 6, 790, SEA + 8);
  poly([[740, SEA - 6], [764, SEA - 6], [758, SEA - 120], [746, SEA - 120]]);
  rect(741, SEA - 134, 763, SEA - 120);
  poly([[739, SEA - 134], [765, SEA - 134], [752, SEA - 150]]);
  // The pier and boats on the water.
  rect(300, SEA, 316, SEA + 56);
  rect(250, SEA + 50, 420, SEA + 60);
  for (const [bx, by, bw] of [[180, SEA + 40, 70], [440, SEA + 34, 90], [560, SEA + 46, 60]] as const) {
    poly([[bx, by], [bx + bw, by], [bx + bw * 0.85, by + 18], [bx + bw * 0.12, by + 18]]);
    rect(bx + bw * 0.45, by - 48, bx + bw * 0.45 + 4, by); // mast
    poly([[bx + bw * 0.45 + 4, by - 46], [bx + bw * 0.45 + 4, by - 4], [bx + bw * 0.9, by - 4]]); // sail
  }
  return px;
}

/** The silhouette as PNG bytes: grey-scale, white inside. */
export function harbourPng(): Buffer {
  const px = harbourMask();
  const png = new PNG({ width: W, height: H, colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 });
  const data = Buffer.alloc(W * H);
  for (let i = 0; i < W * H; i++) data[i] = px[i] ? 255 : 0;
  png.data = data;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8, deflateLevel: 9 });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? resolve(dirname(fileURLToPath(import.meta.url)), '../installations/harmonia/harbour.png'));
  const bytes = harbourPng();
  writeFileSync(out, bytes);
  console.log(`wrote ${out}: ${W}x${H}, ${bytes.length} bytes`);
}
