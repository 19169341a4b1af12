/**
 * The mosaic on the GPU, in two passes, so that a frame costs pixels, not cells:
 * - the cell image (shaders/mosaic/cellImage.*): one draw of every cell's polygon (a fan of triangles
 *   from corner 0, or one triangle around a tiny cell) into a float render target the size
 *   of the frame: per pixel, which cell it belongs to, how far inside the cell's region it is and the
 *   cell's inner radius. Drawn again only when the layout, the camera or the target's size changes
 *   (rasteriseIfNeeded), never because time passed;
 * - the light (shaders/mosaic/cell.*): one full-screen pass that shades every pixel from the cell image,
 *   the cell's row of the per-cell textures (site, channel bytes), its journey's timeline (flashes after
 *   fatigue, a data texture) and the light field (ripples, stirring: field.ts, a small texture drawn
 *   before each frame).
 * - when there are fewer cells than pixels (STATE_PASS_PIXELS_PER_CELL), each frame first works out
 *   every cell's light at this moment once (shaders/mosaic/cellState.*, one texel a cell), and the
 *   light pass reads it instead of working it out at every pixel of the cell; at city scale the light
 *   pass works it out itself, so no pass grows with the cells beyond the pixels.
 * Each cell's data is one row of typed arrays (src/encode/cellTable.ts): corners, site and channel
 * bytes as textures (one texel a cell). Only the cell image reads the corners, so they are on the GPU
 * only while it is drawn: 17 of a cell's bytes, uploaded again from the kept arrays at each drawing
 * (once per layout and view). No draw is instanced: SwiftShader draws a million instances of
 * a triangle 20 times slower than three million vertices of one draw (8.4 s against 0.4 s here), so
 * vertices find their cell by gl_VertexID. Everything the frame loop changes
 * is a uniform. The look (looks.ts) is uniforms too, except what a look leaves out (filaments, noise, the nucleus)
 * and the state pass, which are compiled out: SwiftShader runs both sides of every branch.
 */
import {
  AddEquation,
  BufferGeometry,
  Camera,
  Color,
  CustomBlending,
  NoBlending,
  DataTexture,
  DoubleSide,
  Float32BufferAttribute,
  FloatType,
  GLSL3,
  RGBAIntegerFormat,
  UnsignedIntType,
  Matrix4,
  Mesh,
  NearestFilter,
  OneFactor,
  RGBAFormat,
  RedFormat,
  RGFormat,
  RGIntegerFormat,
  RedIntegerFormat,
  Scene,
  ShaderMaterial,
  UnsignedByteType,
  UnsignedShortType,
  Vector2,
  Vector3,
  Vector4,
  WebGLRenderTarget,
  type IUniform,
  type PixelFormat,
  type PixelFormatGPU,
  type Texture,
  type TextureDataType,
  type WebGLRenderer,
} from 'three';
import { MAX_CORNERS } from '../layout/kind.ts';
import type { CellGeometry, CellTable } from '../encode/cellTable.ts';
import { byteStride, channelDefines } from '../encode/slots.ts';
import { LightField } from './field.ts';
import { shaderSource } from './glsl.ts';
import { look as lookNamed, type LookName } from './looks.ts';
import { PALETTE_SIZE, paletteLinear } from './palettes.ts';
import { gentleFlash, safeMotion, safeStir } from './safety.ts';
import type { StirRecord } from './stir.ts';
import { SliceWindow, sliceMoment, type SliceMoment } from './sliceWindow.ts';

/** Wave settings (config motion.waves). */
export interface WaveLook {
  /** 0 turns waves off. */
  strength: number;
  /** Mosaic widths per second. */
  speed: number;
  /** Front width, fraction of the mosaic width. */
  width: number;
  /** Seconds between waves. */
  interval: number;
}

/** Factors applied while motion is reduced (config motion.reduced). */
export interface ReducedFactors {
  speed: number;
  breathing: number;
  pulse: number;
  waves: number;
  stirring: number;
}

/** Ripples from care events (config motion.ripples). */
export interface RippleLook {
  strength: number;
  /** Cell radii. */
  reach: number;
}

/** Stirring (config motion.stirring): how brightly, and how large a touch is. */
export interface StirLook {
  strength: number;
  /** Fraction of the mosaic height. */
  radius: number;
}

/**
 * What the look and motion sections of a config set on the mosaic; all are uniforms (no rebuild).
 * The config schema holds every default (src/config/schema.ts); src/app/settings.ts maps a config here.
 */
export interface MosaicLook {
  /** The named look (config look.organism, looks.ts). */
  organism: LookName;
  palette: string | readonly string[];
  background: string;
  /** Gap between cells as a fraction of the mean cell radius. */
  gap: number;
  /** Brightness of the membrane, 0–1 (config look.rim). */
  rim: number;
  noise: number;
  /** Draw a bright nucleus in each cell. */
  nucleus: boolean;
  exposure: number;
  loopSeconds: number;
  /** null: play the timeline as a loop; 0–1: hold at that moment. */
  hold: number | null;
  breathPeriod: number;
  breathDepth: number;
  waves: WaveLook;
  ripples: RippleLook;
  stirring: StirLook;
  /** The clock speed the stage applies (config motion.speed); used to keep flashes below 3 Hz. */
  speed: number;
  /** Motion reduced (prefers-reduced-motion or config motion.reducedMotion "always"): slower, softer. */
  reducedMotion: boolean;
  reduced: ReducedFactors;
}

