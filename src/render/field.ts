/**
 * The light field: how much the water around every point of the mosaic is stirred right now, as a
 * small half-float texture over the whole mosaic (red: ripples from care events, green: the visitors'
 * stirring). It is drawn from scratch before each frame, from the time and the recorded input only:
 * - every cell's flash sends out a ripple, reaching neighbours later the farther they are
 *   (shaders/field/rippleLight.glsl). Up to POOLED_RIPPLES_FROM cells, each cell draws its own
 *   (shaders/field/ripple.*: two points a cell, empty unless the cell has just flashed). From there on
 *   (city scale) the cells' flashes are pooled per texel and slice once per layout
 *   (src/encode/ripplePool.ts) and one full-screen pass gathers them (shaders/field/ripplePool.frag):
 *   a sprite for every flashing cell cost over 99% of a 100,000-cell frame, and grew with the cells;
 * - every recent stirring sample (src/render/stir.ts) lights a Gaussian spot (shaders/field/stir.*).
 * The cells (and the plankton) read it at their sites. Its resolution depends only on the cells (not
 * on the viewport), so every output of a wall and every piece of a still computes the same field.
 * Per-frame CPU work is two draw calls and, when the recording changed, one small texture upload.
 */
import {
  AddEquation,
  BufferAttribute,
  BufferGeometry,
  CustomBlending,
  DataTexture,
  Float32BufferAttribute,
  FloatType,
  GLSL3,
  HalfFloatType,
  LinearFilter,
  NearestFilter,
  OneFactor,
  OrthographicCamera,
  Points,
  RGBAFormat,
  RGFormat,
  Scene,
  ShaderMaterial,
  Vector2,
  Vector3,
  Vector4,
  WebGLRenderTarget,
  Color,
  Mesh,
  type IUniform,
  type Texture,
  type WebGLRenderer,
} from 'three';
import { shaderSource } from './glsl.ts';
import { SliceWindow } from './sliceWindow.ts';
import { MAX_STIR_SAMPLES, type StirRecord } from './stir.ts';
import type { CellTable } from '../encode/cellTable.ts';
import { POOLED_RIPPLES_FROM, poolRipples, pooledFieldSize } from '../encode/ripplePool.ts';

/** Field texels per cell radius (before the limits below). */
const TEXELS_PER_RADIUS = 4;
/** Pooled ripples gather at most this many texels on each side (a look reaching farther is cut there). */
const MAX_POOL_REACH = 4;
/** The field's height in texels stays within these (its width follows the mosaic's aspect). */
export const FIELD_MIN_HEIGHT = 64;
export const FIELD_MAX_HEIGHT = 384;

/** The cells the field is drawn from: their count, sites and light timeline. */
export type FieldCells = Pick<CellTable, 'count' | 'extent' | 'cellRadius' | 'site' | 'timeline'>;

/** Whether a mosaic of `count` cells pools its ripples (city scale) or draws one a cell. */
export function poolsRipples(count: number): boolean {
  return count >= POOLED_RIPPLES_FROM;
}

/** The field's size for these cells (texels): from the cell size, coarser when ripples are pooled. */
export function fieldSizeOf(cells: Pick<FieldCells, 'count' | 'extent' | 'cellRadius'>): [number, number] {
  return poolsRipples(cells.count) ? pooledFieldSize(cells.extent, cells.cellRadius) : fieldSize(cells.extent, cells.cellRadius);
}

/** The field's size for a mosaic of `extent` whose mean cell radius is `cellRadius` (mosaic units), a ripple a cell. */
export function fieldSize(extent: readonly [number, number], cellRadius: number): [number, number] {
  const h = Math.round(Math.min(FIELD_MAX_HEIGHT, Math.max(FIELD_MIN_HEIGHT, (TEXELS_PER_RADIUS * extent[1]) / Math.max(1e-9, cellRadius))));
  return [Math.max(1, Math.round((h * extent[0]) / extent[1])), h];
}

/** Uniforms the field shares with the mosaic (the same objects: the mosaic's updates move the field too). */
export interface FieldShared {
  uLoopSeconds: IUniform<number>;
  uHold: IUniform<number>;
  /** The slice now falls in and how far into it: the mosaic works them out before the field is drawn. */
  uSlice: IUniform<number>;
  uSliceInto: IUniform<number>;
  uTimeline: IUniform<Texture>;
  uTimelineSamples: IUniform<number>;
  uTimelineRing: IUniform<Vector3>;
  uFlashJitter: IUniform<number>;
  uFlashShape: IUniform<Vector4>;
  uExtent: IUniform<Vector2>;
  /** The cells' sites (the mosaic's per-cell texture) and how many cells a row of it holds. */
  uCellSite: IUniform<Texture>;
  uCellsWide: IUniform<number>;
}

const additive = { blending: CustomBlending, blendEquation: AddEquation, blendSrc: OneFactor, blendDst: OneFactor } as const;

