/**
 * A stand-in mosaic: a few blank cells with exactly the shader programs a real mosaic of `count`
 * cells uses (the cell image, the light pass, the light field's ripples drawn a cell or pooled at city
 * scale, the stirring, the plankton; the light pass with or without its per-cell state pass, as
 * Post.warmUp tells it). While the first layout runs in the pipeline worker, the stage
 * draws it once, small and out of sight (Post.warmUp), so that three compiles and links those
 * programs then, on the GPU process's core beside the worker's, instead of on the first real frame
 * (at 10,000 cells that frame spent ~0.7-1.3 s waiting for links: bench/probe-profile.ts). Programs
 * depend on the shaders and their defines only, never on the data (everything the data sets is a
 * uniform or a texture), so the real mosaic finds them in three's program cache. Nothing of it is
 * ever shown.
 */
import { MAX_CORNERS } from '../layout/kind.ts';
import type { CellTable } from '../encode/cellTable.ts';
import { POOLED_RIPPLES_FROM } from '../encode/ripplePool.ts';
import { byteStride } from '../encode/slots.ts';
import { poolsRipples } from './field.ts';
import { MosaicGPU, type MosaicLook } from './mosaic.ts';

/** Timeline samples of the stand-in (a uniform: any even count compiles the same programs). */
const SAMPLES = 2;

/** A blank cell table of `count` cells over an extent of this aspect: no light, no corners. */
function blankTable(count: number, aspect: number): CellTable {
  const extent: [number, number] = [Math.max(1e-3, aspect), 1];
  return {
    count,
    extent,
    cornerScale: 1,
    cellRadius: Math.sqrt((extent[0] * extent[1]) / (Math.PI * count)),
    site: new Uint16Array(2 * count),
    corners: new Int8Array(2 * MAX_CORNERS * count),
    cornerCount: new Uint8Array(count),
    cellArea: new Float32Array(count),
    cellGroup: new Uint16Array(count),
    style: new Uint8Array(4 * count),
    meta: new Uint8Array(byteStride('meta') * count),
    timeline: { data: new Uint8Array(2 * SAMPLES * count), samples: SAMPLES, count },
    channels: [],
    warnings: [],
  };
}

/** A stand-in and the number of cells of the mosaic it stands in for. */
export interface StandIn {
  mosaic: MosaicGPU;
  cells: number;
}

/**
 * A stand-in for a mosaic of `count` cells (its programs, not its cells): one cell, or at city scale
 * as many as pool their ripples. Dispose its mosaic once the real one has drawn a frame (the
 * programs stay in three's cache while something uses them).
 */
export function standInMosaic(count: number, look: MosaicLook, aspect = 16 / 9): StandIn {
  return { mosaic: new MosaicGPU(blankTable(poolsRipples(count) ? POOLED_RIPPLES_FROM : 1, aspect), look), cells: count };
}
