/**
 * The mosaic on the GPU: one instanced draw of every tile. Geometry is a fan of MAX_CORNERS triangles
 * shared by all tiles; each tile is a row of the attribute table (src/encode/tileTable.ts) and its
 * journey's timeline is a data texture. Everything the frame loop changes is a uniform.
 */
import {
  Color,
  DataTexture,
  DoubleSide,
  Float32BufferAttribute,
  GLSL3,
  InstancedBufferAttribute,
  InstancedBufferGeometry,
  InstancedInterleavedBuffer,
  InterleavedBufferAttribute,
  Mesh,
  NearestFilter,
  RGBAFormat,
  ShaderMaterial,
  UnsignedByteType,
  Vector2,
  type IUniform,
} from 'three';
import { MAX_CORNERS } from '../layout/layout.ts';
import { CHANNEL_MAX, type TileTable } from '../encode/tileTable.ts';
import { shaderSource } from './glsl.ts';
import { PALETTE_SIZE, paletteLinear } from './palettes.ts';

/** What the look and motion sections of a config set on the mosaic; all are uniforms (no rebuild). */
export interface MosaicLook {
  palette: string | string[];
  background: string;
  /** Gap between cells as a fraction of the mean cell radius. */
  gap: number;
  rim: number;
  core: number;
  noise: number;
  exposure: number;
  flash: number;
  loopSeconds: number;
  /** null: play the timeline as a loop; 0–1: hold at that moment. */
  hold: number | null;
  breathPeriod: number;
  breathDepth: number;
}

export const DEFAULT_LOOK: MosaicLook = {
  palette: 'noctiluca',
  background: '#01030a',
  gap: 0.14,
  rim: 1.6,
  core: 1.0,
  noise: 0.25,
  exposure: 1,
  flash: 1.6,
  loopSeconds: 48,
  hold: null,
  breathPeriod: 7,
  breathDepth: 0.3,
};

/** Every uniform of shaders/mosaic/cell.{vert,frag}, declared once. */
export interface MosaicUniforms {
  uExtent: IUniform<Vector2>;
  uCornerScale: IUniform<number>;
  uGapWidth: IUniform<number>;
  uTime: IUniform<number>;
  uLoopSeconds: IUniform<number>;
  uHold: IUniform<number>;
  uBreathPeriod: IUniform<number>;
  uBreathDepth: IUniform<number>;
  uFlash: IUniform<number>;
  uTimeline: IUniform<DataTexture>;
  uTimelineSamples: IUniform<number>;
  uTilesPerRow: IUniform<number>;
  uPalette: IUniform<Color[]>;
  uBackground: IUniform<Color>;
  uRim: IUniform<number>;
  uCore: IUniform<number>;
  uNoise: IUniform<number>;
  uExposure: IUniform<number>;
  /** The picked tile (viewer), or -1 for none. */
  uHighlight: IUniform<number>;
  [name: string]: IUniform;
}

/** The fan: triangle k = (site, corner k, corner k+1), as position = (k, role, 0). */
function fanGeometry(): InstancedBufferGeometry {
  const g = new InstancedBufferGeometry();
  const pos: number[] = [];
  for (let k = 0; k < MAX_CORNERS; k++) pos.push(k, 0, 0, k, 1, 0, k, 2, 0);
  g.setAttribute('position', new Float32BufferAttribute(pos, 3));
  return g;
}

export class MosaicGPU {
  readonly mesh: Mesh<InstancedBufferGeometry, ShaderMaterial>;
  readonly uniforms: MosaicUniforms;
  private readonly timeline: DataTexture;

