/**
 * BASELINE FOR THE BENCHMARK, NOT PRODUCT CODE.
 *
 * The same mosaic drawn the way a deck.gl 9 user would: the installation's config and baked
 * artefact fetched and decoded as the app does (src/app/fetchInstallation.ts, decodeBake), the same
 * Voronoi layout in a worker (layout.worker.ts), then one SolidPolygonLayer in an OrthographicView
 * whose colour comes from each cell's 64-sample timeline, read on the GPU with time as a uniform
 * (timelineLayer.ts). No glow, no post-processing, no tone mapping.
 *
 *   /bench/peer-deckgl/index.html?installation=bench-10000&t=10   draws only when asked (frozen)
 *
 * It offers what the bench reads from the app (bench/page.ts): document state "ready" two animation
 * frames after the first frame with the data, and window.peer with frames(), frameTimings() (the
 * JS time of each frame: deck.setProps with the new layer plus deck.redraw), requestFrame(k) and
 * stats() (gpuBytes: what luma.gl counts as buffer and texture memory for the layer).
 */
import { Deck, OrthographicView } from '@deck.gl/core';
import { decodeBake } from '../../src/bake/codec.ts';
import { fetchBake, fetchConfig } from '../../src/app/fetchInstallation.ts';
import { layoutOptions } from '../../src/app/settings.ts';
import { TimelinePolygonLayer, type TimelineData } from './timelineLayer.ts';
import type { PeerLayoutReply, PeerLayoutRequest } from './layout.worker.ts';

const q = new URLSearchParams(location.search);
const name = q.get('installation') ?? 'bench-1000';
let frozenTime = Number(q.get('t') ?? 10);
document.documentElement.dataset.state = 'loading';

/** Same packing as the app's timeline texture: RGBA8, two samples a texel, at most 4096 texels wide. */
function packTimeline(timeline: Uint8Array, cells: number, samples: number): TimelineData {
  const texelsPerCell = samples / 2;
  const cellsPerRow = Math.max(1, Math.floor(4096 / texelsPerCell));
  const width = Math.min(Math.max(1, cells), cellsPerRow) * texelsPerCell;
  const height = Math.ceil(Math.max(1, cells) / cellsPerRow);
  const bytes = width * height * 4;
  const data = timeline.length === bytes ? timeline : new Uint8Array(bytes);
  if (data !== timeline) data.set(timeline.subarray(0, Math.min(timeline.length, bytes)));
  return { data, width, height, samples, cellsPerRow };
}

// ——— counting what the bench reads ———
const TIMINGS = 1024;
const timings = new Float64Array(TIMINGS);
let frames = 0;
let timed = 0;
let drawCalls = 0;
let frameDrawCalls = 0;
let cells = 0;
let gpuBytes = 0;

/** Draw calls of the last frame, counted on the context deck.gl draws with. */
function countDrawCalls(gl: WebGL2RenderingContext): void {
  for (const k of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced', 'drawRangeElements'] as const) {
    const f = gl[k] as (...a: unknown[]) => void;
    (gl as unknown as Record<string, unknown>)[k] = function (this: unknown, ...a: unknown[]) {
      drawCalls++;
      return f.apply(this, a);
    };
  }
}

type Device = Parameters<NonNullable<ConstructorParameters<typeof Deck>[0]['onDeviceInitialized']>>[0];
let device: Device | null = null;

const memoryStats = () => {
  const s = device!.statsManager.getStats('GPU Time and Memory');
  return s.get('Buffer Memory').count + s.get('Texture Memory').count;
};

// ——— the deck ———
let loaded!: () => void;
const deckLoaded = new Promise<void>((r) => (loaded = r));
const parent = document.body.appendChild(document.createElement('div'));
parent.style.cssText = 'position: fixed; inset: 0';
const deck = new Deck({
  parent,
  views: new OrthographicView({ id: 'mosaic', flipY: true }),
  viewState: { target: [0, 0, 0], zoom: 0 },
  controller: false,
  useDevicePixels: false,
  layers: [],
  // deck.gl's advice for large static data (its performance guide): no spare capacity in the
  // attribute arrays, no pool of old ones.
  _typedArrayManagerProps: { overAlloc: 1, poolSize: 0 },
  deviceProps: { type: 'webgl', webgl: { antialias: false, alpha: false, depth: false, stencil: false, powerPreference: 'high-performance' } },
  onDeviceInitialized: (d) => {
    device = d;
    countDrawCalls(d.handle as WebGL2RenderingContext);
  },
  onLoad: () => loaded(),
  onAfterRender: () => {
    frames++;
    frameDrawCalls = drawCalls;
    drawCalls = 0;
  },
});