/** The cell's fixed light, not config settings: named here once, next to the uniforms they set. */
export const CELL_LIGHT = {
  /** Membrane gain at config look.rim = 1, times the look's own membrane weight. */
  rimGain: 1.5,
  /** How far into its slice a cell's flash may start: cells fire at moments of their own. */
  flashJitter: 0.6,
  /** While motion is reduced, flashes are this much softer (and rise slowly: safety.ts gentleFlash). */
  reducedFlash: 0.5,
  /** While motion is reduced, ripples travel this much slower (per timeline slice) and reach this much less far. */
  reducedRipple: 0.5,
} as const;

/**
 * The peak of flash(tau) = (1 - e^(-tau/rise)) e^(-tau/decay) (shaders/light/flash.glsl): where it
 * is and the factor that makes it 1.
 */
export function flashPeak(rise: number, decay: number): { at: number; norm: number } {
  const at = rise * Math.log(1 + decay / rise);
  return { at, norm: 1 / ((1 - Math.exp(-at / rise)) * Math.exp(-at / decay)) };
}

/**
 * Every uniform of shaders/mosaic/cell.{vert,frag}, declared once with its GLSL type; the
 * TypeScript type of the uniforms object follows from it, and a test reads the shaders and checks
 * that they declare exactly these (src/render/mosaic.test.ts).
 */
export const MOSAIC_UNIFORMS = {
  uExtent: 'vec2',
  uCornerScale: 'float',
  uOverlap: 'float',
  uGapWidth: 'float',
  uTime: 'float',
  uLoopSeconds: 'float',
  uHold: 'float',
  /** The timeline slice now falls in and how far into it (0..1), worked out on the CPU in double precision (sliceMoment). */
  uSlice: 'int',
  uSliceInto: 'float',
  uBreathFreq: 'float',
  uBreathDepth: 'float',
  uPulseFreq: 'float',
  uMaxPulseFreq: 'float',
  uPulseDepth: 'float',
  uFlash: 'float',
  uFlashShape: 'vec4',
  uFlashJitter: 'float',
  uDrift: 'float',
  uDriftFreq: 'float',
  uWaveStrength: 'float',
  uWaveSpeed: 'float',
  uWaveWidth: 'float',
  uWaveInterval: 'float',
  uRipple: 'float',
  uStir: 'float',
  /** The light timeline's slices around now (src/render/sliceWindow.ts). */
  uTimeline: 'sampler2DArray',
  uField: 'sampler2D',
  /** Per pixel: cell + 1 (0: none), distance into its region, inner radius (the cell image). */
  uCellImage: 'sampler2D',
  /** Per cell, one texel each, uCellsWide to a row: the site (uint16 fractions), the channel bytes. */
  uCellSite: 'usampler2D',
  /** Per cell, only while the cell image is drawn: its corners and how many (the rest repeat the last). */
  uCellCorners: 'usampler2D',
  uCellCornerCount: 'usampler2D',
  uCellStyle: 'sampler2D',
  uCellMeta: 'sampler2D',
  /** Per cell, when the state pass runs (fewer cells than pixels): its light at this moment (cellLight in cellState.glsl) … */
  uCellState: 'sampler2D',
  /** … its site, noise seed and inset … */
  uCellPlace: 'sampler2D',
  /** … and its flash colour and hue. */
  uCellSpark: 'sampler2D',
  uCellsWide: 'int',
  /** Clip space → mosaic space, for the camera the frame is drawn with. */
  uClipToMosaic: 'mat4',
  uVerticesPerCell: 'int',
  uTimelineSamples: 'int',
  /** The timeline window's ring: its first slice, the layer that slice is in, the layers. */
  uTimelineRing: 'ivec3',
  uPalette: 'vec3[PALETTE_SIZE]',
  uRim: 'float',
  uNoise: 'float',
  uExposure: 'float',
  uCoreShape: 'vec2',
  uHaloShape: 'vec2',
  uBody: 'float',
  uEdge: 'float',
  uFilaments: 'vec2',
  uTint: 'vec3',
  uTintMix: 'float',
  /** The picked cell (viewer), or -1 for none. */
  uHighlight: 'int',
  /** Drawn straight to the canvas (DISPLAY_OUTPUT): the background (linear), the dither on (1) or off (0), the canvas's first pixel on the whole picture. */
  uBackground: 'vec3',
  uDither: 'float',
  uDitherOrigin: 'vec2',
} as const;

/** The JavaScript value three uploads for a GLSL type. */
type GlslValue<T> = T extends 'float' | 'int'
  ? number
  : T extends 'vec2'
    ? Vector2
    : T extends 'vec3'
      ? Vector3
      : T extends 'vec4'
        ? Vector4
      : T extends 'ivec3'
        ? Vector3
      : T extends `vec3[${string}]`
        ? Color[]
        : T extends 'sampler2D' | 'usampler2D' | 'sampler2DArray'
          ? Texture
          : T extends 'mat4'
            ? Matrix4
            : never;

export type MosaicUniforms = { [K in keyof typeof MOSAIC_UNIFORMS]: IUniform<GlslValue<(typeof MOSAIC_UNIFORMS)[K]>> };

/** Where the light pass writes (MosaicGPU.setOutput). */
export type MosaicOutput =
  | { kind: 'linear' }
  /** `origin`: this canvas's first pixel on the whole picture (a wall's output, a still's piece), for the dither's grain. */
  | { kind: 'display'; toneMapping: 'agx' | 'aces'; dither: boolean; origin: Vector2 };

/** Vertices a cell takes in the cell image: a fan of MAX_CORNERS - 2 triangles, or one triangle. */
export const FAN_VERTICES = 3 * (MAX_CORNERS - 2);
export const TRIANGLE_VERTICES = 3;

