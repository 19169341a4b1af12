/**
 * Where cells go. Mosaic space is x in [0, width] (the output's aspect), y in [0, height] (1), y
 * down. The domain is either that whole rectangle or the inside of a mask image fitted into it
 * (contained and centred, so the silhouette keeps its shape on every screen).
 *
 * A mask arrives as a coverage grid (MaskImage: one byte a pixel), however it was decoded: in the
 * browser's pipeline worker by createImageBitmap and an OffscreenCanvas, in Node by pngjs. Both go
 * through coverageFromRGBA, so they agree byte for byte.
 */
import type { MaskImage } from './kind.ts';

/** A pixel is inside the mask from this coverage on (of 255). */
export const MASK_INSIDE = 128;

export interface FittedMask {
  image: MaskImage;
  /** Mosaic units per image pixel. */
  scale: number;
  /** The image's top-left corner in mosaic space. */
  x0: number;
  y0: number;
}

export interface Domain {
  width: number;
  height: number;
  /** The inside's bounding box in mosaic space [x0, y0, x1, y1]. */
  bounds: [number, number, number, number];
  /** The inside's area, mosaic units². */
  area: number;
  /** The mask and where it sits, or null: the whole rectangle is inside. */
  mask: FittedMask | null;
}

export function rectangleDomain(width: number, height: number): Domain {
  return { width, height, bounds: [0, 0, width, height], area: width * height, mask: null };
}

/** Where a w x h image sits when fitted (contained, centred) into a width x height mosaic. */
export function fitImage(w: number, h: number, width: number, height: number): { scale: number; x0: number; y0: number } {
  const scale = Math.min(width / w, height / h);
  return { scale, x0: (width - w * scale) / 2, y0: (height - h * scale) / 2 };
}

/** The inside of `image` fitted into the mosaic; throws (naming the setting) when nothing of it is inside. */
export function maskDomain(image: MaskImage, width: number, height: number): Domain {
  const { width: w, height: h, coverage } = image;
  if (w < 1 || h < 1 || coverage.length !== w * h) throw new Error(`layout.mask: a ${w}x${h} image needs ${w * h} coverage bytes, got ${coverage.length}`);
  const fit = fitImage(w, h, width, height);
  let count = 0;
  let [px0, py0, px1, py1] = [w, h, -1, -1];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (coverage[y * w + x] < MASK_INSIDE) continue;
      count++;
      if (x < px0) px0 = x;
      if (x > px1) px1 = x;
      if (y < py0) py0 = y;
      if (y > py1) py1 = y;
    }
  }
  if (count === 0) {
    throw new Error('layout.mask: the image has no inside: every pixel is dark or transparent (white, opaque pixels are inside); the cells have nowhere to go');
  }
  const { scale, x0, y0 } = fit;
  return {
    width,
    height,
    bounds: [x0 + px0 * scale, y0 + py0 * scale, x0 + (px1 + 1) * scale, y0 + (py1 + 1) * scale],
    area: count * scale * scale,
    mask: { image, scale, x0, y0 },
  };
}

/** Whether mosaic point (x, y) is inside the domain. */
export function insideDomain(d: Domain, x: number, y: number): boolean {
  const m = d.mask;
  if (!m) return x >= 0 && y >= 0 && x <= d.width && y <= d.height;
  const px = Math.floor((x - m.x0) / m.scale);
  const py = Math.floor((y - m.y0) / m.scale);
  if (px < 0 || py < 0 || px >= m.image.width || py >= m.image.height) return false;
  return m.image.coverage[py * m.image.width + px] >= MASK_INSIDE;
}

/**
 * Coverage from RGBA pixels (straight alpha, as getImageData and pngjs give them): alpha times
 * brightness, so a transparent pixel is outside, and so is a black opaque one; white opaque is inside.
 */
export function coverageFromRGBA(rgba: ArrayLike<number>, width: number, height: number): MaskImage {
  const coverage = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const luma = 0.2126 * rgba[4 * i] + 0.7152 * rgba[4 * i + 1] + 0.0722 * rgba[4 * i + 2];
    coverage[i] = Math.round((luma * rgba[4 * i + 3]) / 255);
  }
  return { width, height, coverage };
}
