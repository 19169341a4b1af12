/**
 * The mosaic on the GPU: one instanced draw of every cell. Geometry is a fan of MAX_CORNERS triangles
 * shared by all cells; each cell is a row of the attribute table (src/encode/cellTable.ts) and its
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
import { MAX_CORNERS } from '../layout/kind.ts';
import type { CellGeometry, CellTable } from '../encode/cellTable.ts';
import { channelDefines } from '../encode/slots.ts';
import { shaderSource } from './glsl.ts';
import { PALETTE_SIZE, paletteLinear } from './palettes.ts';
import { safeMotion } from './safety.ts';

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
}

/**
 * What the look and motion sections of a config set on the mosaic; all are uniforms (no rebuild).
 * The config schema holds every default (src/config/schema.ts); src/app/settings.ts maps a config here.
 */
export interface MosaicLook {
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
  /** The clock speed the stage applies (config motion.speed); used to keep flashes below 3 Hz. */
  speed: number;
  /** Motion reduced (prefers-reduced-motion or config motion.reducedMotion "always"): slower, softer. */
  reducedMotion: boolean;
  reduced: ReducedFactors;
}

/** The cell's fixed light, not config settings: named here once, next to the uniforms they set. */
export const CELL_LIGHT = {
  /** Membrane gain at config look.rim = 1 (cell.frag's membrane term is tuned for 0–1.5). */
  rimGain: 1.5,
  /** Cytoplasm gain. */
  core: 1,
  /** Care-event flash gain, before the photosensitivity limit (safety.ts); halved while motion is reduced. */
  flash: 1.6,
  /** Fraction of a timeline slice a flash takes to rise; slower while motion is reduced. */
  flashRise: 0.15,
  reducedFlashRise: 0.6,
  /** Per-cell pulse amplitude (rate and phase come from the encoding). */
  pulseDepth: 0.15,
} as const;

/**
 * Every uniform of shaders/mosaic/cell.{vert,frag}, declared once with its GLSL type; the
 * TypeScript type of the uniforms object follows from it, and a test reads the shaders and checks
 * that they declare exactly these (src/render/mosaic.test.ts).
 */
export const MOSAIC_UNIFORMS = {
  uExtent: 'vec2',
  uCornerScale: 'float',
  uGapWidth: 'float',
  uTime: 'float',
  uLoopSeconds: 'float',
  uHold: 'float',
  uBreathFreq: 'float',
  uBreathDepth: 'float',
  uPulseFreq: 'float',
  uMaxPulseFreq: 'float',
  uPulseDepth: 'float',
  uFlash: 'float',
  uFlashRise: 'float',
  uWaveStrength: 'float',
  uWaveSpeed: 'float',
  uWaveWidth: 'float',
  uWaveInterval: 'float',
  uTimeline: 'sampler2D',
  uTimelineSamples: 'int',
  uCellsPerRow: 'int',
  uPalette: 'vec3[PALETTE_SIZE]',
  uBackground: 'vec3',
  uRim: 'float',
  uCore: 'float',
  uNoise: 'float',
  uNucleus: 'float',
  uExposure: 'float',
  /** The picked cell (viewer), or -1 for none. */
  uHighlight: 'int',
} as const;

/** The JavaScript value three uploads for a GLSL type. */
type GlslValue<T> = T extends 'float' | 'int'
  ? number
  : T extends 'vec2'
    ? Vector2
    : T extends 'vec3'
      ? Color
      : T extends `vec3[${string}]`
        ? Color[]
        : T extends 'sampler2D'
          ? DataTexture
          : never;

export type MosaicUniforms = { [K in keyof typeof MOSAIC_UNIFORMS]: IUniform<GlslValue<(typeof MOSAIC_UNIFORMS)[K]>> };