export class LightField {
  readonly target: WebGLRenderTarget;
  /** Ripple speed (mosaic units per shader second), reach (mosaic units), the mean cell radius. */
  readonly rippleShape = new Vector3(1, 1, 1);
  /** Stirring's flash: rise, decay (seconds), peak normaliser. */
  readonly stirShape = new Vector3(0.03, 0.45, 1);
  private readonly scene = new Scene();
  private readonly camera = new OrthographicCamera(-1, 1, 1, -1, -1, 1);
  /** One of the two: a ripple a cell, or the pooled ripples' gather pass and its pool. */
  private readonly ripples: Points<BufferGeometry, ShaderMaterial> | null = null;
  private readonly pooled: Mesh<BufferGeometry, ShaderMaterial> | null = null;
  /** The pooled ripples' slices around now (sliceWindow.ts), and the ring the gather reads them by. */
  private pool: SliceWindow | null = null;
  private readonly poolRing = { value: new Vector3(0, 0, 1) };
  private readonly shared: FieldShared;
  private readonly poolScale = { value: 1 };
  private readonly poolReach = { value: 1 };
  private readonly extent: Vector2;
  private readonly stirPoints: Points<BufferGeometry, ShaderMaterial>;
  private readonly stirTexture: DataTexture;
  private readonly stirData = new Float32Array(MAX_STIR_SAMPLES * 2 * 4);
  private readonly fieldSize = new Vector2(1, 1);
  private readonly stirCount = { value: 0 };
  private readonly stirNow = { value: 0 };
  private stirKey = '';
  private stirBase = 0;
  private readonly savedClear = new Color();

  constructor(shared: FieldShared, cells: FieldCells) {
    this.shared = shared;
    this.extent = shared.uExtent.value;
    const [w, h] = fieldSizeOf(cells);
    this.fieldSize.set(w, h);
    this.target = new WebGLRenderTarget(w, h, { type: HalfFloatType, format: RGFormat, minFilter: LinearFilter, magFilter: LinearFilter, depthBuffer: false, generateMipmaps: false });
    this.target.texture.name = 'LightField.Target';

    if (poolsRipples(cells.count)) {
      const geometry = new BufferGeometry();
      geometry.name = 'LightField.PooledRipples';
      // One triangle over the whole field (post/fullscreen.vert).
      geometry.setAttribute('position', new Float32BufferAttribute([-1, -1, 0, 3, -1, 0, -1, 3, 0], 3));
      const material = new ShaderMaterial({
        name: 'LightField.PooledRippleMaterial',
        glslVersion: GLSL3,
        vertexShader: shaderSource('post/fullscreen.vert'),
        fragmentShader: shaderSource('field/ripplePool.frag'),
        uniforms: {
          ...shared,
          uRippleShape: { value: this.rippleShape },
          uFieldSize: { value: this.fieldSize },
          uPool: { value: null },
          uPoolScale: this.poolScale,
          uPoolRing: this.poolRing,
          uPoolReach: this.poolReach,
        },
        ...additive,
        depthTest: false,
        depthWrite: false,
      });
      this.pooled = new Mesh(geometry, material);
      this.pooled.frustumCulled = false;
      this.setPool(cells);
      this.scene.add(this.pooled);
    } else {
      const rippleGeometry = new BufferGeometry();
      rippleGeometry.name = 'LightField.Ripples';
      // Two points a cell (this slice's flash and the previous slice's), found by gl_VertexID: no
      // attributes, and no instancing, which SwiftShader runs instance by instance.
      rippleGeometry.setDrawRange(0, 2 * cells.count);
      rippleGeometry.boundingSphere = null;
      const rippleMaterial = new ShaderMaterial({
        name: 'LightField.RippleMaterial',
        glslVersion: GLSL3,
        vertexShader: shaderSource('field/ripple.vert'),
        fragmentShader: shaderSource('field/ripple.frag'),
        uniforms: { ...shared, uRippleShape: { value: this.rippleShape }, uFieldSize: { value: this.fieldSize } },
        ...additive,
        depthTest: false,
        depthWrite: false,
      });
      this.ripples = new Points(rippleGeometry, rippleMaterial);
      this.ripples.frustumCulled = false;
      this.scene.add(this.ripples);
    }

    this.stirTexture = new DataTexture(this.stirData, MAX_STIR_SAMPLES, 2, RGBAFormat, FloatType);
    this.stirTexture.name = 'LightField.Stir';
    this.stirTexture.minFilter = NearestFilter;
    this.stirTexture.magFilter = NearestFilter;
    this.stirTexture.generateMipmaps = false;
    this.stirTexture.needsUpdate = true;
    const stirGeometry = new BufferGeometry();
    stirGeometry.name = 'LightField.StirPoints';
    // Positions come from gl_VertexID; three still wants a position attribute to size the draw.
    stirGeometry.setAttribute('position', new BufferAttribute(new Float32Array(3 * MAX_STIR_SAMPLES), 3));
    stirGeometry.setDrawRange(0, 0);
    const stirMaterial = new ShaderMaterial({
      name: 'LightField.StirMaterial',
      glslVersion: GLSL3,
      vertexShader: shaderSource('field/stir.vert'),
      fragmentShader: shaderSource('field/stir.frag'),
      uniforms: {
        uStir: { value: this.stirTexture },
        uStirCount: this.stirCount,
        uStirNow: this.stirNow,
        uStirShape: { value: this.stirShape },
        uFieldSize: { value: this.fieldSize },
      },
      ...additive,
      depthTest: false,
      depthWrite: false,
    });
    this.stirPoints = new Points(stirGeometry, stirMaterial);
    this.stirPoints.frustumCulled = false;
    this.scene.add(this.stirPoints);
  }

