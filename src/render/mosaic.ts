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
import { MAX_CORNERS } from '../layout/layout.ts';
import { CHANNEL_MAX, type CellTable } from '../encode/cellTable.ts';
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

/** What the look and motion sections of a config set on the mosaic; all are uniforms (no rebuild). */
export interface MosaicLook {
  palette: string | string[];
  background: string;
  /** Gap between cells as a fraction of the mean cell radius. */
  gap: number;
  rim: number;
  core: number;
  noise: number;
  /** Draw a bright nucleus in each cell. */
  nucleus: boolean;
  exposure: number;
  flash: number;
  loopSeconds: number;
  /** null: play the timeline as a loop; 0–1: hold at that moment. */
  hold: number | null;
  breathPeriod: number;
  breathDepth: number;
  /** Per-cell pulse amplitude (rate and phase come from the encoding). */
  pulseDepth: number;
  waves: WaveLook;
  /** The clock speed the stage applies (config motion.speed); used to keep flashes below 3 Hz. */
  speed: number;
  /** Motion reduced (prefers-reduced-motion or config motion.reducedMotion "always"): slower, softer. */
  reducedMotion: boolean;
  reduced: ReducedFactors;
}

export const DEFAULT_LOOK: MosaicLook = {
  palette: 'noctiluca',
  background: '#01030a',
  gap: 0.14,
  rim: 1.6,
  core: 1.0,
  noise: 0.25,
  nucleus: true,
  exposure: 1,
  flash: 1.6,
  loopSeconds: 48,
  hold: null,
  breathPeriod: 7,
  breathDepth: 0.3,
  pulseDepth: 0.15,
  waves: { strength: 0.3, speed: 0.2, width: 0.15, interval: 12 },
  speed: 1,
  reducedMotion: false,
  reduced: { speed: 0.25, breathing: 0.2, pulse: 0, waves: 0 },
};

/** Every uniform of shaders/mosaic/cell.{vert,frag}, declared once. */
export interface MosaicUniforms {
  uExtent: IUniform<Vector2>;
  uCornerScale: IUniform<number>;
  uGapWidth: IUniform<number>;
  uTime: IUniform<number>;
  uLoopSeconds: IUniform<number>;
  uHold: IUniform<number>;
  uBreathFreq: IUniform<number>;
  uBreathDepth: IUniform<number>;
  uPulseFreq: IUniform<number>;
  uMaxPulseFreq: IUniform<number>;
  uPulseDepth: IUniform<number>;
  uFlash: IUniform<number>;
  uFlashRise: IUniform<number>;
  uWaveStrength: IUniform<number>;
  uWaveSpeed: IUniform<number>;
  uWaveWidth: IUniform<number>;
  uWaveInterval: IUniform<number>;
  uTimeline: IUniform<DataTexture>;
  uTimelineSamples: IUniform<number>;
  uCellsPerRow: IUniform<number>;
  uPalette: IUniform<Color[]>;
  uBackground: IUniform<Color>;
  uRim: IUniform<number>;
  uCore: IUniform<number>;
  uNoise: IUniform<number>;
  uNucleus: IUniform<number>;
  uExposure: IUniform<number>;
  /** The picked cell (viewer), or -1 for none. */
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

  constructor(table: CellTable, look: MosaicLook = DEFAULT_LOOK) {
    const geometry = fanGeometry();
    geometry.name = 'Mosaic.Cells';
    geometry.instanceCount = table.count;
    geometry.setAttribute('instanceSite', new InstancedBufferAttribute(table.site, 2, true));
    // Sixteen int8 corner coordinates per cell, read as four vec4 attributes of one interleaved buffer.
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
      uBreathFreq: { value: 1 / 7 },
      uBreathDepth: { value: 0.3 },
      uPulseFreq: { value: 1 / 7 },
      uMaxPulseFreq: { value: 1 },
      uPulseDepth: { value: 0.15 },
      uFlash: { value: 1.5 },
      uFlashRise: { value: 0.15 },
      uWaveStrength: { value: 0 },
      uWaveSpeed: { value: 0.2 },
      uWaveWidth: { value: 0.15 },
      uWaveInterval: { value: 12 },
      uTimeline: { value: this.timeline },
      uTimelineSamples: { value: t.samples },
      uCellsPerRow: { value: t.cellsPerRow },
      uPalette: { value: Array.from({ length: PALETTE_SIZE }, () => new Color()) },
      uBackground: { value: new Color() },
      uRim: { value: 1 },
      uCore: { value: 1 },
      uNoise: { value: 0.25 },
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
  /** Shader seconds per stage second: below 1 while motion is reduced. */
  private timeScale = 1;

  /** Apply look and motion settings: uniforms only, seen on the next frame. Frequencies are clamped (safety.ts). */
  setLook(look: MosaicLook): void {
    const u = this.uniforms;
    const r = look.reducedMotion ? look.reduced : { speed: 1, breathing: 1, pulse: 1, waves: 1 };
    this.timeScale = Math.max(0, r.speed);
    const safe = safeMotion({
      speed: Math.max(1e-3, look.speed * this.timeScale),
      loopSeconds: Math.max(0.1, look.loopSeconds),
      timelineSamples: u.uTimelineSamples.value,
      breathPeriod: look.breathPeriod,
      flash: look.flash,
      waves: look.waves,
    });
    paletteLinear(look.palette).forEach((rgb, k) => u.uPalette.value[k].setRGB(rgb[0], rgb[1], rgb[2]));
    u.uBackground.value.set(look.background);
    u.uGapWidth.value = look.gap * this.cellRadius;
    u.uRim.value = look.rim;
    u.uCore.value = look.core;
    u.uNoise.value = look.noise;
    u.uNucleus.value = look.nucleus ? 1 : 0;
    u.uExposure.value = look.exposure;
    // Reduced motion keeps the glow: flashes stay, but rise slowly and softer.
    u.uFlash.value = safe.flash * (look.reducedMotion ? 0.5 : 1);
    u.uFlashRise.value = look.reducedMotion ? 0.6 : 0.15;
    u.uLoopSeconds.value = Math.max(0.1, look.loopSeconds);
    u.uHold.value = look.hold ?? -1;
    u.uBreathFreq.value = safe.breathFreq;
    u.uBreathDepth.value = look.breathDepth * r.breathing;
    u.uPulseFreq.value = 1 / Math.max(0.1, look.breathPeriod);
    u.uMaxPulseFreq.value = safe.maxPulseFreq;
    u.uPulseDepth.value = look.pulseDepth * r.pulse;
    u.uWaveStrength.value = safe.waveStrength * r.waves;
    u.uWaveSpeed.value = safe.waveSpeed;
    u.uWaveWidth.value = safe.waveWidth;
    u.uWaveInterval.value = safe.waveInterval;
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

