/**
 * The stage: one r3f Canvas for the page's whole life (never remounted to change content). The
 * mosaic is a primitive whose object is swapped when the data or layout changes; look changes are
 * uniforms. Rendering goes through the post-processing chain, driven by a priority-1 frame callback
 * that does constant work per frame, whatever the number of cells.
 */
import { Canvas, useFrame, useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react';
import { OrthographicCamera, Vector3, type Vector2 } from 'three';
import type { MosaicGPU } from '../render/mosaic.ts';
import type { StandIn } from '../render/standIn.ts';
import type { StirRecord } from '../render/stir.ts';
import { Post, type PostLook, type PostMode } from '../render/post.ts';
import type { DebugParts } from '../render/debug.ts';
import { installShaderErrorReporter, type ShaderErrorReport } from '../render/shaderErrors.ts';
import type { FrameTimes } from './automation.ts';
import { boundedStep, gpuTime, type Clock } from './clock.ts';
import { overscanView, type FrameInfo, type Overscan, type View } from './contract.ts';

/** Loads the look's debug surface (src/render/debug.ts) and installs it; returns its remover. */
function lookDebugLater(parts: DebugParts): () => void {
  let remove: (() => void) | null = null;
  let gone = false;
  void import('../render/debug.ts').then((m) => {
    if (!gone) remove = m.installLookDebug(parts);
  });
  return () => {
    gone = true;
    remove?.();
  };
}

export interface StageProps {
  gpu: MosaicGPU | null;
  /**
   * While the first mosaic is laid out: a stand-in with its shader programs (src/render/standIn.ts),
   * drawn once out of sight so they compile beside the worker's layout; the stage disposes it after
   * the first frame of a real mosaic.
   */
  standIn?: StandIn | null;
  post: PostLook;
  postMode: PostMode;
  /** Camera view offset (three's setViewOffset arguments), for walls and stills in pieces. */
  view: View | null;
  /**
   * Pixels of the virtual canvas drawn around the view and not shown (a wall output's glow margin):
   * the canvas is that much larger, placed so that only the view is on screen.
   */
  overscan?: Overscan | null;
  /** Called with the aspect the mosaic should have to fill the stage: the canvas's, or the view's virtual canvas's. */
  onAspect?: (aspect: number) => void;
  /** The aspect the mosaic on screen was laid out for: a new layout (same GPU mosaic, new extent) refits the camera. */
  layoutAspect?: number | null;
  clock: Clock;
  speed: number;
  dpr: [number, number];
  /** The stirring recorded so far (src/render/stir.ts): every frame draws what was recorded before its time. */
  stir: StirRecord;
  /** Set by the stage: client pixels → mosaic fractions (0–1, y down), or null off the picture. */
  toMosaicRef?: { current: (clientX: number, clientY: number) => [number, number] | null };
  /** Called after every frame drawn with a mosaic. */
  onFrame: (info: FrameInfo) => void;
  /** Set by the stage: ask for a frame (needed when the clock is frozen and nothing else moves). */
  invalidateRef: { current: () => void };
  /** Where the JS time of each frame callback goes (window.noctiluca.frameTimings). */
  frameTimes: FrameTimes;
  /** Extra parts inside the Canvas (the core's stage guard, the modes' in-canvas parts). */
  children?: ReactNode;
  /** A shader failed to compile: which file, line and message (src/render/shaderErrors.ts). */
  onShaderError?: (report: ShaderErrorReport) => void;
}

/**
 * Fits mosaic space ([0, width] x [0, height], y down) into the viewport, letterboxed. With a view
 * offset the mosaic is fitted to the virtual canvas and this viewport shows its part of it. The
 * layout is made for that aspect (onAspect), so once it is, the mosaic fills it with no bands; the
 * letterbox shows only while a new layout is on its way after a resize.
 */
function fitCamera(
  camera: OrthographicCamera,
  viewportWidth: number,
  viewportHeight: number,
  extent: [number, number],
  view: StageProps['view'],
) {
  const [w, h] = extent;
  const width = view ? view[0] : viewportWidth;
  const height = view ? view[1] : viewportHeight;
  const viewAspect = width / Math.max(1, height);
  const scale = viewAspect > w / h ? h : w / viewAspect; // mosaic units across the viewport's height
  const halfH = scale / 2;
  const halfW = halfH * viewAspect;
  camera.left = w / 2 - halfW;
  camera.right = w / 2 + halfW;
  camera.top = h / 2 - halfH; // y grows downwards in mosaic space
  camera.bottom = h / 2 + halfH;
  camera.near = -1;
  camera.far = 1;
  if (view) camera.setViewOffset(view[0], view[1], view[2], view[3], view[4], view[5]);
  else camera.clearViewOffset();
  camera.updateProjectionMatrix();
}

const unprojected = new Vector3();

/** A client point on the canvas → where it is on the mosaic, as fractions of its extent (y down); null off the canvas. */
function clientToMosaic(canvas: HTMLCanvasElement, camera: OrthographicCamera, extent: Vector2, clientX: number, clientY: number): [number, number] | null {
  const r = canvas.getBoundingClientRect();
  if (r.width <= 0 || r.height <= 0) return null;
  const nx = ((clientX - r.left) / r.width) * 2 - 1;
  const ny = 1 - ((clientY - r.top) / r.height) * 2;
  if (nx < -1 || nx > 1 || ny < -1 || ny > 1) return null;
  unprojected.set(nx, ny, 0).applyMatrix4(camera.projectionMatrixInverse).applyMatrix4(camera.matrixWorld);
  return [unprojected.x / extent.x, unprojected.y / extent.y];
}

function Renderer({ gpu, standIn, post: look, postMode, view, clock, speed, stir, toMosaicRef, onFrame, invalidateRef, frameTimes, onShaderError, onAspect, layoutAspect }: Omit<StageProps, 'dpr'>) {
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  const camera = useThree((s) => s.camera) as OrthographicCamera;
  const size = useThree((s) => s.size);
  const invalidate = useThree((s) => s.invalidate);
  invalidateRef.current = invalidate;
  if (toMosaicRef) toMosaicRef.current = (x, y) => (gpu ? clientToMosaic(gl.domElement, camera, gpu.uniforms.uExtent.value, x, y) : null);

  const post = useMemo(() => new Post(gl, scene, camera, look, postMode), [gl, scene, camera, postMode]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => () => post.dispose(), [post]);
  const onShaderErrorRef = useRef(onShaderError);
  onShaderErrorRef.current = onShaderError;
  /** Shader errors of this renderer, for the debug surface. */
  const shaderErrors = useMemo<ShaderErrorReport[]>(() => [], [gl]); // eslint-disable-line react-hooks/exhaustive-deps
  useLayoutEffect(
    () =>
      installShaderErrorReporter(gl, (report) => {
        shaderErrors.push(report);
        onShaderErrorRef.current?.(report);
      }),
    [gl],
  );
  // Layout effects, like the scene's: the frame loop may draw before passive effects run (an
  // animation frame between the commit and them), and that frame must already be the mosaic's whole
  // look, plankton and background included. (A frame drawn without the plankton also released the
  // stand-in's plankton program unused, and the next frame compiled it again: 250-300 ms.)
  useLayoutEffect(() => {
    post.setMosaic(gpu); // the plankton share the mosaic's time and palette
    invalidate();
  }, [post, gpu, invalidate]);
  // The look's debug surface (window.noctiluca.look), in development builds only.
  useEffect(
    () => (import.meta.env.DEV ? lookDebugLater({ gl, post, gpu, camera, look, speed, size, shaderErrors, stir }) : undefined),
    [gl, post, gpu, camera, look, speed, size, shaderErrors, stir],
  );
  // A replaced mosaic is retired once the Canvas's own tree has swapped it out of the scene (disposing
  // it from the page's tree, which commits first, let a frame draw it again and upload it anew, and
  // those buffers were never freed), and disposed after its successor's first frame (below): its
  // materials hold the programs the successor uses, which three would otherwise delete and the first
  // frame compile again (a new bake: 1-6 programs, 250-300 ms each). A rebuilt renderer re-uploads
  // on first use; an unmounted stage disposes both.
  const retired = useRef<MosaicGPU | null>(null);
  const unmounted = useRef(false);
  useEffect(
    () => () => {
      unmounted.current = true;
      retired.current?.dispose();
      retired.current = null;
    },
    [],
  );
  useEffect(
    () => () => {
      if (!gpu) return;
      if (unmounted.current) return gpu.dispose(); // whichever cleanup runs first, nothing is left
      retired.current?.dispose();
      retired.current = gpu;
    },
    [gpu],
  );
  useEffect(() => {
    post.setLook(look);
    invalidate();
  }, [post, look, invalidate]);

  useLayoutEffect(() => {
    gl.info.autoReset = false; // count every pass of a frame, reset by hand below
    post.setSize(size.width, size.height);
    if (gpu) fitCamera(camera, size.width, size.height, [gpu.uniforms.uExtent.value.x, gpu.uniforms.uExtent.value.y], view);
    invalidate();
  }, [gl, post, camera, size.width, size.height, gpu, view, invalidate, layoutAspect]);
  // The layout fills the whole virtual canvas (a wall's, a still's), or this canvas without one.
  useLayoutEffect(() => {
    const [w, h] = view ? [view[0], view[1]] : [size.width, size.height];
    if (w > 0 && h > 0) onAspect?.(w / h);
  }, [size.width, size.height, view, onAspect]);

  useLayoutEffect(() => {
    if (!gpu) return;
    scene.background = gpu.background;
    invalidate();
  }, [gpu, scene, invalidate]);

  // The stand-in's one frame, while the worker lays the first mosaic out: every program compiled by
  // the time it arrives. Kept (with its programs) until a real mosaic has drawn a frame.
  const warm = useRef<{ standIn: MosaicGPU; release: () => void } | null>(null);
  useEffect(() => {
    if (!standIn || gpu || warm.current) return;
    performance.mark('stage:warm-start'); // for the load probes, as the first frame's below
    warm.current = { standIn: standIn.mosaic, release: post.warmUp(gl, standIn.mosaic, standIn.cells) };
    performance.mark('stage:warm-end');
  }, [standIn, gpu, post, gl]);
  useEffect(
    () => () => {
      warm.current?.release();
      warm.current?.standIn.dispose();
      warm.current = null;
    },
    [post],
  );

  // A new mosaic's first frame is drawn as soon as it is on the stage, in a task of its own after
  // this commit (every effect above has run), not at the next animation frame: a loading page gets
  // those late (headless Chromium paces them at ~2 a second then). advance() runs what the frame
  // loop runs (the frame callback below, the clock's time) and takes the frame the commit asked
  // for, so the loop does not draw it again.
  const drawnGpu = useRef<MosaicGPU | null>(null);
  const advance = useThree((s) => s.advance);
  useEffect(() => {
    if (!gpu) return;
    const t = setTimeout(() => {
      if (drawnGpu.current !== gpu) advance(performance.now());
    });
    return () => clearTimeout(t);
  }, [gpu, advance]);

  const info = useRef<FrameInfo>({ drawCalls: 0, sceneDrawCalls: 0, triangles: 0, geometries: 0, textures: 0, programs: 0, firstFrameCompiles: 0 });
  useFrame((_, delta) => {
    // Nothing is drawn before there is a mosaic: the canvas stays black (the stand-in's warm-up
    // leaves it so), and the GPU's time goes to the layout's programs and the first real frame, not
    // to empty frames of the chain (a live page asks for one every animation frame).
    if (!gpu) return;
    const start = performance.now(); // the callback's JS time, for window.noctiluca.frameTimings()
    gl.info.reset();
    // Time comes from the clock, never from summed deltas; effects get a bounded step (a resumed
    // window must not make anything jump), and the GPU a float32-safe time (src/app/clock.ts).
    // A mosaic's first frame: marked for the load probes (bench/probe-load.ts prints the marks), and
    // what it compiled counted (the warm-up should have left nothing to compile).
    const first = drawnGpu.current !== gpu;
    const programsBefore = first ? (gl.info.programs?.length ?? 0) : 0;
    if (first) performance.mark('stage:first-render-start');
    const now = clock.now();
    gpu.setTime(gpuTime(now * speed, gpu.uniforms.uLoopSeconds.value));
    gpu.prepare(gl, now, stir);
    post.render(boundedStep(delta));
    if (first) {
      performance.mark('stage:first-render-end');
      info.current.firstFrameCompiles = (gl.info.programs?.length ?? 0) - programsBefore;
    }
    drawnGpu.current = gpu;
    if (retired.current) {
      retired.current.dispose();
      retired.current = null;
    }
    if (warm.current) {
      // The real mosaic holds the programs now. Released before this frame's counts are read, so
      // they are the real mosaic's alone, from the first frame on.
      warm.current.release();
      warm.current.standIn.dispose();
      warm.current = null;
    }
    const i = info.current;
    i.drawCalls = gl.info.render.calls;
    i.sceneDrawCalls = post.sceneDrawCalls;
    i.triangles = gl.info.render.triangles;
    i.geometries = gl.info.memory.geometries;
    i.textures = gl.info.memory.textures;
    i.programs = gl.info.programs?.length ?? 0;
    onFrame(i);
    frameTimes.record(performance.now() - start);
  }, 1);

  return gpu ? <primitive object={gpu.mesh} /> : null;
}

export function Stage({ overscan, ...props }: StageProps) {
  const camera = useMemo(() => {
    const c = new OrthographicCamera(0, 1, 0, 1, -1, 1);
    (c as OrthographicCamera & { manual: boolean }).manual = true; // r3f must not refit it: fitCamera does
    return c;
  }, []);
  // With an overscan the canvas draws the larger region, offset so the view sits on the screen, and
  // is clipped to the view (before a corner pin's transform, so the margin never shows around it).
  const o = props.view && overscan && overscan.left + overscan.top + overscan.right + overscan.bottom > 0 ? overscan : null;
  const view = useMemo(() => (props.view && o ? overscanView(props.view, o) : props.view), [props.view, o?.left, o?.top, o?.right, o?.bottom]); // eslint-disable-line react-hooks/exhaustive-deps
  const style = o
    ? { inset: 'auto', left: -o.left, top: -o.top, width: `calc(100% + ${o.left + o.right}px)`, height: `calc(100% + ${o.top + o.bottom}px)`, clipPath: `inset(${o.top}px ${o.right}px ${o.bottom}px ${o.left}px)` }
    : undefined;
  return (
    <Canvas
      className="stage"
      style={style}
      camera={camera}
      flat
      // The canvas is fixed to the window (page.css), so scrolling never moves it; its size is
      // taken at the first resize observation, not 50 ms after it (r3f's default scroll debounce
      // delays that observation too), so the renderer and the stand-in's programs start sooner.
      resize={{ scroll: false, debounce: 0 }}
      dpr={props.dpr}
      frameloop={props.clock.frozen() !== null ? 'demand' : 'always'}
      gl={{ antialias: false, alpha: false, depth: false, stencil: false, powerPreference: 'high-performance' }}
    >
      <Renderer {...props} view={view} />
      {props.children}
    </Canvas>
  );
}