/**
 * Below this many pixels across (twice the mean cell radius), cells go into the cell image as one
 * triangle each instead of a fan of six: at a million cells the image is drawn in half the time
 * (vertices, not pixels, are its cost), and the same pixels get the same owners.
 */
export const TINY_CELL_PX = 2;

/** Whether cells of this mean radius (mosaic units) go into the cell image as one triangle each, at this many pixels a mosaic unit. */
export function drawsTinyCells(cellRadius: number, pixelsPerUnit: number): boolean {
  return 2 * cellRadius * pixelsPerUnit < TINY_CELL_PX;
}

/**
 * The per-cell state pass runs when the frame has at least this many pixels a cell: then a cell's
 * light at this moment (cellState.glsl: its timeline, breathing, pulse, wave, ripples) is worked out
 * once a cell, not at every one of its pixels. SwiftShader runs every branch of a shader, so the pass
 * is chosen per draw, by a define, not by a uniform.
 */
export const STATE_PASS_PIXELS_PER_CELL = 2;

/** The state pass's three targets (cellState.frag's outputs, in order): RGBA32F, one texel a cell each. */
const STATE_TEXTURES = ['CellState', 'CellPlace', 'CellSpark'] as const;

/** Turns a material's `#define name 1` on or off; three compiles (or takes from its cache) the program that matches. */
function setDefine(material: ShaderMaterial, name: string, on: boolean): void {
  const defines = material.defines as Record<string, unknown>;
  if (on === name in defines) return;
  if (on) defines[name] = 1;
  else delete defines[name];
  material.needsUpdate = true;
}

/** One triangle over the whole screen (clip space): the light pass. */
function screenGeometry(): BufferGeometry {
  const g = new BufferGeometry();
  g.setAttribute('position', new Float32BufferAttribute([-1, -1, 0, 3, -1, 0, -1, 3, 0], 3));
  return g;
}

/** Cells per row of the per-cell textures (within every WebGL 2 device's texture size). */
export const CELLS_WIDE = 4096;

/** The per-cell textures' size for `count` cells: [width, height]. */
export function cellTextureSize(count: number): [number, number] {
  const width = Math.min(CELLS_WIDE, Math.max(1, count));
  return [width, Math.max(1, Math.ceil(count / width))];
}

/**
 * A per-cell data texture over `data` (one texel a cell, laid out as cellTextureSize says), read by
 * texelFetch only: never filtered, no mipmaps, rows packed without padding.
 */
function dataTexture(name: string, data: Uint8Array | Uint16Array | Uint32Array, count: number, format: PixelFormat, type: TextureDataType, internalFormat: PixelFormatGPU | null = null): DataTexture {
  const [w, h] = cellTextureSize(count);
  const texture = new DataTexture(data, w, h, format, type);
  texture.internalFormat = internalFormat;
  texture.name = name;
  texture.minFilter = NearestFilter;
  texture.magFilter = NearestFilter;
  texture.generateMipmaps = false;
  // A row of fewer than four one-byte texels (a mosaic that small) is not 4-byte aligned.
  texture.unpackAlignment = 1;
  texture.needsUpdate = true;
  return texture;
}

/** The texture format of a byte row of 1, 2 or 4 bytes a cell (slots.ts byteStride): R8, RG8, RGBA8. */
const BYTE_FORMATS: Record<number, PixelFormat> = { 1: RedFormat, 2: RGFormat, 4: RGBAFormat };

/** A cell-table array copied into a new array the size of the per-cell textures (`perCell` values a texel). */
function padded<T extends Uint8Array | Uint16Array>(source: T, perCell: number, count: number): T {
  const [w, h] = cellTextureSize(count);
  const data = new (source.constructor as new (length: number) => T)(perCell * w * h);
  data.set(source);
  return data;
}

/** The sites' texture: one RG16UI texel a cell. */
function siteTexture(site: Uint16Array, count: number): DataTexture {
  return dataTexture('Mosaic.CellSite', padded(site, 2, count), count, RGIntegerFormat, UnsignedShortType, 'RG16UI');
}

/** A texture of channel bytes: one texel of `stride` bytes a cell, from a cell-table byte array. */
function byteTexture(name: string, source: Uint8Array, stride: number, count: number): DataTexture {
  return dataTexture(name, padded(source, stride, count), count, BYTE_FORMATS[stride], UnsignedByteType);
}

/** New values for a per-cell texture from its cell-table array (same count), uploaded on next use. */
function refill(texture: DataTexture, source: Uint8Array | Uint16Array): void {
  (texture.image.data as Uint8Array | Uint16Array).set(source);
  texture.needsUpdate = true;
}

/** The corners texture: a cell's sixteen int8 corner coordinates as one RGBA32UI texel (decoded in cellImage.vert). */
function cornerTexture(corners: Int8Array, count: number): DataTexture {
  const [w, h] = cellTextureSize(count);
  const texture = dataTexture('Mosaic.CellCorners', new Uint32Array(4 * w * h), count, RGBAIntegerFormat, UnsignedIntType, 'RGBA32UI');
  refillCorners(texture, corners);
  return texture;
}

function refillCorners(texture: DataTexture, corners: Int8Array): void {
  const data = texture.image.data as Uint32Array;
  new Uint8Array(data.buffer, data.byteOffset, data.byteLength).set(new Uint8Array(corners.buffer, corners.byteOffset, corners.byteLength));
  texture.needsUpdate = true;
}

/** The corner counts: one R8UI texel a cell, beside the corners (cellImage.vert). */
function cornerCountTexture(counts: Uint8Array, count: number): DataTexture {
  return dataTexture('Mosaic.CellCornerCount', padded(counts, 1, count), count, RedIntegerFormat, UnsignedByteType, 'R8UI');
}