let layer: (t: number) => TimelinePolygonLayer = () => {
  throw new Error('no data yet');
};

/**
 * deck.gl's own frame, now: the animation loop's redraw runs Deck's frame callback (layers diffed and
 * updated, then drawn), as its next animation frame would, but inside the bench's timing marks.
 */
const redraw = () => (deck as unknown as { animationLoop: { redraw(): void } }).animationLoop.redraw();

function frame(t: number): void {
  const start = performance.now();
  deck.setProps({ layers: [layer(t)] });
  redraw();
  timings[timed++ % TIMINGS] = performance.now() - start;
}

async function load(): Promise<void> {
  const [{ config }, buffer] = await Promise.all([fetchConfig(name), fetchBake(name)]);
  const bake = decodeBake(buffer);
  cells = bake.journeyCount;
  const order = config.encoding.order && 'field' in config.encoding.order && config.encoding.order.field ? config.encoding.order.field : null;
  const orderValues = order && Object.hasOwn(bake.measures, order) ? bake.measures[order as keyof typeof bake.measures] : null;
  const request: PeerLayoutRequest = {
    count: cells,
    groups: config.layout.groupBy === 'community' ? bake.community.slice() : null,
    order: orderValues ? orderValues.slice() : null,
    // The app lays out for the canvas's aspect (src/app/settings.ts); so does the peer.
    options: layoutOptions(config, innerWidth / Math.max(1, innerHeight)),
    gap: config.layout.gap,
  };
  const worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'deckgl-peer-layout' });
  const reply = await new Promise<PeerLayoutReply>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<PeerLayoutReply>) => resolve(e.data);
    worker.onerror = (e) => reject(new Error(`layout worker: ${e.message}`));
    const transfer = [request.groups?.buffer, request.order?.buffer].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
    worker.postMessage(request, transfer);
  });
  worker.terminate();
  const timeline = packTimeline(bake.timeline, cells, bake.timelineSamples);
  const data = { length: cells, startIndices: reply.startIndices, attributes: { getPolygon: { value: reply.positions, size: 2 } } };
  const loopSeconds = config.motion.loopSeconds;
  layer = (t) =>
    new TimelinePolygonLayer({
      id: 'cells',
      data,
      _normalize: false,
      _windingOrder: 'CCW',
      positionFormat: 'XY',
      getFillColor: [0, 0, 0, 255],
      pickable: false,
      time: t,
      loopSeconds,
      timeline,
    });

  await deckLoaded;
  // Fit [0, aspect] x [0, 1] (y down) into the canvas, letterboxed, as the app does.
  const aspect = request.options.aspect;
  const w = deck.width || innerWidth;
  const h = deck.height || innerHeight;
  deck.setProps({ viewState: { target: [aspect / 2, 0.5, 0], zoom: Math.log2(Math.min(w / aspect, h)) } });
  redraw();
  const before = memoryStats();
  frame(frozenTime);
  gpuBytes = memoryStats() - before;
  requestAnimationFrame(() => requestAnimationFrame(() => (document.documentElement.dataset.state = 'ready')));
}

const peer = {
  frames: () => frames,
  frameTimings: () => {
    const n = Math.min(timed, TIMINGS);
    const out: number[] = [];
    for (let k = timed - n; k < timed; k++) out.push(timings[k % TIMINGS]);
    return out;
  },
  /** Draw one frame at the next animation frame. */
  requestFrame: (k: number) => {
    frozenTime = 10 + k * 0.05;
    requestAnimationFrame(() => frame(frozenTime));
  },
  stats: () => ({ cells, drawCalls: frameDrawCalls, sceneDrawCalls: frameDrawCalls, programs: 1, textures: 1, geometries: 1, gpuBytes, frames }),
};
(window as unknown as { peer: typeof peer }).peer = peer;

load().catch((err) => {
  document.body.textContent = `deck.gl peer: ${err instanceof Error ? err.message : String(err)}`;
  document.documentElement.dataset.state = 'error';
});
