/**
 * The benchmark's harness: the project's Vite dev server (vite.config.ts, so the page is served
 * exactly as in the browser tests) plus a `pre` plugin that serves synthetic installations from
 * memory, and Debian's Chromium with SwiftShader (the same flags as tests/harness.ts).
 *
 * With `serve: 'build'` it serves a production build instead (what residents load: bundled,
 * minified chunks): `vite build` of the app and both peers' pages (bench/peer/, bench/peer-deckgl/)
 * into a temporary folder, with an empty installations folder (nothing real is baked), served by
 * `vite preview` with the same plugin. The app's page is then asked for `mode=studio` (the dev
 * server's default, see url() below), so a build measures the same page as the dev server.
 *
 * Synthetic installations answer /installations/<name>/{installation.json,mosaic.bin} before the
 * real installations plugin sees the request, and are added to /installations/index.json, so the
 * page loads them like any other installation (as a built site would: pre-baked, no on-the-fly bake).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createServer, preview, type Connect, type Plugin, type PreviewServer, type ViteDevServer } from 'vite';
import { CHROMIUM, CHROMIUM_ARGS, type Harness } from '../tests/harness.ts';
import { productionBuild } from './productionBuild.ts';

export interface SyntheticInstallation {
  config: string;
  artefact: () => Uint8Array;
}

export interface BenchHarness extends Omit<Harness, 'server'> {
  /** The dev server, or the preview server of a build (`serve: 'build'`). */
  server: ViteDevServer | PreviewServer;
  /** What is served: "dev" (the dev server, unbundled modules) or "build" (a production build). */
  serve: 'dev' | 'build';
  /** Serve an installation under `name` (artefact made on first request, then kept). */
  addInstallation(name: string, inst: SyntheticInstallation): void;
  /** Forget an installation's artefact (frees memory after the 1M run). */
  removeInstallation(name: string): void;
  /** What the dev server serves: "working tree" or "HEAD <commit>" (with ", production build" for a build). */
  source: string;
}

/** The dev server's harness: what the tests' helpers (a Harness) accept too. */
export type DevBenchHarness = BenchHarness & Harness;

export interface BenchHarnessOptions {
  extraArgs?: string[];
  /**
   * "working-tree" (default) serves this checkout as it is; "head" serves the last commit, exported
   * to a temporary folder with this checkout's bench/ copied in: for a shared checkout where others
   * are mid-edit and the working tree does not load.
   */
  source?: 'working-tree' | 'head';
  /**
   * "dev" (default): the Vite dev server, modules unbundled (what the browser tests load). "build":
   * a production build of the app and both peers, served by `vite preview` (what residents load).
   */
  serve?: 'dev' | 'build';
}

const repo = new URL('..', import.meta.url).pathname;

/** HEAD exported to a temporary folder, with the working tree's bench/ and the repository's node_modules. */
function exportHead(): { dir: string; commit: string } {
  const dir = mkdtempSync(join(tmpdir(), 'noctiluca-bench-head-'));
  execFileSync('sh', ['-c', `git archive HEAD | tar -x -C '${dir}'`], { cwd: repo });
  cpSync(join(repo, 'bench'), join(dir, 'bench'), { recursive: true, filter: (src) => !/[/\\](results|\.scratch)$/.test(src) });
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
  return { dir, commit };
}

function syntheticInstallations(entries: Map<string, SyntheticInstallation & { bytes?: Uint8Array }>): Plugin {
  // The same middlewares for the dev server and the preview server (a build).
  const install = (server: { middlewares: Connect.Server; httpServer: { address(): unknown } | null }) => {
      // Cross-origin isolation: performance.now() resolves to 5 µs instead of 100 µs, which matters
      // for frame callbacks that take well under a millisecond.
      server.middlewares.use((_req, res, next) => {
        res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
        res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
        next();
      });
      server.middlewares.use(async (req, res, next) => {
        const path = (req.url ?? '').split('?')[0];
        if (path === '/installations/index.json') {
          if ((req.url ?? '').includes('bench-inner')) return next();
          // The real index plus ours: ask the real plugin (through the server), then append.
          const real = await fetch(`http://127.0.0.1:${(server.httpServer?.address() as { port: number }).port}/installations/index.json?bench-inner`)
            .then((r) => r.json() as Promise<unknown[]>)
            .catch(() => []);
          res.setHeader('Content-Type', 'application/json');
          res.end(JSON.stringify([...real, ...[...entries.keys()].map((name) => ({ name, title: name, description: 'benchmark' }))]));
          return;
        }
        const m = /^\/installations\/([a-z0-9-]+)\/(installation\.json|mosaic\.bin)$/.exec(path);
        const entry = m ? entries.get(m[1]) : undefined;
        if (!m || !entry) return next();
        res.setHeader('Cache-Control', 'no-store');
        if (m[2] === 'installation.json') {
          res.setHeader('Content-Type', 'application/json');
          res.end(entry.config);
        } else {
          entry.bytes ??= entry.artefact();
          res.setHeader('Content-Type', 'application/octet-stream');
          res.end(Buffer.from(entry.bytes.buffer, entry.bytes.byteOffset, entry.bytes.byteLength));
        }
      });
  };
  return {
    name: 'noctiluca:bench-installations',
    enforce: 'pre',
    apply: 'serve',
    configureServer: install,
    configurePreviewServer: install,
  };
}

