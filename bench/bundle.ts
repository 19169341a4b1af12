/**
 * Bundle sizes: the gzip size of the JavaScript a page loads before its first dynamic import.
 *
 * View mode (`?mode=view`) loads the entry (src/main.ts, with the viewer's first screen) and shows
 * the poster and description; the mosaic (React, three, r3f, post-processing) is a dynamic import.
 * Studio mode loads the entry, then its mode (src/studio/mode.tsx: the page core with react and
 * react-dom): its "initial" JS is everything it needs before it can draw.
 *
 * measureBundles() runs `vite build` with a manifest into a temporary folder and walks the manifest's
 * static imports. Run alone: `npx tsx bench/bundle.ts`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Manifest } from 'vite';
import { productionBuild } from './productionBuild.ts';

export interface ModeBundle {
  gzipBytes: number;
  rawBytes: number;
  files: string[];
}

/** The bench suite's view of the same measurement (bench/run.ts). */
export interface BundleRun {
  /** What was built. */
  source: string;
  perMode: { view: ModeBundle; studio: ModeBundle; viewMosaic: ModeBundle };
}

export interface BundleSizes {
  /** Gzipped bytes of the JS view mode loads before the mosaic's dynamic import. */
  viewInitialGzip: number;
  /** Gzipped bytes of the JS studio mode loads before it can draw (entry + app + react). */
  studioInitialGzip: number;
  /** Gzipped bytes of the mosaic chunk view mode loads afterwards (with its static imports, minus what the entry has). */
  viewMosaicGzip: number;
  /** Chunk files per group, for the report. */
  files: { view: string[]; studio: string[]; mosaic: string[] };
  /** Uncompressed bytes per group. */
  raw: { view: number; studio: number; mosaic: number };
  /** Debug-only code found in any emitted JavaScript (DEBUG_MARKERS that occur): none belongs in a build. */
  debugMarkers: string[];
  /** Node-only data readers found in any emitted JavaScript (READER_MARKERS that occur): none belongs in the site. */
  readerMarkers: string[];
  /** The benchmark peers' code (deck.gl, bench/peer*) found in any emitted JavaScript: none belongs in a build. */
  peerMarkers: string[];
}

/** Messages only the data readers (src/data/import/, eventLog.ts) carry; the format list names the readers, Node loads them. */
export const READER_MARKERS = ['no patients.csv in', 'no .json bundles or .ndjson files at', 'readEventLogFiles'];

/**
 * Strings only the look's debug surface (src/render/debug.ts) and its test shaders (shaders/test/)
 * carry, that minification keeps (property names, glob keys, GLSL uniforms).
 */
export const DEBUG_MARKERS = ['meanLuminance', 'gradientRow', '/shaders/test/', 'uTop'];

/** Strings deck.gl and luma.gl carry through minification (layer names, log prefixes): the deck.gl peer is the bench's only. */
export const PEER_MARKERS = ['SolidPolygonLayer', 'TimelinePolygonLayer', 'deck.gl', '"luma.gl"'];

/** Chunk keys reachable from `key` through static imports (the chunk itself included). */
function closure(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  if (into.has(key)) return into;
  into.add(key);
  for (const k of manifest[key]?.imports ?? []) closure(manifest, k, into);
  return into;
}

function keyOf(manifest: Manifest, src: string): string {
  const key = Object.keys(manifest).find((k) => manifest[k].src === src || k === src);
  if (!key) throw new Error(`bench/bundle: no chunk for ${src} in the manifest (is it still a dynamic import?)`);
  return key;
}

export async function measureBundles(): Promise<BundleSizes> {
  const root = new URL('..', import.meta.url).pathname;
  const outDir = mkdtempSync(join(tmpdir(), 'noctiluca-bundle-'));
  try {
    await productionBuild(root, { outDir, emptyOutDir: true, manifest: 'manifest.json', copyPublicDir: false });
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as Manifest;
    const gz = (keys: Iterable<string>) => {
      let bytes = 0;
      for (const k of keys) bytes += gzipSync(readFileSync(join(outDir, manifest[k].file)), { level: 9 }).length;
      return bytes;
    };
    const raw = (keys: Iterable<string>) => {
      let bytes = 0;
      for (const k of keys) bytes += readFileSync(join(outDir, manifest[k].file)).length;
      return bytes;
    };
    const entry = keyOf(manifest, 'index.html');
    const view = closure(manifest, entry);
    const studio = closure(manifest, keyOf(manifest, 'src/studio/mode.tsx'), new Set(view));
    const mosaic = new Set([...closure(manifest, keyOf(manifest, 'src/viewer/mosaic.tsx'))].filter((k) => !view.has(k)));
    const files = (s: Set<string>) => [...s].map((k) => manifest[k].file);
    const allJs = [...new Set(Object.values(manifest).map((c) => c.file))].filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(outDir, f), 'utf8'));
    const debugMarkers = DEBUG_MARKERS.filter((m) => allJs.some((text) => text.includes(m)));
    const readerMarkers = READER_MARKERS.filter((m) => allJs.some((text) => text.includes(m)));
    const peerMarkers = PEER_MARKERS.filter((m) => allJs.some((text) => text.includes(m)));
    return {
      viewInitialGzip: gz(view),
      studioInitialGzip: gz(studio),
      viewMosaicGzip: gz(mosaic),
      files: { view: files(view), studio: files(studio), mosaic: files(mosaic) },
      raw: { view: raw(view), studio: raw(studio), mosaic: raw(mosaic) },
      debugMarkers,
      readerMarkers,
      peerMarkers,
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** measureBundles() in the shape the bench suite reports (bench/run.ts). */
export async function runBundleBench(): Promise<BundleRun> {
  const s = await measureBundles();
  return {
    source: 'the working tree',
    perMode: {
      view: { gzipBytes: s.viewInitialGzip, rawBytes: s.raw.view, files: s.files.view },
      studio: { gzipBytes: s.studioInitialGzip, rawBytes: s.raw.studio, files: s.files.studio },
      viewMosaic: { gzipBytes: s.viewMosaicGzip, rawBytes: s.raw.mosaic, files: s.files.mosaic },
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = performance.now();
  const s = await measureBundles();
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
  console.log(`view mode initial JS:   ${kb(s.viewInitialGzip)} gzipped (${s.files.view.join(', ')})`);
  console.log(`view mode mosaic (lazy): ${kb(s.viewMosaicGzip)} gzipped (${s.files.mosaic.length} chunks)`);
  console.log(`studio initial JS:      ${kb(s.studioInitialGzip)} gzipped (${s.files.studio.length} chunks)`);
  console.log(`(build and measure: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
