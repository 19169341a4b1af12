/**
 * Post-processing: the mosaic (and the plankton particles) are rendered into a half-float buffer
 * (cells emit values above 1), a glow spreads the brightest light, and tone mapping happens once, at
 * the end, with dithering so dark gradients do not band on projectors. The glow's composite, tone
 * mapping and dithering are one merged full-resolution pass (pmndrs EffectPass). The mosaic alone
 * (mode 'none') needs none of it: its light pass tone-maps and dithers itself, straight to the canvas.
 */
import { HalfFloatType, Uniform, Vector2, type Camera, type Scene, type WebGLRenderer, type WebGLRenderTarget } from 'three';
import {
  BlendFunction,
  BloomEffect,
  Effect,
  EffectComposer,
  EffectMaterial,
  EffectPass,
  RenderPass,
  ToneMappingEffect,
  ToneMappingMode,
} from 'postprocessing';
import { shaderSource } from './glsl.ts';
import { GlowEffect } from './glow.ts';
import { STATE_PASS_PIXELS_PER_CELL, drawsTinyCells, type MosaicGPU, type MosaicOutput } from './mosaic.ts';
import { ParticlePass, Particles, type ParticleLook } from './particles.ts';

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
  /** Plankton particles (config look.particles); absent: none. */
  particles?: ParticleLook;
}

/**
 * Which chain draws the frame: the installation's look, the mosaic alone (no glow, no plankton: the
 * light pass drawn straight to the canvas, tone-mapped and dithered there, MosaicGPU.setOutput), or
 * the look with pmndrs' default mipmap-blur bloom in place of ours (the benchmark's reference).
 */
export type PostMode = 'full' | 'none' | 'pmndrs';

/**
 * Dithering at the output's precision (shaders/post/dither.frag): one 8-bit sRGB step of triangular
 * noise. pmndrs' own dithering adds its noise before the sRGB encoding, too little in the darks.
 */
export class DitherEffect extends Effect {
  /** The camera whose view offset places this canvas on a larger picture (a wall's output, a still's piece). */
  camera: Camera | null = null;

  constructor() {
    super('DitherEffect', shaderSource('post/dither.frag', { lines: false }), {
      blendFunction: BlendFunction.NORMAL,
      uniforms: new Map<string, Uniform>([
        ['uDither', new Uniform(1)],
        ['uDitherOrigin', new Uniform(new Vector2())],
      ]),
    });
  }

  /**
   * The grain is a function of the pixel on the whole picture, not on this canvas: a wall's outputs
   * and a still's pieces then carry the very grain of the picture drawn whole.
   */
  override update(_renderer: WebGLRenderer, input: WebGLRenderTarget): void {
    ditherOrigin(this.camera, input.width, (this.uniforms.get('uDitherOrigin') as Uniform<Vector2>).value);
  }

  setOn(on: boolean): void {
    (this.uniforms.get('uDither') as Uniform<number>).value = on ? 1 : 0;
  }
}

/**
 * The first pixel of a canvas `width` drawing-buffer pixels wide on the whole picture its camera's
 * view offset places it in (GL rows count from the bottom), into `out`; (0, 0) without one.
 */
function ditherOrigin(camera: Camera | null, width: number, out: Vector2): Vector2 {
  const v = (camera as (Camera & { view?: { enabled: boolean; fullHeight: number; offsetX: number; offsetY: number; width: number; height: number } | null }) | null)?.view;
  if (!v?.enabled) return out.set(0, 0);
  // View units to this canvas's pixels.
  const scale = width / Math.max(1e-9, v.width);
  return out.set(Math.round(v.offsetX * scale), Math.round((v.fullHeight - v.offsetY - v.height) * scale));
}

/**
 * Draws with `draw` and returns its draw calls less those of the mosaic's own passes drawn from inside
 * it (a new cell image, the per-cell state): the scene's alone.
 */
function sceneCalls(renderer: WebGLRenderer, mosaic: MosaicGPU | null, draw: () => void): number {
  const info = renderer.info.render;
  const before = info.calls;
  const passes = () => (mosaic ? mosaic.imageDraws + mosaic.stateDraws : 0);
  const inner = passes();
  draw();
  return info.calls - before - (passes() - inner);
}

const LINEAR: MosaicOutput = { kind: 'linear' };

/**
 * Counts the draw calls of the scene render alone, so stats() can say what the mosaic costs; a
 * frame that draws the mosaic's cell image again (a new layout or view) or its per-cell state does it
 * from inside the scene's render, and those draws are not the scene's.
 */
