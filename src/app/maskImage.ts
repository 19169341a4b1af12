/**
 * The mask image (config layout.mask), decoded where the layout runs: in the pipeline worker, by
 * createImageBitmap and an OffscreenCanvas, into the coverage grid the layout reads
 * (src/layout/domain.ts coverageFromRGBA; Node decodes with pngjs into the same, src/node/maskImage.ts).
 */
import { coverageFromRGBA } from '../layout/domain.ts';
import type { MaskImage } from '../layout/kind.ts';

/** Largest mask side decoded (a mask needs no more detail than the cells can show). */
export const MAX_MASK_SIDE = 4096;

/** PNG bytes → coverage grid; throws with a message for the page when the bytes are not a usable PNG. */
export async function decodeMaskInBrowser(png: ArrayBuffer): Promise<MaskImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([png], { type: 'image/png' }), { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  } catch {
    throw new Error('layout.mask: the image cannot be decoded as a PNG');
  }
  const { width, height } = bitmap;
  if (width > MAX_MASK_SIDE || height > MAX_MASK_SIDE) {
    bitmap.close();
    throw new Error(`layout.mask: the image is ${width}x${height} px; at most ${MAX_MASK_SIDE} px a side is read (a smaller image looks the same in cells)`);
  }
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('layout.mask: this browser cannot read image pixels in a worker');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return coverageFromRGBA(ctx.getImageData(0, 0, width, height).data, width, height);
}