/** The fan: triangle k = (site, corner k, corner k+1), as position = (k, role, 0). */
function fanGeometry(): InstancedBufferGeometry {
  const g = new InstancedBufferGeometry();
  const pos: number[] = [];
  for (let k = 0; k < MAX_CORNERS; k++) pos.push(k, 0, 0, k, 1, 0, k, 2, 0);
  g.setAttribute('position', new Float32BufferAttribute(pos, 3));
  return g;
}

/** A change to the cells already on the GPU: new geometry from a layout, new bytes of some channels. */
export interface CellPatch {
  /** New sites, corners and corner counts (the layout ran again; same cell count). */
  geometry?: CellGeometry;
  /** The byte arrays whose channel bytes were written (src/encode/slots.ts): only these upload again. */
  bytes?: readonly ('style' | 'meta')[];
}

export class MosaicGPU {
  readonly mesh: Mesh<InstancedBufferGeometry, ShaderMaterial>;
  readonly uniforms: MosaicUniforms;
  private readonly timeline: DataTexture;
  private readonly corners: InstancedInterleavedBuffer;
  private cellRadius: number;
  /** Shader seconds per stage second: below 1 while motion is reduced. */
  private timeScale = 1;
  private look: MosaicLook;

  constructor(
    private table: CellTable,
    look: MosaicLook,
  ) {
    const geometry = fanGeometry();
    geometry.name = 'Mosaic.Cells';
    geometry.instanceCount = table.count;
    geometry.setAttribute('instanceSite', new InstancedBufferAttribute(table.site, 2, true));
    // Sixteen int8 corner coordinates per cell, read as four vec4 attributes of one interleaved buffer.
    this.corners = new InstancedInterleavedBuffer(table.corners, 4 * 4, 1);
    for (let k = 0; k < 4; k++) {
      geometry.setAttribute(`instanceCorners${k}`, new InterleavedBufferAttribute(this.corners, 4, 4 * k, true));
    }
    // The channel bytes (src/encode/slots.ts says which byte is which; the shader decodes them by generated define).
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

    // Placeholders: setLook below gives every look uniform its value.
    this.uniforms = {
      uExtent: { value: new Vector2(table.extent[0], table.extent[1]) },
      uCornerScale: { value: table.cornerScale },
      uGapWidth: { value: 0 },
      uTime: { value: 0 },
      uLoopSeconds: { value: 1 },
      uHold: { value: -1 },
      uBreathFreq: { value: 0 },
      uBreathDepth: { value: 0 },
      uPulseFreq: { value: 0 },
      uMaxPulseFreq: { value: 0 },
      uPulseDepth: { value: 0 },
      uFlash: { value: 0 },
      uFlashRise: { value: CELL_LIGHT.flashRise },
      uWaveStrength: { value: 0 },
      uWaveSpeed: { value: 0 },
      uWaveWidth: { value: 0 },
      uWaveInterval: { value: 1 },
      uTimeline: { value: this.timeline },
      uTimelineSamples: { value: t.samples },
      uCellsPerRow: { value: t.cellsPerRow },
      uPalette: { value: Array.from({ length: PALETTE_SIZE }, () => new Color()) },
      uBackground: { value: new Color() },
      uRim: { value: 0 },
      uCore: { value: CELL_LIGHT.core },
      uNoise: { value: 0 },
      uNucleus: { value: 1 },
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
      // The channel decoders (CHANNEL_HUE, …) and CORNER_COUNT, generated from the channel list.
      defines: { MAX_CORNERS, PALETTE_SIZE, ...channelDefines() },
      side: DoubleSide,
      depthTest: false,
      depthWrite: false,
    });
    this.mesh = new Mesh(geometry, material);
    this.mesh.name = 'Mosaic';
    this.mesh.frustumCulled = false;
    this.look = look;
    this.setLook(look);
  }

  /** Apply look and motion settings: uniforms only, seen on the next frame. Frequencies are clamped (safety.ts). */
  setLook(look: MosaicLook): void {
    this.look = look;
    const u = this.uniforms;
    const r = look.reducedMotion ? look.reduced : { speed: 1, breathing: 1, pulse: 1, waves: 1 };
    this.timeScale = Math.max(0, r.speed);
    const safe = safeMotion({
      speed: Math.max(1e-3, look.speed * this.timeScale),
      loopSeconds: Math.max(0.1, look.loopSeconds),
      timelineSamples: u.uTimelineSamples.value,
      breathPeriod: look.breathPeriod,
      flash: CELL_LIGHT.flash,
      waves: look.waves,
    });
    paletteLinear(look.palette).forEach((rgb, k) => u.uPalette.value[k].setRGB(rgb[0], rgb[1], rgb[2]));
    u.uBackground.value.set(look.background);
    u.uGapWidth.value = look.gap * this.cellRadius;
    u.uRim.value = look.rim * CELL_LIGHT.rimGain;
    u.uCore.value = CELL_LIGHT.core;
    u.uNoise.value = look.noise;
    u.uNucleus.value = look.nucleus ? 1 : 0;
    u.uExposure.value = look.exposure;
    // Reduced motion keeps the glow: flashes stay, but rise slowly and softer.
    u.uFlash.value = safe.flash * (look.reducedMotion ? 0.5 : 1);
    u.uFlashRise.value = look.reducedMotion ? CELL_LIGHT.reducedFlashRise : CELL_LIGHT.flashRise;
    u.uLoopSeconds.value = Math.max(0.1, look.loopSeconds);
    u.uHold.value = look.hold ?? -1;
    u.uBreathFreq.value = safe.breathFreq;
    u.uBreathDepth.value = look.breathDepth * r.breathing;
    u.uPulseFreq.value = 1 / Math.max(0.1, look.breathPeriod);
    u.uMaxPulseFreq.value = safe.maxPulseFreq;
    u.uPulseDepth.value = CELL_LIGHT.pulseDepth * r.pulse;
    u.uWaveStrength.value = safe.waveStrength * r.waves;
    u.uWaveSpeed.value = safe.waveSpeed;
    u.uWaveWidth.value = safe.waveWidth;
    u.uWaveInterval.value = safe.waveInterval;
  }

  /**
   * Update the cells in place (same count): new geometry after a layout, and/or channel bytes
   * re-encoded into the table's style and meta arrays. Only the attributes that changed are
   * uploaded again, on the next frame; the timeline texture and the shader program stay.
   */
  update(table: CellTable, patch: CellPatch): void {
    if (table.count !== this.table.count) throw new Error(`mosaic: update with ${table.count} cells for ${this.table.count}; build a new MosaicGPU`);
    const g = this.mesh.geometry;
    const reuse = (name: string, array: Uint8Array | Uint16Array) => {
      const attr = g.getAttribute(name) as InstancedBufferAttribute;
      if (attr.array !== array) attr.array = array;
      attr.needsUpdate = true;
    };
    if (patch.geometry) {
      reuse('instanceSite', table.site);
      if (this.corners.array !== table.corners) this.corners.array = table.corners;
      this.corners.needsUpdate = true;
      this.uniforms.uCornerScale.value = table.cornerScale;
      this.uniforms.uExtent.value.set(table.extent[0], table.extent[1]);
      this.cellRadius = table.cellRadius;
      // The corner count lives in instanceMeta.
      reuse('instanceMeta', table.meta);
    }
    if (patch.bytes?.includes('style')) reuse('instanceStyle', table.style);
    if (patch.bytes?.includes('meta')) reuse('instanceMeta', table.meta);
    this.table = table;
    this.setLook(this.look);
  }

  /** Highlight one cell (the viewer's pick), or none with -1: a uniform, no per-cell work. */
  setHighlight(cell: number): void {
    this.uniforms.uHighlight.value = cell;
  }

  /** The stage's clock (seconds, already times motion.speed); reduced motion slows it further here. */
  setTime(seconds: number): void {
    this.uniforms.uTime.value = seconds * this.timeScale;
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