/** A change to the cells already on the GPU: new geometry from a layout, new bytes of some channels. */
export interface CellPatch {
  /** New sites, corners and corner counts (the layout ran again; same cell count). */
  geometry?: CellGeometry;
  /** The byte arrays whose channel bytes were written (src/encode/slots.ts): only these upload again. */
  bytes?: readonly ('style' | 'meta')[];
}

/** What the cell image was last drawn for: camera matrices, target size, layout version, renderer. */
const IMAGE_KEY_LENGTH = 16 + 16 + 3;

export class MosaicGPU {
  /** The light pass: the one object in the scene (a full-screen triangle). */
  readonly mesh: Mesh<BufferGeometry, ShaderMaterial>;
  /** Every cell's polygon, drawn into the cell image (not in the scene). */
  readonly cells: Mesh<BufferGeometry, ShaderMaterial>;
  readonly uniforms: MosaicUniforms;
  /** The background colour (linear): the stage clears to it, and the cells' light adds to it. */
  readonly background = new Color();
  /** Ripples and stirring, drawn before each frame (prepare). */
  readonly field: LightField;
  /** How many times the cell image has been drawn (stats; a frame that draws it has one more draw call). */
  imageDraws = 0;
  /** How many times the per-cell state pass has run (a frame that runs it has one more draw call). */
  stateDraws = 0;
  /**
   * A stand-in's (src/render/standIn.ts, drawn once by Post.warmUp to compile its programs): the
   * light pass takes the per-cell state pass or not, and the cell image draws tiny cells or fans, as
   * said here, whatever size it is drawn at; the cell image is drawn for one of its cells. Programs
   * depend on defines alone, so the real mosaic's are the same; the GPU does not shade the stand-in's blank cells for nothing (at city
   * scale its cell image alone was 180,000 vertices, 100-150 ms of SwiftShader before the first frame).
   */
  warmUpAs: { statePass: boolean; tinyCells: boolean } | null = null;
  private readonly timeline: SliceWindow;
  /** This frame's moment in the timeline (showTimeline's scratch). */
  private readonly moment: SliceMoment = { slice: 0, into: 0 };
  private readonly corners: DataTexture;
  private readonly cornerCount: DataTexture;
  /** Whether the corners are on the GPU (only while the cell image is drawn). */
  private cornersOnGpu = false;
  private readonly site: DataTexture;
  private readonly style: DataTexture;
  private readonly meta: DataTexture;
  private readonly image: WebGLRenderTarget;
  private readonly imageScene = new Scene();
  /** The per-cell state, three RGBA32F texels a cell (one in each of its textures, laid out as the per-cell textures), and the pass that draws it. */
  private readonly state: WebGLRenderTarget;
  private readonly stateScene = new Scene();
  private readonly stateCamera = new Camera();
  /** Whether the light pass reads the state pass (CELL_STATE_PASS), as last chosen for a target's size. */
  private statePass = false;
  /** Whether the last frame's light pass read the per-cell state pass (stats: it is one more draw and program). */
  get usesStatePass(): boolean {
    return this.statePass;
  }
  private stateSized = false;
  private readonly imageKey = new Float64Array(IMAGE_KEY_LENGTH);
  private imageRenderer: WebGLRenderer | null = null;
  /** Bumped when the cells move (a new layout): the cell image is drawn again. */
  private layoutVersion = 0;
  private readonly scratchSize = new Vector2();
  private readonly savedClear = new Color();
  private cellRadius: number;
  /** Shader seconds per stage second: below 1 while motion is reduced. */
  private timeScale = 1;
  private look: MosaicLook;

