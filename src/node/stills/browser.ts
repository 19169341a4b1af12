/**
 * What the renderer drives: Debian's Chromium (the GPU where there is one, SwiftShader where there
 * is none) and a site serving the real page, either the Vite dev server over an installations
 * folder (as the browser tests do) or a preview of a build (dist/), as the posters are made.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createServer, preview, type PreviewServer, type ViteDevServer } from 'vite';
import { parseInstallationConfig, type InstallationConfig } from '../../config/index.ts';
import { INSTALLATIONS_DIR, listInstallations, loadInstallation } from '../config.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.ts';

const CONFIG_FILE = new URL('../../../vite.config.ts', import.meta.url).pathname;

/** How WebGL is drawn: `auto` uses a GPU when this machine has one that Chromium accepts. */
export type GlMode = 'auto' | 'gpu' | 'swiftshader';

const SWIFTSHADER_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
/** Tried in order when a GPU device is present; the first whose WebGL is not a software renderer wins. */
const GPU_ARGS = [
  ['--ignore-gpu-blocklist', '--enable-gpu', '--use-angle=vulkan', '--enable-features=Vulkan'],
  ['--ignore-gpu-blocklist', '--enable-gpu', '--use-angle=gl'],
  ['--ignore-gpu-blocklist', '--enable-gpu', '--use-angle=gl-egl'],
];
const BASE_ARGS = CHROMIUM_ARGS.filter((a) => !SWIFTSHADER_ARGS.includes(a));
const SOFTWARE = /swiftshader|llvmpipe|softpipe|software/i;

/** Whether this machine shows a GPU to programs: a DRM render node, an NVIDIA device or WSL's. */
export function hasGpuDevice(): boolean {
  const dri = existsSync('/dev/dri') ? readdirSync('/dev/dri').some((f) => f.startsWith('renderD')) : false;
  return dri || existsSync('/dev/nvidia0') || existsSync('/dev/dxg');
}

export interface StillsBrowser {
  browser: Browser;
  /** WebGL's unmasked renderer string, e.g. "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device …))". */
  renderer: string;
  gpu: boolean;
}

async function webglRenderer(browser: Browser): Promise<string | null> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      if (!gl) return null;
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    });
  } finally {
    await page.close();
  }
}

async function launch(args: string[]): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`stills: Chromium not found at ${CHROMIUM}; install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: [...BASE_ARGS, ...args], headless: true });
}

/** Starts Chromium: on the GPU when asked or (auto) when there is one that works, else SwiftShader. */
export async function launchBrowser(mode: GlMode = 'auto'): Promise<StillsBrowser> {
  if (mode === 'gpu' || (mode === 'auto' && hasGpuDevice())) {
    for (const args of GPU_ARGS) {
      const browser = await launch(args);
      const renderer = await webglRenderer(browser).catch(() => null);
      if (renderer && !SOFTWARE.test(renderer)) return { browser, renderer, gpu: true };
      await browser.close();
    }
    if (mode === 'gpu') throw new Error('stills: --gl gpu: Chromium found no hardware WebGL on this machine (tried Vulkan and OpenGL ANGLE back ends)');
  }
  const browser = await launch(SWIFTSHADER_ARGS);
  const renderer = await webglRenderer(browser);
  if (!renderer) {
    await browser.close();
    throw new Error('stills: Chromium has no WebGL 2, even with SwiftShader');
  }
  return { browser, renderer, gpu: false };
}

/** Where the page is served from, and what it serves. */
export interface Site {
  origin: string;
  /** Installation names this site serves. */
  names: string[];
  /** Where they come from, for messages. */
  source: string;
  /** An installation's validated config (the renderer reads its bloom levels). */
  config(name: string): Promise<InstallationConfig>;
  close(): Promise<void>;
}

function originOf(server: ViteDevServer | PreviewServer): string {
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('stills: the server has no port');
  return `http://127.0.0.1:${address.port}`;
}

/** The Vite dev server over an installations folder (bakes on request, like `npm run dev`). */
export async function startDevSite(root: string = INSTALLATIONS_DIR, port = 0): Promise<Site> {
  root = resolve(root);
  // vite.config.ts reads the folder from the environment when it is loaded, i.e. in createServer.
  const before = process.env.NOCTILUCA_INSTALLATIONS;
  const cacheDir = join(tmpdir(), `noctiluca-vite-render-${process.pid}`);
  process.env.NOCTILUCA_INSTALLATIONS = root;
  let server: ViteDevServer;
  try {
    server = await createServer({
      configFile: CONFIG_FILE,
      // No HMR and no watching: a file edited during a long render (or a dependency Vite discovers
      // late) must not reload the page under it.
      // A given port must be free: strictPort says so instead of taking the next one.
      server: { port, strictPort: port !== 0, host: '127.0.0.1', hmr: false, watch: null },
      logLevel: 'error',
      // A dependency cache of its own: dev servers running side by side must not rewrite each other's.
      cacheDir,
    });
  } finally {
    if (before === undefined) delete process.env.NOCTILUCA_INSTALLATIONS;
    else process.env.NOCTILUCA_INSTALLATIONS = before;
  }
  await server.listen();
  return {
    origin: originOf(server),
    names: listInstallations(root),
    source: root,
    async config(name) {
      const loaded = await loadInstallation(name, { root, checkFiles: true });
      if (!loaded.config) throw new Error(loaded.errors.map((e) => e.text).join('\n'));
      return loaded.config;
    },
    async close() {
      await server.close();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

/** A preview server over a build (the files `vite build` wrote: index.json, configs, baked mosaics). */
export async function startDistSite(dist: string, port = 0): Promise<Site> {
  dist = resolve(dist);
  const index = join(dist, 'installations', 'index.json');
  if (!existsSync(index)) throw new Error(`stills: ${index} not found; run vite build first`);
  const names = (JSON.parse(readFileSync(index, 'utf8')) as { name: string }[]).map((e) => e.name);
  const server = await preview({
    configFile: CONFIG_FILE,
    preview: { port, host: '127.0.0.1', strictPort: port !== 0, open: false },
    build: { outDir: dist },
    logLevel: 'error',
  });
  return {
    origin: originOf(server),
    names,
    source: dist,
    async config(name) {
      const file = join(dist, 'installations', name, 'installation.json');
      const r = parseInstallationConfig(readFileSync(file, 'utf8'), file);
      if (!r.config) throw new Error(r.errors.map((e) => e.text).join('\n'));
      return r.config;
    },
    async close() {
      await server.close();
    },
  };
}
