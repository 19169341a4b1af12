/**
 * Stage: render. The GPU holds a window of what is kept per timeline slice, not all of it: a frame
 * reads the slices just before, at and after now (the cells' light timeline in
 * shaders/mosaic/cellState.glsl and the ripples; the pooled ripples in shaders/field/ripplePool.frag),
 * so those SLICE_WINDOW slices are resident. The light timeline then takes 2 bytes a cell for each
 * of 3 slices instead of each of 64 (6 instead of 128), the pooled ripples 3 layers of 64.
 *
 * The slices sit in the layers of an array texture as a ring: layer (offset + d) % layers holds
 * slice (base + d) % samples (shaders/lib/sliceWindow.glsl finds a slice's layer). As the loop moves
 * on by a slice, the ring turns by one and one layer is uploaded: one contiguous run of the
 * slice-major source, handed to WebGL as it is, with no loop over cells on the CPU. A jump (seeking,
 * a still, a held moment) fills every layer. What is resident follows from the time alone, so a
 * frame stays a function of its time.
 *
 * Now is worked out in one place, here, in double precision (sliceMoment): the slice it falls in and
 * how far into it, which the shaders take as uniforms (uSlice, uSliceInto) rather than working the
 * slice out again from a single-precision uTime, which could land one slice off at a slice's very
 * edge (and then read outside a window this narrow), drift apart between the outputs of a wall, or
 * lose the moment in a venue that has run for days. So the window is exactly the slices read.
 */
import { DataArrayTexture, NearestFilter, UnsignedByteType, Vector3, type PixelFormat } from 'three';

/** Slices resident: the one before now, now's, the one after (see above). */
export const SLICE_WINDOW = 3;
/** How far before now the window starts. */
const BEFORE = 1;

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

/** Where in the light timeline a moment is: the slice it falls in, and how far into that slice (0..1). */
export interface SliceMoment {
  slice: number;
  into: number;
}

/** How far into its slice a held moment sits: the flash of its slice shows, none of the one before. */
export const HELD_INTO = 0.3;

/**
 * The moment of shader time `time` (or of the held moment `hold`, 0–1, when hold >= 0) in a loop of
 * `loopSeconds` cut into `samples` slices, in double precision: the only place it is worked out (the
 * shaders read it as uSlice and uSliceInto). Written into `out` (no allocation: it runs every frame).
 */
export function sliceMoment(time: number, loopSeconds: number, hold: number, samples: number, out: SliceMoment): SliceMoment {
  if (hold >= 0) {
    out.slice = Math.min(Math.floor(hold * samples), samples - 1);
    out.into = HELD_INTO;
    return out;
  }
  const t = time / loopSeconds;
  const pos = (t - Math.floor(t)) * samples;
  out.slice = Math.min(Math.floor(pos), samples - 1);
  out.into = Math.min(pos - out.slice, 1);
  return out;
}