  constructor(
    private table: CellTable,
    look: MosaicLook,
  ) {
    this.corners = cornerTexture(table.corners, table.count);
    this.cornerCount = cornerCountTexture(table.cornerCount, table.count);
    // No attributes: a vertex's cell and corner come from gl_VertexID; the draw range says how many
    // (FAN_VERTICES or TRIANGLE_VERTICES a cell, set where the image is drawn).
    const geometry = new BufferGeometry();
    geometry.name = 'Mosaic.Cells';
    geometry.setDrawRange(0, FAN_VERTICES * table.count);
    geometry.boundingSphere = null;
    // The site and the channel bytes (src/encode/slots.ts says which byte is which; the shaders decode them by generated define).
    this.site = siteTexture(table.site, table.count);
    this.style = byteTexture('Mosaic.CellStyle', table.style, byteStride('style'), table.count);
    // As many bytes a cell as the channels beyond style's four need (R8 for the shipped list).
    this.meta = byteTexture('Mosaic.CellMeta', table.meta, byteStride('meta'), table.count);

    const t = table.timeline;
    const [wide, high] = cellTextureSize(table.count);
    this.timeline = new SliceWindow({ data: t.data, samples: t.samples, sliceBytes: 2 * t.count }, wide, high, RGFormat, 2, 'Mosaic.Timeline');

    // Sized to the frame's target when first drawn (rasteriseIfNeeded).
    this.image = new WebGLRenderTarget(1, 1, {
      type: FloatType,
      format: RGBAFormat,
      minFilter: NearestFilter,
      magFilter: NearestFilter,
      depthBuffer: true,
      generateMipmaps: false,
    });
    this.image.texture.name = 'Mosaic.CellImage';
    // Sized to the cells when the state pass is first chosen (rasteriseIfNeeded): at city scale it never is.
    this.state = new WebGLRenderTarget(1, 1, {
      count: STATE_TEXTURES.length,
      type: FloatType,
      format: RGBAFormat,
      minFilter: NearestFilter,
      magFilter: NearestFilter,
      depthBuffer: false,
      generateMipmaps: false,
    });
    STATE_TEXTURES.forEach((name, k) => (this.state.textures[k].name = `Mosaic.${name}`));

    // Placeholders: setLook below gives every look uniform its value.
    const field = { value: null as unknown as Texture };
    this.uniforms = {
      uExtent: { value: new Vector2(table.extent[0], table.extent[1]) },
      uCornerScale: { value: table.cornerScale },
      uOverlap: { value: 0 },
      uGapWidth: { value: 0 },
      uTime: { value: 0 },
      uLoopSeconds: { value: 1 },
      uHold: { value: -1 },
      uSlice: { value: 0 },
      uSliceInto: { value: 0 },
      uBreathFreq: { value: 0 },
      uBreathDepth: { value: 0 },
      uPulseFreq: { value: 0 },
      uMaxPulseFreq: { value: 0 },
      uPulseDepth: { value: 0 },
      uFlash: { value: 0 },
      uFlashShape: { value: new Vector4(1, 1, 1, 1) },
      uFlashJitter: { value: CELL_LIGHT.flashJitter },
      uDrift: { value: 0 },
      uDriftFreq: { value: 0 },
      uWaveStrength: { value: 0 },
      uWaveSpeed: { value: 0 },
      uWaveWidth: { value: 0 },
      uWaveInterval: { value: 1 },
      uRipple: { value: 0 },
      uStir: { value: 0 },
      uTimeline: { value: this.timeline.texture },
      uField: field,
      uCellImage: { value: this.image.texture },
      uCellSite: { value: this.site },
      uCellCorners: { value: this.corners },
      uCellCornerCount: { value: this.cornerCount },
      uCellStyle: { value: this.style },
      uCellMeta: { value: this.meta },
      uCellState: { value: this.state.textures[0] },
      uCellPlace: { value: this.state.textures[1] },
      uCellSpark: { value: this.state.textures[2] },
      uCellsWide: { value: cellTextureSize(table.count)[0] },
      uClipToMosaic: { value: new Matrix4() },
      uVerticesPerCell: { value: FAN_VERTICES },
      uTimelineSamples: { value: t.samples },
      uTimelineRing: { value: this.timeline.ring },
      uPalette: { value: Array.from({ length: PALETTE_SIZE }, () => new Color()) },
      uRim: { value: 0 },
      uNoise: { value: 0 },
      uExposure: { value: 1 },
      uCoreShape: { value: new Vector2() },
      uHaloShape: { value: new Vector2() },
      uBody: { value: 0 },
      uEdge: { value: 0 },
      uFilaments: { value: new Vector2() },
      uTint: { value: new Vector3() },
      uTintMix: { value: 0 },
      uHighlight: { value: -1 },
      uBackground: { value: new Vector3() },
      uDither: { value: 1 },
      uDitherOrigin: { value: new Vector2() },
    };
    this.cellRadius = table.cellRadius;
    this.field = new LightField(this.uniforms, table);
    field.value = this.field.target.texture;

    // The channel decoders (CHANNEL_HUE, …), generated from the channel list.
    const defines = { MAX_CORNERS, PALETTE_SIZE, ...channelDefines() };
    const cellMaterial = new ShaderMaterial({
      name: 'Mosaic.CellImageMaterial',
      glslVersion: GLSL3,
      vertexShader: shaderSource('mosaic/cellImage.vert'),
      fragmentShader: shaderSource('mosaic/cellImage.frag'),
      uniforms: this.uniforms,
      // Each material its own copy: what one compiles in or out (TINY_CELLS here) is its own.
      defines: { ...defines },
      side: DoubleSide,
      // Overlapping neighbours: the pixel goes to the cell it is deepest inside (cellImage.frag).
      depthTest: true,
      depthWrite: true,
    });
    this.cells = new Mesh(geometry, cellMaterial);
    this.cells.name = 'Mosaic.CellImage';
    this.cells.frustumCulled = false;
    this.imageScene.add(this.cells);

    const material = new ShaderMaterial({
      name: 'Mosaic.CellMaterial',
      glslVersion: GLSL3,
      vertexShader: shaderSource('mosaic/cell.vert'),
      fragmentShader: shaderSource('mosaic/cell.frag'),
      uniforms: this.uniforms,
      defines: { ...defines }, // what a look leaves out, the state pass, the output
      // Light adds up over the background (in the linear output; the display output replaces it).
      blending: CustomBlending,
      blendEquation: AddEquation,
      blendSrc: OneFactor,
      blendDst: OneFactor,
      depthTest: false,
      depthWrite: false,
      // The display output tone-maps itself (cell.frag); three must not add its own.
      toneMapped: false,
    });
    this.mesh = new Mesh(screenGeometry(), material);
    this.mesh.name = 'Mosaic';
    this.mesh.frustumCulled = false;
    // Whatever draws the scene (the post chain, a still's piece, the debug surface's direct frames),
    // the cell image matches its camera and target before the light pass reads it.
    this.mesh.onBeforeRender = (renderer, _scene, camera) => {
      this.showTimeline(renderer);
      this.rasteriseIfNeeded(renderer, camera);
      if (this.statePass) this.drawState(renderer);
    };
    const stateMaterial = new ShaderMaterial({
      name: 'Mosaic.CellStateMaterial',
      glslVersion: GLSL3,
      vertexShader: shaderSource('post/fullscreen.vert'),
      fragmentShader: shaderSource('mosaic/cellState.frag'),
      uniforms: this.uniforms,
      defines,
      depthTest: false,
      depthWrite: false,
    });
    const stateQuad = new Mesh(screenGeometry(), stateMaterial);
    stateQuad.frustumCulled = false;
    this.stateScene.add(stateQuad);
    this.look = look;
    this.setLook(look);
  }

