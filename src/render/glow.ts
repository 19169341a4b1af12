/**
 * The glow: a bloom that starts at a quarter of the frame's resolution. pmndrs' mipmap blur begins
 * at half resolution with a full-resolution luminance pass; in software WebGL (and on small GPUs)
 * the cost is the number of full- and half-resolution fragments. Here the only full-resolution work
 * is one 4-tap prefilter read (written at 1/16 of the pixels) and one texture fetch in the final,
 * merged tone-mapping pass. The blur is a dual-filter pyramid (Bjørge 2015) from 1/4 resolution down.
 */
import {
  GLSL3,
  HalfFloatType,
  LinearFilter,
  ShaderMaterial,
  Uniform,
  Vector2,
  WebGLRenderTarget,
  type Texture,
  type TextureDataType,
  type WebGLRenderer,
} from 'three';
import { BlendFunction, Effect, ShaderPass } from 'postprocessing';

/** A ShaderPass whose material is known to be a ShaderMaterial. */
type MaterialPass = ShaderPass & { fullscreenMaterial: ShaderMaterial };
import { shaderSource } from './glsl.ts';

export interface GlowOptions {
  /** Strength of the glow added to the frame. */
  intensity: number;
  /** Luminance where glow starts (linear HDR; values above 1 are emitted light). */
  threshold: number;
  /** 0: tight glow, 1: wide glow. */
  radius: number;
  /** Blur levels, as in pmndrs' mipmap blur (which starts one octave finer); 1–9. */
  levels: number;
}

/** Quarter resolution: each glow texel covers a 4x4 pixel block of the frame. */
const START_DIVISOR = 4;
/** The smallest level is at least this many texels on its short side. */
const MIN_LEVEL_SIZE = 3;

function passMaterial(name: string, fragment: string, uniforms: Record<string, Uniform>): ShaderMaterial {
  return new ShaderMaterial({
    name,
    glslVersion: GLSL3,
    vertexShader: shaderSource('post/fullscreen.vert'),
    fragmentShader: shaderSource(fragment),
    uniforms: { inputBuffer: new Uniform(null), uTexel: new Uniform(new Vector2()), ...uniforms },
    depthTest: false,
    depthWrite: false,
  });
}

/**
 * A pmndrs Effect: its update() runs the glow pyramid, its fragment (shaders/post/glow.frag) adds the
 * result in the EffectPass that also tone-maps, so the composite costs no pass of its own.
 */
export class GlowEffect extends Effect {
  private readonly prefilter: MaterialPass;
  private readonly down: MaterialPass;
  private readonly up: MaterialPass;
  private downTargets: WebGLRenderTarget[] = [];
  private upTargets: WebGLRenderTarget[] = [];
  private levelCount = 0;
  private readonly size = new Vector2(1, 1);
  private type: TextureDataType = HalfFloatType;

  constructor(options: GlowOptions) {
    super('GlowEffect', shaderSource('post/glow.frag', { lines: false }), {
      blendFunction: BlendFunction.ADD,
      uniforms: new Map<string, Uniform>([
        ['uGlow', new Uniform(null)],
        ['uIntensity', new Uniform(options.intensity)],
      ]),
    });
    this.prefilter = new ShaderPass(
      passMaterial('Glow.PrefilterMaterial', 'post/glowPrefilter.frag', {
        uThreshold: new Uniform(options.threshold),
        uKnee: new Uniform(0.25),
      }),
    ) as MaterialPass;
    this.down = new ShaderPass(passMaterial('Glow.DownMaterial', 'post/glowDown.frag', {})) as MaterialPass;
    this.up = new ShaderPass(
      passMaterial('Glow.UpMaterial', 'post/glowUp.frag', { uSame: new Uniform(null), uRadius: new Uniform(options.radius) }),
    ) as MaterialPass;
    this.setOptions(options);
  }