  /** The cells moved (a new layout of the same count): the field follows the new cell size, pooled ripples the new sites. */
  setCells(cells: FieldCells): void {
    const [w, h] = fieldSizeOf(cells);
    if (w !== this.fieldSize.x || h !== this.fieldSize.y) {
      this.fieldSize.set(w, h);
      this.target.setSize(w, h);
    }
    if (this.pooled) this.setPool(cells);
  }

  /** Whether the field as last drawn holds any stirring (else its stirring channel is exactly 0 everywhere). */
  get stirring(): boolean {
    return this.stirCount.value > 0;
  }

  /** GPU bytes of the pooled ripples' window (0 when each cell draws its own). */
  poolBytes(): number {
    return this.pool ? this.pool.bytes : 0;
  }

  private setPool(cells: FieldCells): void {
    const pool = poolRipples(cells.site, cells.count, cells.timeline, this.fieldSize.x, this.fieldSize.y);
    this.pool?.dispose();
    const sliceBytes = 4 * pool.width * pool.height;
    this.pool = new SliceWindow({ data: pool.data, samples: pool.samples, sliceBytes }, pool.width, pool.height, RGBAFormat, 4, 'LightField.Pool');
    this.poolRing.value = this.pool.ring;
    this.poolScale.value = pool.scale;
    this.pooled!.material.uniforms.uPool.value = this.pool.texture;
  }

  /** Texels the gather reaches on each side: a ripple's whole reach, at most 4 (81 texels a slice). */
  private updateReach(): void {
    const texel = Math.min(this.extent.x / this.fieldSize.x, this.extent.y / this.fieldSize.y);
    const reach = 3 * this.rippleShape.y + this.rippleShape.z;
    this.poolReach.value = Math.max(1, Math.min(MAX_POOL_REACH, Math.ceil(reach / Math.max(1e-9, texel))));
  }

  /** How long a stirring sample stays visible (seconds): its flash has faded by then. */
  get stirSpan(): number {
    return 8 * this.stirShape.y;
  }

  /** Draws the field for this moment: the mosaic's uSlice and uSliceInto (set just before); `stirNow` is the clock's seconds. */
  render(renderer: WebGLRenderer, stirNow: number, record: StirRecord | null): void {
    this.uploadStir(stirNow, record);
    if (this.pool) {
      this.updateReach();
      this.pool.show(this.shared.uSlice.value, SliceWindow.onGpu(renderer, this.pool));
    }
    const target = renderer.getRenderTarget();
    const autoClear = renderer.autoClear;
    renderer.getClearColor(this.savedClear);
    const alpha = renderer.getClearAlpha();
    renderer.setRenderTarget(this.target);
    renderer.setClearColor(0x000000, 0);
    renderer.clear(true, false, false);
    renderer.autoClear = false;
    renderer.render(this.scene, this.camera);
    renderer.autoClear = autoClear;
    renderer.setClearColor(this.savedClear, alpha);
    renderer.setRenderTarget(target);
  }

  /** The recent samples into the stir texture, when they changed; their times relative to a base near now (float32-safe). */
  private uploadStir(now: number, record: StirRecord | null): void {
    const [a, b] = record ? record.window(now, this.stirSpan) : [0, 0];
    const key = `${record?.version ?? -1}:${a}:${b}`;
    if (key !== this.stirKey) {
      this.stirKey = key;
      this.stirBase = a < b ? record!.at(a).t : now;
      const d = this.stirData;
      const row = 4 * MAX_STIR_SAMPLES;
      for (let k = 0; k < b - a; k++) {
        const s = record!.at(a + k);
        d[4 * k] = s.x;
        d[4 * k + 1] = s.y;
        d[4 * k + 2] = s.t - this.stirBase;
        d[4 * k + 3] = s.a;
        d[row + 4 * k] = s.r;
      }
      this.stirCount.value = b - a;
      this.stirPoints.geometry.setDrawRange(0, b - a);
      this.stirTexture.needsUpdate = true;
    }
    this.stirNow.value = now - this.stirBase;
  }

  dispose(): void {
    this.target.dispose();
    // The site texture belongs to the mosaic; disposing this geometry frees only its own buffers.
    for (const drawn of [this.ripples, this.pooled]) {
      drawn?.geometry.dispose();
      drawn?.material.dispose();
    }
    this.pool?.dispose();
    this.stirPoints.geometry.dispose();
    this.stirPoints.material.dispose();
    this.stirTexture.dispose();
  }
}
