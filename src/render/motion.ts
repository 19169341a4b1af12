/**
 * Motion from a camera, found on the GPU: each camera frame is reduced to a small grid of luminance
 * (shaders/camera/luma.frag) and compared with the previous one (difference.frag); only that grid of
 * change, MOTION_GRID cells, is read back. No image is kept: the video frame is a texture that the
 * next frame replaces, and what leaves the GPU is how much each coarse cell changed.
 */
import {
  GLSL3,
  LinearFilter,
  Mesh,
  NearestFilter,
  OrthographicCamera,
  PlaneGeometry,
  RGBAFormat,
  Scene,
  ShaderMaterial,
  UnsignedByteType,
  Vector2,
  VideoTexture,
  WebGLRenderTarget,
  type Texture,
  type WebGLRenderer,
} from 'three';
import { shaderSource } from './glsl.ts';

/** The motion grid (cells across, down). */
export const MOTION_GRID = [48, 27] as const;

function gridTarget(name: string): WebGLRenderTarget {
  const t = new WebGLRenderTarget(MOTION_GRID[0], MOTION_GRID[1], {
    type: UnsignedByteType,
    format: RGBAFormat,
    minFilter: NearestFilter,
    magFilter: NearestFilter,
    depthBuffer: false,
    generateMipmaps: false,
  });
  t.texture.name = name;
  return t;
}

function pass(name: string, fragment: string, uniforms: Record<string, { value: unknown }>): ShaderMaterial {
  return new ShaderMaterial({
    name,
    glslVersion: GLSL3,
    vertexShader: shaderSource('post/fullscreen.vert'),
    fragmentShader: shaderSource(fragment),
    uniforms,
    depthTest: false,
    depthWrite: false,
  });
}

export class MotionDetector {
  private readonly video: VideoTexture;
  private lumNow = gridTarget('Motion.LumaA');
  private lumBefore = gridTarget('Motion.LumaB');
  private readonly diff = gridTarget('Motion.Difference');
  private readonly scene = new Scene();
  private readonly camera = new OrthographicCamera(-1, 1, 1, -1, 0, 1);
  private readonly quad: Mesh<PlaneGeometry, ShaderMaterial>;
  private readonly lumMaterial: ShaderMaterial;
  private readonly diffMaterial: ShaderMaterial;
  private readonly pixels = new Uint8Array(MOTION_GRID[0] * MOTION_GRID[1] * 4);
  private readonly grid = new Uint8Array(MOTION_GRID[0] * MOTION_GRID[1]);
  /** Frames compared so far. */
  frames = 0;

  constructor(element: HTMLVideoElement) {
    this.video = new VideoTexture(element);
    this.video.name = 'Motion.Video';
    this.video.minFilter = LinearFilter;
    this.video.magFilter = LinearFilter;
    this.video.generateMipmaps = false;
    const grid = new Vector2(MOTION_GRID[0], MOTION_GRID[1]);
    this.lumMaterial = pass('Motion.LumaMaterial', 'camera/luma.frag', { uVideo: { value: this.video }, uGrid: { value: grid } });
    this.diffMaterial = pass('Motion.DifferenceMaterial', 'camera/difference.frag', {
      uNow: { value: null as Texture | null },
      uBefore: { value: null as Texture | null },
      uGrid: { value: grid },
    });
    this.quad = new Mesh(new PlaneGeometry(2, 2), this.lumMaterial);
    this.quad.frustumCulled = false;
    this.scene.add(this.quad);
  }

  /**
   * Compares the camera's newest frame with the previous one: per grid cell (row by row from the top
   * of the picture the camera sees), how much it changed, 0–255. Null for the first frame.
   */
  step(renderer: WebGLRenderer): Uint8Array | null {
    const target = renderer.getRenderTarget();
    [this.lumNow, this.lumBefore] = [this.lumBefore, this.lumNow];
    this.quad.material = this.lumMaterial;
    renderer.setRenderTarget(this.lumNow);
    renderer.render(this.scene, this.camera);
    this.frames++;
    if (this.frames < 2) {
      renderer.setRenderTarget(target);
      return null;
    }
    this.diffMaterial.uniforms.uNow.value = this.lumNow.texture;
    this.diffMaterial.uniforms.uBefore.value = this.lumBefore.texture;
    this.quad.material = this.diffMaterial;
    renderer.setRenderTarget(this.diff);
    renderer.render(this.scene, this.camera);
    renderer.readRenderTargetPixels(this.diff, 0, 0, MOTION_GRID[0], MOTION_GRID[1], this.pixels);
    renderer.setRenderTarget(target);
    // Render targets read bottom row first; the video's top row is the grid's first.
    const [w, h] = MOTION_GRID;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) this.grid[y * w + x] = this.pixels[4 * ((h - 1 - y) * w + x)];
    return this.grid;
  }

  dispose(): void {
    this.video.dispose();
    this.lumNow.dispose();
    this.lumBefore.dispose();
    this.diff.dispose();
    this.quad.geometry.dispose();
    this.lumMaterial.dispose();
    this.diffMaterial.dispose();
  }
}

/**
 * Motion grid → stirring: the cells that changed more than the threshold (from `sensitivity`, 0–1),
 * strongest first, at most `max`; x mirrored when the camera faces the visitors like a mirror.
 * Positions are the cells' centres as fractions of the picture, the strength how far above the
 * threshold the change was.
 */
export function motionToStir(grid: Uint8Array, opts: { sensitivity: number; mirror: boolean; max: number }): { x: number; y: number; strength: number }[] {
  const [w, h] = MOTION_GRID;
  const threshold = 8 + (1 - Math.min(1, Math.max(0, opts.sensitivity))) * 72;
  const found: { x: number; y: number; strength: number }[] = [];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = grid[y * w + x];
      if (v <= threshold) continue;
      const fx = (x + 0.5) / w;
      found.push({ x: opts.mirror ? 1 - fx : fx, y: (y + 0.5) / h, strength: Math.min(1, (v - threshold) / 48) });
    }
  found.sort((a, b) => b.strength - a.strength || a.y - b.y || a.x - b.x);
  return found.slice(0, opts.max);
}
