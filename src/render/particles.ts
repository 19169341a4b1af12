/**
 * Ambient plankton: `count` points drifting over the mosaic, animated entirely in the vertex shader
 * (shaders/particles/plankton.vert) from gl_VertexID and the mosaic's time uniform; they flare where
 * the mosaic's light field (ripples, stirring) and its waves pass. The geometry is
 * created once per count; nothing is written per frame. Drawn by ParticlePass after the mosaic, into
 * the same HDR buffer, so the sparks glow too.
 */
import {
  AdditiveBlending,
  BufferAttribute,
  BufferGeometry,
  GLSL3,
  Points,
  ShaderMaterial,
  Uniform,
  type Camera,
  type Color,
  type IUniform,
  type Texture,
  type Vector2,
  type WebGLRenderTarget,
  type WebGLRenderer,
} from 'three';
import { Pass } from 'postprocessing';
import { shaderSource } from './glsl.ts';
import { PALETTE_SIZE } from './palettes.ts';
import { MAX_TWINKLE_HZ } from './safety.ts';

export interface ParticleLook {
  count: number;
  /** CSS pixels. */
  size: number;
  brightness: number;
}

/** Uniforms the particles share with the mosaic (same objects: one update serves both). */
export interface SharedUniforms {
  uExtent: IUniform<Vector2>;
  uTime: IUniform<number>;
  uPalette: IUniform<Color[]>;
  /** The mosaic's light field (ripples, stirring): the plankton flare where the sea is stirred. */
  uField: IUniform<Texture>;
  uWaveStrength: IUniform<number>;
  uWaveSpeed: IUniform<number>;
  uWaveWidth: IUniform<number>;
  uWaveInterval: IUniform<number>;
}

export class Particles {
  readonly points: Points<BufferGeometry, ShaderMaterial>;
  private count = -1;

  constructor(shared: SharedUniforms, look: ParticleLook) {
    const material = new ShaderMaterial({
      name: 'Particles.PlanktonMaterial',
      glslVersion: GLSL3,
      vertexShader: shaderSource('particles/plankton.vert'),
      fragmentShader: shaderSource('particles/plankton.frag'),
      defines: { PALETTE_SIZE },
      uniforms: {
        uExtent: shared.uExtent,
        uTime: shared.uTime,
        uPalette: shared.uPalette,
        uField: shared.uField,
        uWaveStrength: shared.uWaveStrength,
        uWaveSpeed: shared.uWaveSpeed,
        uWaveWidth: shared.uWaveWidth,
        uWaveInterval: shared.uWaveInterval,
        uSize: new Uniform(1.5),
        uPixelRatio: new Uniform(1),
        uBrightness: new Uniform(0.5),
        uTwinkleHz: new Uniform(MAX_TWINKLE_HZ / 2),
      },
      blending: AdditiveBlending,
      transparent: true,
      depthTest: false,
      depthWrite: false,
    });
    this.points = new Points(new BufferGeometry(), material);
    this.points.name = 'Particles';
    this.points.frustumCulled = false;
    this.setLook(look);
  }

  setLook(look: ParticleLook): void {
    const count = Math.max(0, Math.min(100_000, Math.round(look.count)));
    if (count !== this.count) {
      this.count = count;
      this.points.geometry.dispose();
      // Positions come from gl_VertexID; three still wants a position attribute to size the draw.
      const g = new BufferGeometry();
      g.name = 'Particles.Geometry';
      g.setAttribute('position', new BufferAttribute(new Float32Array(3 * Math.max(1, count)), 3));
      g.setDrawRange(0, count);
      this.points.geometry = g;
    }
    const u = this.points.material.uniforms;
    u.uSize.value = look.size;
    u.uBrightness.value = look.brightness;
    this.points.visible = count > 0;
  }

  setPixelRatio(ratio: number): void {
    this.points.material.uniforms.uPixelRatio.value = ratio;
  }

  dispose(): void {
    this.points.geometry.dispose();
    this.points.material.dispose();
  }
}

/** Draws the particles over the frame already in the input buffer (additive, no clear, no swap). */
export class ParticlePass extends Pass {
  particles: Particles | null = null;

  constructor(camera: Camera) {
    super('ParticlePass', undefined, camera);
    this.needsSwap = false;
  }

  setParticles(p: Particles | null): void {
    if (this.particles) this.scene.remove(this.particles.points);
    this.particles = p;
    if (p) this.scene.add(p.points);
  }

  override render(renderer: WebGLRenderer, inputBuffer: WebGLRenderTarget): void {
    if (!this.particles?.points.visible) return;
    this.particles.setPixelRatio(renderer.getPixelRatio());
    const autoClear = renderer.autoClear;
    renderer.autoClear = false;
    renderer.setRenderTarget(inputBuffer);
    renderer.render(this.scene, this.camera);
    renderer.autoClear = autoClear;
  }
}