class CountingRenderPass extends RenderPass {
  sceneDrawCalls = 0;
  mosaic: MosaicGPU | null = null;
  /** The scene this pass draws (pmndrs keeps it as `scene`; `mainScene` only sets it). */
  get drawnScene(): Scene {
    return (this as unknown as { scene: Scene }).scene;
  }
  override render(...args: Parameters<RenderPass['render']>): void {
    this.sceneDrawCalls = sceneCalls(args[0], this.mosaic, () => super.render(...args));
  }
}

export class Post {
  readonly composer: EffectComposer;
  readonly renderPass: CountingRenderPass;
  readonly particlePass: ParticlePass;
  private particles: Particles | null = null;
  /** The plankton of the mosaic replaced last, until the next frame is drawn (setMosaic). */
  private retiredParticles: Particles | null = null;
  private glow: GlowEffect | BloomEffect | null;
  private toneMapping: ToneMappingEffect;
  private dither = new DitherEffect();
  private effectPass: EffectPass;
  private look: PostLook;
  private size: [number, number] = [1, 1];
  /** The draw calls of the scene alone in the last frame drawn straight to the canvas (mode 'none'). */
  private directDrawCalls = 0;
  private readonly bufferSize = new Vector2();
  /** The light pass's output when drawn straight to the canvas, filled in each frame (no allocation). */
  private readonly display: Extract<MosaicOutput, { kind: 'display' }> = { kind: 'display', toneMapping: 'agx', dither: true, origin: new Vector2() };

  constructor(
    renderer: WebGLRenderer,
    readonly scene: Scene,
    private camera: Camera,
    look: PostLook,
    readonly mode: PostMode = 'full',
  ) {
    this.look = look;
    this.dither.camera = camera;
    this.composer = new EffectComposer(renderer, { frameBufferType: HalfFloatType, depthBuffer: false });
    this.renderPass = new CountingRenderPass(scene, camera);
    this.composer.addPass(this.renderPass);
    this.particlePass = new ParticlePass(camera);
    this.composer.addPass(this.particlePass);
    this.glow = this.makeGlow(look.bloom);
    this.toneMapping = new ToneMappingEffect({ mode: toneMode(look.toneMapping) });
    const effects: Effect[] = this.glow ? [this.glow, this.toneMapping, this.dither] : [this.toneMapping, this.dither];
    this.effectPass = new EffectPass(camera, ...effects);
    // The dither encodes to sRGB itself, with its step added after (shaders/post/dither.frag).
    (this.effectPass.fullscreenMaterial as EffectMaterial).encodeOutput = false;
    this.dither.setOn(look.dithering);
    this.composer.addPass(this.effectPass);
  }

  private makeGlow(b: BloomLook): GlowEffect | BloomEffect | null {
    if (this.mode === 'none') return null;
    if (this.mode === 'pmndrs') return new BloomEffect({ mipmapBlur: true }); // pmndrs' defaults, as shipped
    return new GlowEffect(b);
  }

  /**
   * The mosaic whose time, extent and palette the particles share (the same uniform objects, so
   * the mosaic's per-frame setTime moves them too). null removes the particles.
   */
  setMosaic(gpu: MosaicGPU | null): void {
    this.renderPass.mosaic = gpu;
    // The plankton they replace are disposed after the next frame, which the new ones draw in: until
    // then their material keeps the program alive (three deletes a program nothing uses, and the
    // frame would compile it again).
    this.retiredParticles?.dispose();
    this.retiredParticles = this.particles;
    // The mosaic alone has no plankton.
    this.particles = gpu && this.mode !== 'none' ? new Particles(gpu.uniforms, this.look.particles ?? { count: 0, size: 1, brightness: 0 }) : null;
    this.particlePass.setParticles(this.particles);
  }

  /** Apply look settings: uniforms, except glow levels and particle count (small reallocations). */
  setLook(look: PostLook): void {
    this.look = look;
    if (this.glow instanceof GlowEffect) this.glow.setOptions(look.bloom);
    if (look.particles) this.particles?.setLook(look.particles);
    this.toneMapping.mode = toneMode(look.toneMapping);
    this.dither.setOn(look.dithering);
  }

  setSize(width: number, height: number): void {
    this.size = [width, height];
    this.composer.setSize(width, height, false);
  }

