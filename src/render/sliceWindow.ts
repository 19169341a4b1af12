/**
 * Stage: render. The GPU holds a window of what is kept per timeline slice, not all of it: a frame
 * reads the slices just before, at and after now (the cells' light timeline in
 * shaders/mosaic/cellState.glsl and the ripples; the pooled ripples in shaders/field/ripplePool.frag),
 * so SLICE_WINDOW slices around now are resident. The light timeline then takes 2 bytes a cell for
 * each of 5 slices instead of each of 64 (10 instead of 128), the pooled ripples 5 layers of 64.
 *
 * The slices sit in the layers of an array texture as a ring: layer (offset + d) % layers holds
 * slice (base + d) % samples (shaders/lib/sliceWindow.glsl finds a slice's layer). As the loop moves
 * on by a slice, the ring turns by one and one layer is uploaded: one contiguous run of the
 * slice-major source, handed to WebGL as it is, with no loop over cells on the CPU. A jump (seeking,
 * a still, a held moment) fills every layer. What is resident follows from the time alone, so a
 * frame stays a function of its time.
 *
 * The window is centred on the slice the CPU computes for now (double precision) and reaches two
 * slices either side: the GPU computes the slice again in single precision, which can land one
 * slice off at a slice's very edge, and then reads one further.
 */
import { DataArrayTexture, NearestFilter, UnsignedByteType, Vector3, type PixelFormat } from 'three';

/** Slices resident: now, and two either side (see above). */
export const SLICE_WINDOW = 5;
/** How far before now the window starts. */
const BEFORE = 2;

export interface SliceSource {
  /** Slice-major bytes: slice s is bytes [s sliceBytes, (s + 1) sliceBytes). */
  data: Uint8Array;
  samples: number;
  sliceBytes: number;
}

export class SliceWindow {
  readonly texture: DataArrayTexture;
  /** The ring for the shaders: x = the slice in the first place, y = the layer that place is in, z = the layers. */
  readonly ring = new Vector3(0, 0, 1);
  private readonly size: number;
  private readonly layerBytes: number;
  private base = -1;

  /** `w` x `h` texels of `texelBytes` bytes (`format`) a layer; a slice of the source fills the start of one. */
  constructor(
    private source: SliceSource,
    w: number,
    h: number,
    format: PixelFormat,
    texelBytes: number,
    name: string,
  ) {
    this.size = Math.min(SLICE_WINDOW, source.samples);
    this.layerBytes = texelBytes * w * h;
    if (source.sliceBytes > this.layerBytes) throw new Error(`${name}: a slice of ${source.sliceBytes} bytes does not fit a ${w} x ${h} layer`);
    this.texture = new DataArrayTexture(new Uint8Array(this.layerBytes * this.size), w, h, this.size);
    this.texture.name = name;
    this.texture.format = format;
    this.texture.type = UnsignedByteType;
    this.texture.minFilter = NearestFilter;
    this.texture.magFilter = NearestFilter;
    this.texture.generateMipmaps = false;
    this.texture.unpackAlignment = 1;
  }

  /** GPU bytes: the resident layers. */
  get bytes(): number {
    return this.layerBytes * this.size;
  }

  /**
   * Makes the slices around `slice` (the one now falls in) resident: nothing when they are, one layer
   * when the loop has moved on by one, every layer otherwise. Uploaded at the next draw. `onGpu`:
   * whether the texture exists in the renderer's current context; a new context (a restored one, a
   * new renderer) gets the whole window, never a single layer into an empty texture.
   */
  show(slice: number, onGpu: boolean): void {
    const { samples } = this.source;
    const base = this.size === samples ? 0 : (slice - BEFORE + samples) % samples;
    if (!onGpu && this.texture.layerUpdates.size > 0) {
      // The CPU copy always holds the whole window: upload all of it.
      this.texture.clearLayerUpdates();
      this.texture.needsUpdate = true;
    }
    if (base === this.base) return;
    const data = this.texture.image.data as Uint8Array;
    if (onGpu && this.base >= 0 && (this.base + 1) % samples === base && this.size < samples) {
      // The ring turns: the place of the oldest slice takes the newest.
      const layer = this.ring.y;
      this.copySlice((base + this.size - 1) % samples, layer, data);
      this.ring.set(base, (layer + 1) % this.size, this.size);
      this.texture.addLayerUpdate(layer);
    } else {
      for (let d = 0; d < this.size; d++) this.copySlice((base + d) % samples, d, data);
      this.ring.set(base, 0, this.size);
      this.texture.clearLayerUpdates();
    }
    this.base = base;
    this.texture.needsUpdate = true;
  }

  /** Whether `renderer` holds this window's texture in its current context (three's own record of it). */
  static onGpu(renderer: { properties: { get(o: object): unknown } }, window: SliceWindow): boolean {
    return (renderer.properties.get(window.texture) as { __webglTexture?: unknown }).__webglTexture !== undefined;
  }

  /** The source's bytes were changed in place (the debug surface): copy every layer again at the next show. */
  refill(): void {
    this.base = -1;
  }

  /** Slice `slice` of the source into layer `layer` of the CPU copy. */
  private copySlice(slice: number, layer: number, data: Uint8Array): void {
    const n = this.source.sliceBytes;
    data.set(this.source.data.subarray(slice * n, (slice + 1) * n), layer * this.layerBytes);
  }

  dispose(): void {
    this.texture.dispose();
  }
}

/** The slice of `samples` that this moment falls in, as the shaders compute it (cellState.glsl, rippleSlice). */
export function sliceAt(time: number, loopSeconds: number, hold: number, samples: number): number {
  const t = time / loopSeconds;
  const moment = hold >= 0 ? hold : t - Math.floor(t);
  return Math.min(Math.floor(moment * samples), samples - 1);
}
