/**
 * The mask image (config layout.mask) decoded in Node (tests, tools) with pngjs, into the same
 * coverage grid the page's worker makes (src/app/maskImage.ts; both through coverageFromRGBA).
 */
import { PNG } from 'pngjs';
import { coverageFromRGBA } from '../layout/domain.ts';
import type { MaskImage } from '../layout/kind.ts';

export function decodeMaskPng(png: Uint8Array | ArrayBuffer): MaskImage {
  let img: PNG;
  try {
    img = PNG.sync.read(Buffer.from(png instanceof ArrayBuffer ? new Uint8Array(png) : png));
  } catch {
    throw new Error('layout.mask: the image cannot be decoded as a PNG');
  }
  return coverageFromRGBA(img.data, img.width, img.height);
}