  /**
   * Draws `standIn` (src/render/standIn.ts: its light field, cell image, light pass and plankton,
   * then this chain) once, small, so that every program a mosaic of `cells` cells needs in this
   * viewport is compiled now (three compiles a program on its first draw, and the first real frame
   * would wait for all of them). The mosaic picks its light pass by pixels per cell (a per-cell state
   * pass from STATE_PASS_PIXELS_PER_CELL pixels a cell, src/render/mosaic.ts): the stand-in is told
   * the choice the real cells will make at this size (MosaicGPU.warmUpAs) and drawn at one pixel,
   * its cell image for one cell, so the GPU compiles without shading. Afterwards the chain has its size, mosaic and scene
   * back; the canvas, sized back too, is cleared (black), as it is before any mosaic: the stage
   * draws no frame without one (src/app/Stage.tsx), so no GPU time goes to an empty one. Returns
   * what keeps the programs alive: release it once a real mosaic has drawn a frame (three deletes a
   * program when nothing uses it any more).
   */
  warmUp(renderer: WebGLRenderer, standIn: MosaicGPU, cells: number): () => void {
    const [width, height] = this.size;
    const particles = this.mode === 'none' ? null : new Particles(standIn.uniforms, this.look.particles ?? { count: 0, size: 1, brightness: 0 });
    const before = { mosaic: this.renderPass.mosaic, particles: this.particles };
    const buffer = renderer.getDrawingBufferSize(new Vector2());
    // The choices the real cells will make at this size, made for the stand-in drawn at one pixel:
    // the state pass by pixels a cell, tiny cells by pixels across a mean cell of a mosaic that
    // fills the canvas's height (as MosaicGPU decides them; a wrong guess costs a compile, not a pixel).
    const extent = standIn.uniforms.uExtent.value;
    const radius = Math.sqrt((extent.x / Math.max(1e-9, extent.y)) / (Math.PI * Math.max(1, cells)));
    standIn.warmUpAs = { statePass: cells * STATE_PASS_PIXELS_PER_CELL <= buffer.x * buffer.y, tinyCells: drawsTinyCells(radius, buffer.y) };
    const ratio = renderer.getPixelRatio();
    this.renderPass.mosaic = standIn;
    this.particlePass.setParticles(particles);
    this.scene.add(standIn.mesh);
    renderer.setPixelRatio(1);
    try {
      this.composer.setSize(1, 1, false); // drawing-buffer pixels, whatever the device's pixel ratio
      standIn.setTime(0);
      standIn.prepare(renderer, 0, null);
      this.render(0);
    } finally {
      this.scene.remove(standIn.mesh);
      this.renderPass.mosaic = before.mosaic;
      this.particlePass.setParticles(before.particles);
      renderer.setPixelRatio(ratio);
      this.composer.setSize(width, height, false);
    }
    return () => particles?.dispose();
  }

  render(delta: number): void {
    const gpu = this.renderPass.mosaic;
    // The mosaic alone, straight to the canvas; anything else the debug surface puts in its place
    // (a test scene) goes through the chain, which tone-maps and dithers it.
    if (this.mode === 'none' && gpu && this.renderPass.drawnScene === this.scene) {
      this.renderDirect(gpu);
      this.disposeRetired();
      return;
    }
    gpu?.setOutput(LINEAR);
    this.composer.render(delta);
    this.disposeRetired();
  }

  private disposeRetired(): void {
    this.retiredParticles?.dispose();
    this.retiredParticles = null;
  }

  private renderDirect(gpu: MosaicGPU): void {
    const renderer = this.composer.getRenderer();
    const out = this.display;
    out.toneMapping = this.look.toneMapping;
    out.dither = this.look.dithering;
    ditherOrigin(this.camera, renderer.getDrawingBufferSize(this.bufferSize).x, out.origin);
    gpu.setOutput(out);
    renderer.setRenderTarget(null);
    this.directDrawCalls = sceneCalls(renderer, gpu, () => renderer.render(this.scene, this.camera));
  }

  get sceneDrawCalls(): number {
    return this.mode === 'none' ? this.directDrawCalls : this.renderPass.sceneDrawCalls;
  }

  dispose(): void {
    this.particles?.dispose();
    this.disposeRetired();
    this.composer.dispose(); // disposes every pass, and the effects they hold
  }
}

function toneMode(name: PostLook['toneMapping']): ToneMappingMode {
  return name === 'aces' ? ToneMappingMode.ACES_FILMIC : ToneMappingMode.AGX;
}
