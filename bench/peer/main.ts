/**
 * BASELINE FOR THE BENCHMARK, NOT PRODUCT CODE.
 *
 * The same mosaic written the naive three.js way, as a peer to measure Noctiluca against: the same
 * layout (layoutMosaic, Harmonia's options), then one Mesh (own ShapeGeometry, own material) per
 * cell, every cell's colour recomputed on the CPU each frame, and three's UnrealBloomPass and
 * OutputPass (ACES tone mapping) from three/examples/jsm.
 *
 *   /bench/peer/index.html?cells=1000            the mosaic, running
 *   /bench/peer/index.html?cells=1000&frozen     draws only when asked (window.peer.requestFrame)
 *   /bench/peer/index.html?scene=blank&frozen    one full-screen pass of a constant colour (the floor)
 *
 * It offers what the bench reads from the app: document state "ready", and window.peer with
 * frames(), frameTimings() (JS time of each frame callback), requestFrame(k) and stats().
 */
import {
  ACESFilmicToneMapping,
  Color,
  Mesh,
  MeshBasicMaterial,
  OrthographicCamera,
  PlaneGeometry,
  Scene,
  Shape,
  ShapeGeometry,
  ShaderMaterial,
  Vector2,
  WebGLRenderer,
} from 'three';
import { EffectComposer } from 'three/examples/jsm/postprocessing/EffectComposer.js';
import { OutputPass } from 'three/examples/jsm/postprocessing/OutputPass.js';
import { RenderPass } from 'three/examples/jsm/postprocessing/RenderPass.js';
import { UnrealBloomPass } from 'three/examples/jsm/postprocessing/UnrealBloomPass.js';
import { layoutMosaic, MAX_CORNERS } from '../../src/layout/layout.ts';

const q = new URLSearchParams(location.search);
const count = Math.max(1, Number(q.get('cells') ?? 1000));
const blank = q.get('scene') === 'blank';
const frozen = q.has('frozen');
const ASPECT = 16 / 9;

const renderer = new WebGLRenderer({ antialias: false, alpha: false, depth: false, stencil: false, powerPreference: 'high-performance' });
renderer.setPixelRatio(1);
renderer.setSize(innerWidth, innerHeight);
renderer.toneMapping = ACESFilmicToneMapping;
document.body.appendChild(renderer.domElement);

const scene = new Scene();
scene.background = new Color('#01030a');
const camera = new OrthographicCamera(0, 1, 0, 1, -1, 1);
{
  // Fit [0, ASPECT] x [0, 1] (y down), letterboxed, as the app does.
  const viewAspect = innerWidth / innerHeight;
  const h = viewAspect > ASPECT ? 1 : ASPECT / viewAspect;
  const w = h * viewAspect;
  camera.left = ASPECT / 2 - w / 2;
  camera.right = ASPECT / 2 + w / 2;
  camera.top = 0.5 - h / 2;
  camera.bottom = 0.5 + h / 2;
  camera.updateProjectionMatrix();
}

interface Cell {
  material: MeshBasicMaterial;
  hue: number;
  rate: number;
  phase: number;
  glow: number;
}
const cells: Cell[] = [];

let draw: (t: number) => void;
if (blank) {
  const quad = new Mesh(
    new PlaneGeometry(2, 2),
    new ShaderMaterial({
      vertexShader: 'void main() { gl_Position = vec4(position.xy, 0.0, 1.0); }',
      fragmentShader: 'void main() { gl_FragColor = vec4(0.02, 0.05, 0.1, 1.0); }',
      depthTest: false,
      depthWrite: false,
    }),
  );
  quad.frustumCulled = false;
  const blankScene = new Scene();
  blankScene.add(quad);
  renderer.toneMapping = 0;
  draw = () => renderer.render(blankScene, camera);
} else {
  // Seeded cell properties, like the journeys' encoded channels.
  let s = 7;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
  const groups = Uint16Array.from({ length: count }, () => Math.floor(rnd() * 5));
  const layout = layoutMosaic({ count, groups }, { kind: 'voronoi', seed: 7, relaxation: 2, aspect: ASPECT });
  for (let j = 0; j < count; j++) {
    const shape = new Shape();
    const cx = layout.sites[2 * j];
    const cy = layout.sites[2 * j + 1];
    for (let c = 0; c < layout.cornerCount[j]; c++) {
      // Shrink towards the site for the gap between cells.
      const x = cx + (layout.corners[2 * (MAX_CORNERS * j + c)] - cx) * 0.86;
      const y = cy + (layout.corners[2 * (MAX_CORNERS * j + c) + 1] - cy) * 0.86;
      if (c === 0) shape.moveTo(x, y);
      else shape.lineTo(x, y);
    }
    const material = new MeshBasicMaterial({ color: 0x000000 });
    scene.add(new Mesh(new ShapeGeometry(shape), material));
    cells.push({ material, hue: 0.45 + rnd() * 0.2, rate: 0.6 + rnd(), phase: groups[j] * 1.3, glow: 0.35 + rnd() * 0.65 });
  }
  const composer = new EffectComposer(renderer);
  composer.addPass(new RenderPass(scene, camera));
  composer.addPass(new UnrealBloomPass(new Vector2(innerWidth, innerHeight), 1.4, 0.75, 0.55));
  composer.addPass(new OutputPass());
  draw = (t) => {
    // The naive part: every cell's colour, on the CPU, every frame.
    for (const c of cells) {
      const pulse = 0.5 + 0.5 * Math.sin(t * c.rate + c.phase);
      c.material.color.setHSL(c.hue, 0.8, 0.15 + 0.35 * pulse);
      c.material.color.multiplyScalar(1 + 2 * c.glow * pulse);
    }
    composer.render();
  };
}

const TIMINGS = 1024;
const timings = new Float64Array(TIMINGS);
let frames = 0;
let info = { drawCalls: 0, programs: 0, textures: 0, geometries: 0 };
renderer.info.autoReset = false;
const t0 = performance.now();

function frame(timeSeconds: number) {
  const start = performance.now();
  renderer.info.reset();
  draw(timeSeconds);
  info = {
    drawCalls: renderer.info.render.calls,
    programs: renderer.info.programs?.length ?? 0,
    textures: renderer.info.memory.textures,
    geometries: renderer.info.memory.geometries,
  };
  timings[frames++ % TIMINGS] = performance.now() - start;
  if (frames === 1) requestAnimationFrame(() => requestAnimationFrame(() => (document.documentElement.dataset.state = 'ready')));
}

function loop() {
  frame((performance.now() - t0) / 1000);
  requestAnimationFrame(loop);
}

let frozenTime = 10;
const peer = {
  frames: () => frames,
  frameTimings: () => {
    const n = Math.min(frames, TIMINGS);
    const out: number[] = [];
    for (let k = frames - n; k < frames; k++) out.push(timings[k % TIMINGS]);
    return out;
  },
  /** Frozen pages: draw one frame at the next animation frame. */
  requestFrame: (k: number) => {
    frozenTime = 10 + k * 0.05;
    requestAnimationFrame(() => frame(frozenTime));
  },
  stats: () => ({ cells: blank ? 0 : count, ...info, sceneDrawCalls: blank ? 1 : count, gpuBytes: 0, frames }),
};
(window as unknown as { peer: typeof peer }).peer = peer;
document.documentElement.dataset.state = 'loading';
if (frozen) requestAnimationFrame(() => frame(frozenTime));
else requestAnimationFrame(loop);