  /** The number of cells. */
  get count(): number {
    return this.table.count;
  }

  /** A cell's site as fractions of the extent (y down), as the GPU has it. */
  cellSite(cell: number): [number, number] {
    return [this.table.site[2 * cell] / 65535, this.table.site[2 * cell + 1] / 65535];
  }

  /** Apply look and motion settings: uniforms only, seen on the next frame. Frequencies are clamped (safety.ts). */
  setLook(look: MosaicLook): void {
    this.look = look;
    const u = this.uniforms;
    const L = lookNamed(look.organism);
    const r = look.reducedMotion ? look.reduced : { speed: 1, breathing: 1, pulse: 1, waves: 1, stirring: 1 };
    this.timeScale = Math.max(0, r.speed);
    const safe = safeMotion({
      speed: Math.max(1e-3, look.speed * this.timeScale),
      loopSeconds: Math.max(0.1, look.loopSeconds),
      timelineSamples: u.uTimelineSamples.value,
      breathPeriod: look.breathPeriod,
      flash: L.flash.gain,
      waves: look.waves,
    });
    paletteLinear(look.palette).forEach((rgb, k) => u.uPalette.value[k].setRGB(rgb[0], rgb[1], rgb[2]));
    this.background.set(look.background);
    u.uBackground.value.set(this.background.r, this.background.g, this.background.b);
    u.uGapWidth.value = look.gap * this.cellRadius;
    // Past the corners' quantisation step (a 127th of the corner scale), and a little more.
    u.uOverlap.value = this.table.cornerScale / 127 + 0.02 * this.cellRadius;
    u.uRim.value = look.rim * CELL_LIGHT.rimGain * L.membrane;
    u.uNoise.value = look.noise;
    u.uExposure.value = look.exposure;
    u.uCoreShape.value.set(L.core.size, L.core.gain);
    u.uHaloShape.value.set(L.halo.size, L.halo.gain);
    u.uBody.value = L.body;
    u.uEdge.value = L.edge;
    // Threads about as far apart as the cells, within what stays visible.
    const rel = this.cellRadius / Math.max(1e-9, this.table.extent[1]);
    u.uFilaments.value.set(L.filaments, Math.min(40, Math.max(3, 0.45 / Math.max(1e-6, rel))));
    // SwiftShader runs both sides of a branch: what a look leaves out is compiled out (a program
    // for each combination, compiled when first used and kept).
    setDefine(this.mesh.material, 'FILAMENTS', L.filaments > 0);
    setDefine(this.mesh.material, 'NOISE', look.noise > 0);
    setDefine(this.mesh.material, 'NUCLEUS', look.nucleus);
    const tint = new Color(L.tint.colour);
    u.uTint.value.set(tint.r, tint.g, tint.b);
    u.uTintMix.value = L.tint.mix;
    // A flash is shown while its slice or the next is current: it fades out by the earliest moment
    // its slice can drop out (flashEnd in shaders/light/flash.glsl).
    const slice = Math.max(0.1, look.loopSeconds) / Math.max(1, u.uTimelineSamples.value);
    const end = (2 - CELL_LIGHT.flashJitter) * slice;
    let rise = L.flash.rise * slice;
    let decay = Math.max(L.flash.decay * slice, rise * 1.5);
    let flashGain = safe.flash;
    if (look.reducedMotion) {
      // Reduced motion keeps the glow: flashes stay, softer, and swell instead of flashing.
      const gentle = gentleFlash({ rise, decay }, Math.max(1e-3, look.speed * this.timeScale), end / 5);
      ({ rise, decay } = gentle);
      flashGain *= CELL_LIGHT.reducedFlash * gentle.gain;
    }
    u.uFlash.value = flashGain;
    u.uFlashShape.value.set(rise, decay, flashPeak(rise, decay).norm, end);
    u.uLoopSeconds.value = Math.max(0.1, look.loopSeconds);
    u.uHold.value = look.hold ?? -1;
    u.uBreathFreq.value = safe.breathFreq;
    u.uBreathDepth.value = look.breathDepth * r.breathing;
    u.uPulseFreq.value = L.shimmer.speed / Math.max(0.1, look.breathPeriod);
    u.uMaxPulseFreq.value = safe.maxPulseFreq;
    u.uPulseDepth.value = L.shimmer.depth * r.pulse;
    u.uDrift.value = L.drift.amount;
    u.uDriftFreq.value = Math.min(L.drift.rate, safe.maxPulseFreq);
    u.uWaveStrength.value = safe.waveStrength * r.waves;
    u.uWaveSpeed.value = safe.waveSpeed;
    u.uWaveWidth.value = safe.waveWidth;
    u.uWaveInterval.value = safe.waveInterval;
    u.uRipple.value = look.ripples.strength * r.waves;
    // Ripples travel `speed` cell radii a slice and fade over `reach` cell radii.
    const radius = this.cellRadius;
    const slower = look.reducedMotion ? CELL_LIGHT.reducedRipple : 1;
    this.field.rippleShape.set((slower * L.ripple.speed * radius) / slice, slower * Math.max(0.1, look.ripples.reach) * radius, radius);
    // Stirring happens in real seconds (the clock's, not the shader's).
    const stir = safeStir(look.reducedMotion ? gentleFlash(L.stir, 1) : L.stir);
    u.uStir.value = look.stirring.strength * r.stirring;
    this.field.stirShape.set(stir.rise, stir.decay, flashPeak(stir.rise, stir.decay).norm);
  }