  constructor(table: TileTable, look: MosaicLook = DEFAULT_LOOK) {
    const geometry = fanGeometry();
    geometry.name = 'Mosaic.Cells';
    geometry.instanceCount = table.count;
    geometry.setAttribute('instanceSite', new InstancedBufferAttribute(table.site, 2, true));
    // Sixteen int8 corner coordinates per tile, read as four vec4 attributes of one interleaved buffer.
    const corners = new InstancedInterleavedBuffer(table.corners, 4 * 4, 1);
    for (let k = 0; k < 4; k++) {
      geometry.setAttribute(`instanceCorners${k}`, new InterleavedBufferAttribute(corners, 4, 4 * k, true));
    }
    geometry.setAttribute('instanceStyle', new InstancedBufferAttribute(table.style, 4, true));
    geometry.setAttribute('instanceMeta', new InstancedBufferAttribute(table.meta, 4, true));
    // Bounds are known from the layout; skip three's per-vertex bounding computations.
    geometry.boundingSphere = null;

    const t = table.timeline;
    this.timeline = new DataTexture(t.data, t.width, t.height, RGBAFormat, UnsignedByteType);
    this.timeline.name = 'Mosaic.Timeline';
    this.timeline.minFilter = NearestFilter;
    this.timeline.magFilter = NearestFilter;
    this.timeline.generateMipmaps = false;
    this.timeline.needsUpdate = true;

    this.uniforms = {
      uExtent: { value: new Vector2(table.extent[0], table.extent[1]) },
      uCornerScale: { value: table.cornerScale },
      uGapWidth: { value: 0 },
      uTime: { value: 0 },
      uLoopSeconds: { value: 48 },
      uHold: { value: -1 },
      uBreathPeriod: { value: 7 },
      uBreathDepth: { value: 0.3 },
      uFlash: { value: 1.5 },
      uTimeline: { value: this.timeline },
      uTimelineSamples: { value: t.samples },
      uTilesPerRow: { value: t.tilesPerRow },
      uPalette: { value: Array.from({ length: PALETTE_SIZE }, () => new Color()) },
      uBackground: { value: new Color() },
      uRim: { value: 1 },
      uCore: { value: 1 },
      uNoise: { value: 0.25 },
      uExposure: { value: 1 },
      uHighlight: { value: -1 },
    };
    this.cellRadius = table.cellRadius;

    const material = new ShaderMaterial({
      name: 'Mosaic.CellMaterial',
      glslVersion: GLSL3,
      vertexShader: shaderSource('mosaic/cell.vert'),
      fragmentShader: shaderSource('mosaic/cell.frag'),
      uniforms: this.uniforms,
      defines: {
        MAX_CORNERS,
        PALETTE_SIZE,
        GLOW_MAX: CHANNEL_MAX.glow.toFixed(1),
        PULSE_MAX: CHANNEL_MAX.pulseRate.toFixed(1),
        SIZE_MAX: CHANNEL_MAX.size.toFixed(1),
      },
      side: DoubleSide,
      depthTest: false,
      depthWrite: false,
    });
    this.mesh = new Mesh(geometry, material);
    this.mesh.name = 'Mosaic';
    this.mesh.frustumCulled = false;
    this.setLook(look);
  }

  private readonly cellRadius: number;

  /** Apply look and motion settings: uniforms only, seen on the next frame. */
  setLook(look: MosaicLook): void {
    const u = this.uniforms;
    paletteLinear(look.palette).forEach((rgb, k) => u.uPalette.value[k].setRGB(rgb[0], rgb[1], rgb[2]));
    u.uBackground.value.set(look.background);
    u.uGapWidth.value = look.gap * this.cellRadius;
    u.uRim.value = look.rim;
    u.uCore.value = look.core;
    u.uNoise.value = look.noise;
    u.uExposure.value = look.exposure;
    u.uFlash.value = look.flash;
    u.uLoopSeconds.value = Math.max(0.1, look.loopSeconds);
    u.uHold.value = look.hold ?? -1;
    u.uBreathPeriod.value = Math.max(0.1, look.breathPeriod);
    u.uBreathDepth.value = look.breathDepth;
  }

  /** Highlight one tile (the viewer's pick), or none with -1: a uniform, no per-tile work. */
  setHighlight(tile: number): void {
    this.uniforms.uHighlight.value = tile;
  }

  setTime(seconds: number): void {
    this.uniforms.uTime.value = seconds;
  }

  /** GPU bytes this mosaic holds: attributes plus the timeline texture (for stats and the bench). */
  gpuBytes(): number {
    const arrays = new Set<ArrayBufferView>();
    for (const attr of Object.values(this.mesh.geometry.attributes)) {
      if (attr instanceof InstancedBufferAttribute) arrays.add(attr.array);
      else if (attr instanceof InterleavedBufferAttribute) arrays.add(attr.data.array);
    }
    let bytes = 0;
    for (const a of arrays) bytes += a.byteLength;
    const img = this.timeline.image as { data: Uint8Array };
    return bytes + img.data.byteLength;
  }

  dispose(): void {
    this.mesh.geometry.dispose();
    this.mesh.material.dispose();
    this.timeline.dispose();
  }
}

