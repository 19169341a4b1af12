/**
 * Post-processing: the mosaic is rendered into a half-float buffer (cells emit values above 1), a
 * mipmap-blur bloom spreads the brightest light, and tone mapping happens once, at the end, with
 * dithering so dark gradients do not band on projectors.
 */
import { HalfFloatType, type Camera, type Scene, type WebGLRenderer } from 'three';
import { BloomEffect, EffectComposer, EffectPass, RenderPass, ToneMappingEffect, ToneMappingMode } from 'postprocessing';

export interface BloomLook {
  intensity: number;
  threshold: number;
  radius: number;
  levels: number;
}

export interface PostLook {
  bloom: BloomLook;
  toneMapping: 'agx' | 'aces';
  dithering: boolean;
}

/**
 * Which chain draws the frame: the installation's look, the mosaic alone (tone-mapped, no glow), or
 * the look with pmndrs' default mipmap-blur bloom in place of ours (the benchmark's reference).
 */
export type PostMode = 'full' | 'none' | 'pmndrs';

export const DEFAULT_POST: PostLook = {
  bloom: { intensity: 1.4, threshold: 0.55, radius: 0.75, levels: 5 },
  toneMapping: 'agx',
  dithering: true,
};

/** Counts the draw calls of the scene render alone, so stats() can say what the mosaic costs. */
class CountingRenderPass extends RenderPass {
  sceneDrawCalls = 0;
  override render(...args: Parameters<RenderPass['render']>): void {
    const info = args[0].info.render;
    const before = info.calls;
    super.render(...args);
    this.sceneDrawCalls = info.calls - before;
  }
}

export class Post {
  readonly composer: EffectComposer;
  readonly renderPass: CountingRenderPass;
  private bloom: BloomEffect;
  private toneMapping: ToneMappingEffect;
  private effectPass: EffectPass;
  private levels: number;

  constructor(
    renderer: WebGLRenderer,
    private scene: Scene,
    private camera: Camera,
    look: PostLook = DEFAULT_POST,
    private readonly mode: PostMode = 'full',
  ) {
    this.composer = new EffectComposer(renderer, { frameBufferType: HalfFloatType, depthBuffer: false });
    this.renderPass = new CountingRenderPass(scene, camera);
    this.composer.addPass(this.renderPass);
    this.levels = look.bloom.levels;
    this.bloom = this.makeBloom(look.bloom);
    this.toneMapping = new ToneMappingEffect({ mode: toneMode(look.toneMapping) });
    this.effectPass = this.makeEffectPass();
    this.effectPass.dithering = look.dithering;
    this.composer.addPass(this.effectPass);
  }

  private makeEffectPass(): EffectPass {
    return this.mode === 'none'
      ? new EffectPass(this.camera, this.toneMapping)
      : new EffectPass(this.camera, this.bloom, this.toneMapping);
  }

  private makeBloom(b: BloomLook): BloomEffect {
    if (this.mode === 'pmndrs') return new BloomEffect({ mipmapBlur: true }); // pmndrs' defaults, as shipped
    return new BloomEffect({
      mipmapBlur: true,
      intensity: b.intensity,
      luminanceThreshold: b.threshold,
      luminanceSmoothing: 0.25,
      radius: b.radius,
      levels: b.levels,
    });
  }

  /** Apply look settings. Everything but the number of blur levels is a uniform; levels rebuild the bloom. */
  setLook(look: PostLook): void {
    if (look.bloom.levels !== this.levels) {
      this.levels = look.bloom.levels;
      const old = this.effectPass;
      this.bloom.dispose();
      this.bloom = this.makeBloom(look.bloom);
      this.effectPass = this.makeEffectPass();
      this.composer.removePass(old);
      old.dispose();
      this.composer.addPass(this.effectPass);
    }
    if (this.mode !== 'pmndrs') {
      this.bloom.intensity = look.bloom.intensity;
      this.bloom.luminanceMaterial.threshold = look.bloom.threshold;
      this.bloom.mipmapBlurPass.radius = look.bloom.radius;
    }
    this.toneMapping.mode = toneMode(look.toneMapping);
    this.effectPass.dithering = look.dithering;
  }

  setSize(width: number, height: number): void {
    this.composer.setSize(width, height, false);
  }

  render(delta: number): void {
    this.composer.render(delta);
  }

  get sceneDrawCalls(): number {
    return this.renderPass.sceneDrawCalls;
  }

  dispose(): void {
    this.composer.dispose();
    void this.scene;
  }
}

function toneMode(name: PostLook['toneMapping']): ToneMappingMode {
  return name === 'aces' ? ToneMappingMode.ACES_FILMIC : ToneMappingMode.AGX;
}
