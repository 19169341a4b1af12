/**
 * The look's debug surface, for tests and the benchmark: `window.noctiluca.look` (and
 * `window.noctiluca.cellScreenPosition`). Everything renders synchronously through the real post
 * chain and reads the canvas back in the same task, so results do not depend on the frame loop.
 * Development builds only: the stage loads it with a dynamic import behind import.meta.env.DEV, so
 * neither it nor its test shaders (shaders/test/) are in a production bundle (bench/bundle.test.ts).
 */
import {
  GLSL3,
  Mesh,
  PlaneGeometry,
  Scene,
  ShaderMaterial,
  Uniform,
  Vector2,
  Vector3,
  type Camera,
  type WebGLRenderer,
} from 'three';
import { addShaderFiles, shaderSource } from './glsl.ts';
import type { MosaicGPU } from './mosaic.ts';
import { Post, type PostLook, type PostMode } from './post.ts';
import type { ShaderErrorReport } from './shaderErrors.ts';
import type { StirRecord } from './stir.ts';

export interface LookDebug {
  /** Render one frame now at stage time `t` (seconds, before motion.speed), and wait for the GPU. */
  renderAt(t: number): void;
  /**
   * Milliseconds per frame for `frames` frames (each synchronised by a one-pixel read), time
   * advancing by `step`. `direct`: the mosaic alone, drawn straight to the canvas (no post at all).
   */
  frameTimes(opts: { frames: number; t?: number; step?: number; direct?: boolean }): number[];
  /** Mean relative luminance (0–255) of the whole canvas rendered at `t`. */
  meanLuminance(t: number): number;
  /** The canvas rendered at `t`, as base64 RGBA rows top to bottom (drawing-buffer pixels). */
  capture(t: number): { width: number; height: number; rgba: string };
  /**
   * The same frame as capture(t), with the mosaic's light in linear light through the post chain's
   * buffer and its tone-mapping and dither pass: what the mosaic alone drawn straight to the canvas
   * (post=none) must show.
   */
  captureThroughChain(t: number): { width: number; height: number; rgba: string };
  /** Where cell `index`'s site is drawn, in CSS pixels from the canvas's top-left; null if none. */
  cellScreenPosition(index: number): { x: number; y: number } | null;
  /** Where a mosaic point (fractions of its width and height, y down) is drawn, in CSS pixels. */
  mosaicToScreen(x: number, y: number): { x: number; y: number };
  /**
   * Renders at each time of `times` and returns, per time, the luminance (0–255, bilinear between the
   * drawing-buffer pixels around it) at each of `points` (CSS pixels): a time series without a full
   * read-back per frame. `direct`: the mosaic alone in linear light (no post-processing).
   */
  luminanceAt(times: number[], points: [number, number][], opts?: { direct?: boolean }): number[][];
  /**
   * Sets the flash byte the GPU reads for `cell` in timeline slice `slice` (after fatigue), or puts
   * the encoded one back (null): a test's counterfactual, "this care event did not happen".
   */
  overrideFlash(cell: number, slice: number, value: number | null): void;
  /**
   * A dark gradient (0 to `top` linear, default 0.06) through the tone-mapping pass, with and without
   * dithering: the luminance (0–255) of one row, for banding tests.
   */
  gradientRow(dither: boolean, top?: number): number[];
  /**
   * A single HDR disc (radius px, value) on black through the whole chain, dithering off: the
   * luminance (0–255) of the row through its centre, for glow fall-off tests.
   */
  discRow(radius?: number, value?: number): number[];
  /** Builds and renders every post mode (and particles) once; returns programs that failed to link. */
  compileAll(): { programs: number; failed: string[]; errors: ShaderErrorReport[] };
  /** Shader errors reported since the page loaded. */
  shaderErrors: ShaderErrorReport[];
  /** The live post chain and mosaic, for experiments in the console. */
  internals: { post: Post; gpu: MosaicGPU | null };
}

addShaderFiles(import.meta.glob('/shaders/test/*.frag', { query: '?raw', import: 'default', eager: true }) as Record<string, string>);

export interface DebugParts {
  gl: WebGLRenderer;
  post: Post;
  gpu: MosaicGPU | null;
  camera: Camera;
  look: PostLook;
  /** The stage's time multiplier (config motion.speed). */
  speed: number;
  /** The canvas size in CSS pixels. */
  size: { width: number; height: number };
  /** The stage's shader errors so far (the list grows as errors come). */
  shaderErrors: ShaderErrorReport[];
  /** The stirring recorded so far: a frame at t draws what was recorded before t. */
  stir: StirRecord | null;
}