  /**
   * Update the cells in place (same count): new geometry after a layout, and/or channel bytes
   * re-encoded into the table's style and meta arrays. Only what changed is uploaded again, on the
   * next frame (new geometry draws the cell image again); the timeline window and the shader
   * programs stay.
   */
  update(table: CellTable, patch: CellPatch): void {
    if (table.count !== this.table.count) throw new Error(`mosaic: update with ${table.count} cells for ${this.table.count}; build a new MosaicGPU`);
    if (patch.geometry) {
      refill(this.site, table.site);
      refillCorners(this.corners, table.corners);
      refill(this.cornerCount, table.cornerCount);
      this.uniforms.uCornerScale.value = table.cornerScale;
      this.uniforms.uExtent.value.set(table.extent[0], table.extent[1]);
      this.cellRadius = table.cellRadius;
      this.field.setCells(table);
      this.layoutVersion++;
    }
    if (patch.bytes?.includes('style')) refill(this.style, table.style);
    if (patch.bytes?.includes('meta')) refill(this.meta, table.meta);
    this.table = table;
    this.setLook(this.look);
  }

  /**
   * Upload versions of the per-cell data (three bumps one per upload asked for): what a change gave
   * the GPU anew (tests/rebuild.test.ts). The corners' version counts new corners (and their counts,
   * which change with them); each drawing of the cell image also sends them again unchanged from the
   * kept arrays, which imageDraws counts.
   */
  uploadVersions(): Record<'site' | 'corners' | 'style' | 'meta' | 'timeline', number> {
    return { site: this.site.version, corners: this.corners.version, style: this.style.version, meta: this.meta.version, timeline: this.timeline.texture.version };
  }

  /**
   * Draws the cell image for this camera and target, unless it was drawn for exactly these already
   * (and this renderer still holds it: a new renderer or a restored context starts empty). Called
   * from inside the scene's render (the light pass's onBeforeRender), as three's Reflector does.
   */
  private rasteriseIfNeeded(renderer: WebGLRenderer, camera: Camera): void {
    const target = renderer.getRenderTarget();
    const size = target ? this.scratchSize.set(target.width, target.height) : renderer.getDrawingBufferSize(this.scratchSize);
    const key = this.imageKey;
    let same = this.imageRenderer === renderer && (renderer.properties.get(this.image) as { __webglFramebuffer?: unknown }).__webglFramebuffer !== undefined;
    const p = camera.projectionMatrix.elements;
    const w = camera.matrixWorld.elements;
    for (let k = 0; k < IMAGE_KEY_LENGTH; k++) {
      const v = k < 16 ? p[k] : k < 32 ? w[k - 16] : k === 32 ? size.x : k === 33 ? size.y : this.layoutVersion;
      if (key[k] !== v) {
        key[k] = v;
        same = false;
      }
    }
    // Fewer cells than pixels: the light pass reads each cell's light from the state pass.
    const statePass = this.warmUpAs ? this.warmUpAs.statePass : this.table.count * STATE_PASS_PIXELS_PER_CELL <= size.x * size.y;
    if (statePass !== this.statePass) {
      this.statePass = statePass;
      setDefine(this.mesh.material, 'CELL_STATE_PASS', statePass);
      const [wide, high] = cellTextureSize(this.table.count);
      if (statePass && !this.stateSized) {
        this.state.setSize(wide, high);
        this.stateSized = true;
      }
    }
    // The light pass maps its pixels back to mosaic space with the same camera.
    this.uniforms.uClipToMosaic.value.multiplyMatrices(camera.matrixWorld, camera.projectionMatrixInverse);
    if (same) return;
    // Pixels a mosaic unit: to clip space (the orthographic scale), then to pixels.
    const tiny = this.warmUpAs ? this.warmUpAs.tinyCells : drawsTinyCells(this.cellRadius, Math.abs(p[0]) * 0.5 * size.x);
    setDefine(this.cells.material, 'TINY_CELLS', tiny);
    this.cells.geometry.setDrawRange(0, (tiny ? TRIANGLE_VERTICES : FAN_VERTICES) * (this.warmUpAs ? 1 : this.table.count));
    this.uniforms.uVerticesPerCell.value = tiny ? TRIANGLE_VERTICES : FAN_VERTICES;
    this.imageRenderer = renderer;
    if (this.image.width !== size.x || this.image.height !== size.y) this.image.setSize(size.x, size.y);
    const autoClear = renderer.autoClear;
    renderer.getClearColor(this.savedClear);
    const alpha = renderer.getClearAlpha();
    renderer.setRenderTarget(this.image);
    renderer.setClearColor(0x000000, 0);
    renderer.state.buffers.depth.setMask(true);
    renderer.clear(true, true, false);
    renderer.autoClear = false;
    this.cornersOnGpu = true;
    renderer.render(this.imageScene, camera);
    this.releaseCorners();
    renderer.autoClear = autoClear;
    renderer.setClearColor(this.savedClear, alpha);
    renderer.setRenderTarget(target);
    this.imageDraws++;
  }

  /**
   * Frees the corners' GPU textures once the cell image is drawn: nothing else reads them. three keeps
   * their arrays (and their version, above 0) and uploads them again when the image is next drawn.
   */
  private releaseCorners(): void {
    this.corners.dispose();
    this.cornerCount.dispose();
    this.cornersOnGpu = false;
  }