/**
 * Chromium runs with the flags the tests use and nothing more: no `--disable-gpu-vsync` or
 * `--disable-frame-rate-limit` (the machines are shared: an unthrottled page would take a core from
 * everyone). Headless Chromium then paces a WebGL page's animation frames at about 1–2 per second
 * (measured: a page clearing a 64x36 canvas gets 2 rAF/s; without a canvas, 60). Frame times are
 * still right, since every measured frame is timed inside one animation frame (measureFrames in
 * page.ts); what the pacing costs is frames per second of wall time (fewer frames fit in a size's
 * time cap) and up to half a second per animation frame a page waits for while loading, for the app
 * and its peers alike.
 */
export const BENCH_CHROMIUM_ARGS: string[] = [];

/** The deck.gl peer's dependencies, pre-bundled at start (the app's config lists only the app's). */
const PEER_DEPS = ['@deck.gl/core', '@deck.gl/layers'];

/**
 * A production build of `root` into a temporary folder: the app (index.html) and both peers' pages,
 * with an empty installations folder (the synthetic installations are served from memory, nothing
 * real is baked), through productionBuild.
 */
async function buildForBench(root: string): Promise<{ outDir: string; cleanup: () => void }> {
  const outDir = mkdtempSync(join(tmpdir(), 'noctiluca-bench-build-'));
  const installations = mkdtempSync(join(tmpdir(), 'noctiluca-bench-installations-'));
  try {
    await productionBuild(
      root,
      {
        outDir,
        emptyOutDir: true,
        rolldownOptions: {
          input: {
            main: join(root, 'index.html'),
            peer: join(root, 'bench/peer/index.html'),
            deckgl: join(root, 'bench/peer-deckgl/index.html'),
          },
        },
      },
      { NOCTILUCA_INSTALLATIONS: installations },
    );
  } finally {
    rmSync(installations, { recursive: true, force: true });
  }
  return { outDir, cleanup: () => rmSync(outDir, { recursive: true, force: true }) };
}

/**
 * The app's page in a build opens view mode by default (src/main.ts); the dev server's default is
 * studio. A build is asked for studio explicitly, so both measure the same page (the page core,
 * no panel: automated pages load it only on P).
 */
export function withStudioMode(path: string): string {
  const [pathname, query = ''] = path.split('?');
  if (pathname !== '/' && pathname !== '/index.html') return path;
  const q = new URLSearchParams(query);
  if (q.has('mode') || q.has('gallery')) return path;
  return `${pathname}?${query ? `${query}&` : ''}mode=studio`;
}

/** One dev server or a build's preview server (with synthetic installations) and one headless Chromium. */
export async function startBenchHarness(opts: BenchHarnessOptions & { serve: 'build' }): Promise<BenchHarness>;
export async function startBenchHarness(opts?: BenchHarnessOptions & { serve?: 'dev' }): Promise<DevBenchHarness>;
export async function startBenchHarness(opts?: BenchHarnessOptions): Promise<BenchHarness>;
export async function startBenchHarness(opts: BenchHarnessOptions = {}): Promise<BenchHarness> {
  const entries = new Map<string, SyntheticInstallation & { bytes?: Uint8Array }>();
  const head = opts.source === 'head' ? exportHead() : null;
  const root = head?.dir ?? repo;
  const built = opts.serve === 'build' ? await buildForBench(root) : null;
  const server = built
    ? await preview({
        configFile: join(root, 'vite.config.ts'),
        root,
        build: { outDir: built.outDir },
        preview: { port: 0, host: '127.0.0.1', open: false },
        logLevel: 'error',
        plugins: [syntheticInstallations(entries)],
      })
    : await createServer({
        configFile: join(root, 'vite.config.ts'),
        root,
        // No hot reload and no file watching: other people's edits in a shared checkout must not reload
        // a page in the middle of a measurement.
        server: { port: 0, host: '127.0.0.1', hmr: false, watch: null },
        logLevel: 'error',
        plugins: [syntheticInstallations(entries)],
        optimizeDeps: { include: PEER_DEPS },
      });
  if (!built) await (server as ViteDevServer).listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('bench: the server has no port');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...(opts.extraArgs ?? BENCH_CHROMIUM_ARGS)], headless: true });
  const source = head ? `HEAD ${head.commit}` : 'working tree';
  return {
    server,
    serve: built ? 'build' : 'dev',
    browser,
    url: (path) => `http://127.0.0.1:${address.port}${built ? withStudioMode(path) : path}`,
    close: async () => {
      await browser.close();
      await server.close();
      built?.cleanup();
      if (head) rmSync(head.dir, { recursive: true, force: true });
    },
    addInstallation: (name, inst) => void entries.set(name, inst),
    removeInstallation: (name) => void entries.delete(name),
    source: built ? `${source}, production build` : source,
  };
}