  /** Everything but `levels` is a uniform; a new level count reallocates the (small) targets. */
  setOptions(o: GlowOptions): void {
    (this.uniforms.get('uIntensity') as Uniform<number>).value = o.intensity;
    this.prefilter.fullscreenMaterial.uniforms.uThreshold.value = o.threshold;
    this.prefilter.fullscreenMaterial.uniforms.uKnee.value = Math.max(0.05, o.threshold * 0.5);
    this.up.fullscreenMaterial.uniforms.uRadius.value = Math.min(1, Math.max(0, o.radius));
    // pmndrs' levels start at 1/2 resolution, ours at 1/4: one level fewer reaches as wide.
    const levels = Math.max(1, Math.min(8, Math.round(o.levels) - 1));
    if (levels !== this.levelCount) {
      this.levelCount = levels;
      this.allocate();
    }
  }

  /** The glow texture (quarter resolution), for inspection. */
  get texture(): Texture | null {
    return (this.uniforms.get('uGlow') as Uniform<Texture | null>).value;
  }

  private allocate(): void {
    this.release();
    for (let k = 0; k < this.levelCount; k++) {
      const rt = new WebGLRenderTarget(1, 1, { depthBuffer: false, type: this.type, minFilter: LinearFilter, magFilter: LinearFilter });
      rt.texture.name = `Glow.Down${k}`;
      this.downTargets.push(rt);
      if (k < this.levelCount - 1) {
        const u = rt.clone();
        u.texture.name = `Glow.Up${k}`;
        this.upTargets.push(u);
      }
    }
    this.setSize(this.size.x, this.size.y);
  }

  private release(): void {
    for (const rt of [...this.downTargets, ...this.upTargets]) rt.dispose();
    this.downTargets = [];
    this.upTargets = [];
  }

  override setSize(width: number, height: number): void {
    this.size.set(width, height);
    let w = Math.max(1, Math.round(width / START_DIVISOR));
    let h = Math.max(1, Math.round(height / START_DIVISOR));
    for (let k = 0; k < this.downTargets.length; k++) {
      this.downTargets[k].setSize(w, h);
      this.upTargets[k]?.setSize(w, h);
      if (Math.min(w, h) > MIN_LEVEL_SIZE) {
        w = Math.max(1, Math.round(w / 2));
        h = Math.max(1, Math.round(h / 2));
      }
    }
  }

  override initialize(renderer: WebGLRenderer, alpha: boolean, frameBufferType: number): void {
    void renderer;
    void alpha;
    const type = frameBufferType as TextureDataType;
    if (type !== this.type) {
      this.type = type === HalfFloatType ? HalfFloatType : type;
      this.allocate();
    }
  }

  override update(renderer: WebGLRenderer, inputBuffer: WebGLRenderTarget): void {
    const d = this.downTargets;
    const u = this.upTargets;
    const texel = (rt: WebGLRenderTarget, v: Vector2) => v.set(1 / rt.width, 1 / rt.height);

    texel(inputBuffer, this.prefilter.fullscreenMaterial.uniforms.uTexel.value);
    this.prefilter.render(renderer, inputBuffer, d[0]);
    for (let k = 1; k < d.length; k++) {
      texel(d[k - 1], this.down.fullscreenMaterial.uniforms.uTexel.value);
      this.down.render(renderer, d[k - 1], d[k]);
    }
    // Up the pyramid: level k = mix(down k, upsampled level k + 1).
    let below = d[d.length - 1];
    for (let k = d.length - 2; k >= 0; k--) {
      const m = this.up.fullscreenMaterial;
      texel(below, m.uniforms.uTexel.value);
      m.uniforms.uSame.value = d[k].texture;
      this.up.render(renderer, below, u[k]);
      below = u[k];
    }
    (this.uniforms.get('uGlow') as Uniform<Texture>).value = below.texture;
  }

  override dispose(): void {
    this.release();
    this.prefilter.dispose();
    this.down.dispose();
    this.up.dispose();
    super.dispose();
  }
}