  /** Each cell's light at this moment into the state texture (called before the light pass reads it). */
  private drawState(renderer: WebGLRenderer): void {
    const target = renderer.getRenderTarget();
    const autoClear = renderer.autoClear;
    renderer.setRenderTarget(this.state);
    renderer.autoClear = false;
    renderer.render(this.stateScene, this.stateCamera);
    renderer.autoClear = autoClear;
    renderer.setRenderTarget(target);
    this.stateDraws++;
  }

  /** The light timeline's bytes (the table's) were changed in place (the debug surface's overrides): upload them, pool the ripples again. */
  timelineChanged(): void {
    this.timeline.refill();
    this.field.setCells(this.table);
  }

  /** The light timeline the GPU's window is filled from (slice-major, packTimeline). */
  get lightTimeline(): CellTable['timeline'] {
    return this.table.timeline;
  }

  /**
   * This frame's moment into uSlice and uSliceInto (from the time, the loop and a held moment, in
   * double precision: every shader reads the slice from there), and the timeline slices around it
   * resident on the GPU; before anything reads them.
   */
  private showTimeline(renderer: WebGLRenderer): void {
    const u = this.uniforms;
    const now = sliceMoment(u.uTime.value, u.uLoopSeconds.value, u.uHold.value, u.uTimelineSamples.value, this.moment);
    u.uSlice.value = now.slice;
    u.uSliceInto.value = now.into;
    this.timeline.show(now.slice, SliceWindow.onGpu(renderer, this.timeline));
  }

  /** Highlight one cell (the viewer's pick), or none with -1: a uniform, no per-cell work. */
  setHighlight(cell: number): void {
    this.uniforms.uHighlight.value = cell;
  }

  /**
   * Where the light pass writes (src/render/post.ts chooses before each frame): 'linear', HDR light
   * added over what the target holds (the post chain's half-float buffer, cleared to the background;
   * the chain glows, tone-maps and dithers after), or 'display', the finished pixel: over the
   * background, tone-mapped, dithered and sRGB-encoded in the light pass itself, no blending, straight
   * to the canvas (the mosaic alone, with no chain: one full-screen pass a frame instead of three).
   * A program each, compiled when first used and kept; unchanged settings change nothing.
   */
  setOutput(output: MosaicOutput): void {
    const m = this.mesh.material;
    const display = output.kind === 'display';
    setDefine(m, 'DISPLAY_OUTPUT', display);
    m.blending = display ? NoBlending : CustomBlending;
    if (!display) return;
    const tone = output.toneMapping === 'aces' ? 'ACESFilmicToneMapping' : 'AgXToneMapping';
    const defines = m.defines as Record<string, unknown>;
    if (defines.DISPLAY_TONE_MAPPING !== tone) {
      defines.DISPLAY_TONE_MAPPING = tone;
      m.needsUpdate = true;
    }
    this.uniforms.uDither.value = output.dither ? 1 : 0;
    this.uniforms.uDitherOrigin.value.copy(output.origin);
  }

  /** The stage's clock (seconds, already times motion.speed); reduced motion slows it further here. */
  setTime(seconds: number): void {
    this.uniforms.uTime.value = seconds * this.timeScale;
  }

  /**
   * Before drawing a frame (after setTime): draws the light field for this moment, from the time and
   * the stirring recorded up to `stirNow` (the clock's seconds, not scaled by motion.speed: stirring
   * happens in real time). Two points a cell for the ripples (a light vertex each), or at city scale one
   * pass over the field's texels; whatever the viewport.
   */
  prepare(renderer: WebGLRenderer, stirNow: number, record: StirRecord | null): void {
    this.showTimeline(renderer);
    this.field.render(renderer, stirNow, record);
    // The stirring under the hand, per pixel, only while there is any: one program without it (what
    // loads and still frames use), one with it (compiled on the first stir and kept).
    setDefine(this.mesh.material, 'STIRRING', this.field.stirring && this.uniforms.uStir.value > 0);
  }

  /**
   * GPU bytes of the per-cell data: the per-cell textures (site, channel bytes, and the corners while
   * the cell image is drawn), the timeline window and, when the state pass runs, the per-cell state
   * (for stats and the bench; the field and the cell image are per pixel, not per cell: imageBytes).
   */
  gpuBytes(): number {
    let bytes = 0;
    const resident = this.cornersOnGpu ? [this.corners, this.cornerCount] : [];
    for (const t of [...resident, this.site, this.style, this.meta]) bytes += (t.image.data as ArrayBufferView).byteLength;
    bytes += this.timeline.bytes;
    // The per-cell state (16 bytes a texture a cell, once the state pass ran) is per cell too.
    if (this.stateSized) bytes += this.state.width * this.state.height * 16 * STATE_TEXTURES.length;
    // Pooled ripples are per field texel, but made from the cells and only at city scale: counted here.
    return bytes + this.field.poolBytes();
  }

  /** GPU bytes of the cell image as last drawn: 16 a pixel (RGBA float) plus its depth buffer (4 a pixel). */
  imageBytes(): number {
    return this.image.width * this.image.height * (16 + 4);
  }

  dispose(): void {
    this.field.dispose();
    this.mesh.geometry.dispose();
    this.mesh.material.dispose();
    this.cells.geometry.dispose();
    this.releaseCorners();
    this.cells.material.dispose();
    this.image.dispose();
    this.state.dispose();
    for (const c of this.stateScene.children as Mesh<BufferGeometry, ShaderMaterial>[]) {
      c.geometry.dispose();
      c.material.dispose();
    }
    for (const t of [this.site, this.style, this.meta, this.timeline]) t.dispose();
  }
}