const scratch = new Vector3();

/** Installs `window.noctiluca.look` for these parts; returns a function that removes it. */
export function installLookDebug(parts: DebugParts): () => void {
  const { gl, post, gpu, camera, shaderErrors } = parts;
  const ctx = gl.getContext();
  const pixel = new Uint8Array(4);
  const sync = () => ctx.readPixels(0, 0, 1, 1, ctx.RGBA, ctx.UNSIGNED_BYTE, pixel);
  // Stage time t is the clock's seconds (the page is frozen at t), so stirring is drawn as of t too.
  const setTime = (t: number) => {
    gpu?.setTime(t * parts.speed);
    gpu?.prepare(gl, t, parts.stir);
  };
  const draw = (t: number) => {
    setTime(t);
    post.render(0);
  };
  /**
   * The mosaic alone in linear light, straight to the canvas (no post, no tone mapping, no dither):
   * values add up as light does. The next frame of the chain sets the light pass's output back.
   */
  const drawLinear = (t: number) => {
    setTime(t);
    gpu?.setOutput({ kind: 'linear' });
    gl.setRenderTarget(null);
    gl.render(post.scene, camera);
  };
  const readAll = () => {
    const w = ctx.drawingBufferWidth;
    const h = ctx.drawingBufferHeight;
    const data = new Uint8Array(4 * w * h);
    ctx.readPixels(0, 0, w, h, ctx.RGBA, ctx.UNSIGNED_BYTE, data);
    return { w, h, data };
  };

  /** The canvas as it is, top row first, base64 RGBA. */
  const captured = () => {
    const { w, h, data } = readAll();
    const flipped = new Uint8Array(data.length);
    for (let y = 0; y < h; y++) flipped.set(data.subarray(4 * w * (h - 1 - y), 4 * w * (h - y)), 4 * w * y);
    let bin = '';
    for (let i = 0; i < flipped.length; i += 0x8000) bin += String.fromCharCode(...flipped.subarray(i, i + 0x8000));
    return { width: w, height: h, rgba: btoa(bin) };
  };

  /** Renders a full-screen test shader through the post chain and returns the middle row's luminance. */
  const testRow = (fragment: string, uniforms: Record<string, Uniform>, dither: boolean): number[] => {
    const material = new ShaderMaterial({
      name: 'Test.Scene',
      glslVersion: GLSL3,
      vertexShader: shaderSource('post/fullscreen.vert'),
      fragmentShader: shaderSource(fragment),
      uniforms,
      depthTest: false,
    });
    const quad = new Mesh(new PlaneGeometry(2, 2), material);
    quad.frustumCulled = false;
    const testScene = new Scene();
    testScene.add(quad);
    const particles = post.particlePass.enabled;
    post.renderPass.mainScene = testScene;
    post.particlePass.enabled = false;
    post.setLook({ ...parts.look, dithering: dither });
    post.render(0);
    const { w, h, data } = readAll();
    post.renderPass.mainScene = post.scene;
    post.particlePass.enabled = particles;
    post.setLook(parts.look);
    quad.geometry.dispose();
    material.dispose();
    const row: number[] = [];
    const y = Math.floor(h / 2);
    for (let x = 0; x < w; x++) {
      const i = 4 * (y * w + x);
      row.push(0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2]);
    }
    return row;
  };

  const overridden = new Map<string, number>();
  const debug: LookDebug = {
    renderAt(t) {
      draw(t);
      sync();
    },
    frameTimes({ frames, t = 10, step = 1 / 60, direct = false }) {
      const out: number[] = [];
      for (let k = 0; k < frames; k++) {
        const t0 = performance.now();
        if (direct) drawLinear(t + k * step);
        else draw(t + k * step);
        sync();
        out.push(performance.now() - t0);
      }
      return out;
    },
    meanLuminance(t) {
      draw(t);
      const { data } = readAll();
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) sum += 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
      return sum / (data.length / 4);
    },
    capture(t) {
      draw(t);
      return captured();
    },
    captureThroughChain(t) {
      if (!gpu) return debug.capture(t);
      // The chain draws any scene but the stage's own through itself (Post.render): the mosaic, lent.
      const via = new Scene();
      via.background = gpu.background;
      via.add(gpu.mesh);
      post.renderPass.mainScene = via;
      try {
        return debug.capture(t);
      } finally {
        post.renderPass.mainScene = post.scene;
        post.scene.add(gpu.mesh);
      }
    },
    mosaicToScreen(x, y) {
      const extent = gpu ? gpu.uniforms.uExtent.value : new Vector2(1, 1);
      scratch.set(x * extent.x, y * extent.y, 0).project(camera);
      return { x: ((scratch.x + 1) / 2) * parts.size.width, y: ((1 - scratch.y) / 2) * parts.size.height };
    },
    luminanceAt(times, points, opts = {}) {
      const w = ctx.drawingBufferWidth;
      const h = ctx.drawingBufferHeight;
      const sx = w / parts.size.width;
      const sy = h / parts.size.height;
      const block = new Uint8Array(4 * 4);
      const lum = (i: number) => 0.2126 * block[i] + 0.7152 * block[i + 1] + 0.0722 * block[i + 2];
      return times.map((t) => {
        if (opts.direct) drawLinear(t);
        else draw(t);
        return points.map(([x, y]) => {
          // Bilinear between the four pixel centres around the point (drawing-buffer rows run bottom up).
          const fx = Math.min(w - 1.001, Math.max(0, x * sx - 0.5));
          const fy = Math.min(h - 1.001, Math.max(0, h - y * sy - 0.5));
          const px = Math.floor(fx);
          const py = Math.floor(fy);
          ctx.readPixels(px, py, 2, 2, ctx.RGBA, ctx.UNSIGNED_BYTE, block);
          const ax = fx - px;
          const ay = fy - py;
          return (lum(0) * (1 - ax) + lum(4) * ax) * (1 - ay) + (lum(8) * (1 - ax) + lum(12) * ax) * ay;
        });
      });
    },
    overrideFlash(cell, slice, value) {
      if (!gpu) return;
      const timeline = gpu.lightTimeline;
      const i = 2 * (slice * timeline.count + cell);
      const key = `${cell}:${slice}`;
      if (!overridden.has(key)) overridden.set(key, timeline.data[i]);
      timeline.data[i] = value ?? overridden.get(key)!;
      if (value === null) overridden.delete(key);
      gpu.timelineChanged();
    },
    cellScreenPosition(index) {
      if (!gpu || index < 0 || index >= gpu.count) return null;
      const [sx, sy] = gpu.cellSite(index);
      const extent = gpu.uniforms.uExtent.value;
      scratch.set(sx * extent.x, sy * extent.y, 0).project(camera);
      return { x: ((scratch.x + 1) / 2) * parts.size.width, y: ((1 - scratch.y) / 2) * parts.size.height };
    },
    gradientRow(dither, top = 0.06) {
      return testRow('test/gradient.frag', { uTop: new Uniform(top) }, dither);
    },
    discRow(radius = 4, value = 6) {
      const size = new Vector2(ctx.drawingBufferWidth, ctx.drawingBufferHeight);
      return testRow('test/disc.frag', { uRadius: new Uniform(radius), uValue: new Uniform(value), uSize: new Uniform(size) }, false);
    },
    compileAll() {
      const before = shaderErrors.length;
      for (const mode of ['full', 'none', 'pmndrs'] as PostMode[]) {
        const p = new Post(gl, post.scene, camera, parts.look, mode);
        p.setMosaic(gpu);
        p.setSize(parts.size.width, parts.size.height);
        p.render(0);
        sync();
        p.dispose();
      }
      draw(0);
      sync();
      const programs = (gl.info.programs ?? []) as unknown as { name: string; program: WebGLProgram }[];
      const failed = programs.filter((p) => !ctx.getProgramParameter(p.program, ctx.LINK_STATUS)).map((p) => p.name);
      return { programs: programs.length, failed, errors: shaderErrors.slice(before) };
    },
    shaderErrors,
    internals: { post, gpu },
  };

  const w = window as unknown as { noctiluca?: Record<string, unknown> };
  if (!w.noctiluca) w.noctiluca = {};
  w.noctiluca.look = debug;
  w.noctiluca.cellScreenPosition = debug.cellScreenPosition;
  return () => {
    if (w.noctiluca?.look === debug) {
      delete w.noctiluca.look;
      delete w.noctiluca.cellScreenPosition;
    }
  };
}
