/**
 * The installations, served and built. The page only ever fetches:
 *   /installations/index.json                 names, titles, descriptions
 *   /installations/<name>/installation.json   the config as written
 *   /installations/<name>/mosaic.bin          the baked, anonymised mosaic
 * In development these are made on request (the bake is cached until the config or data changes,
 * and a change is announced to the page over Vite's websocket for hot reload). In a build they are
 * the only installation files written to dist/: raw records never leave the artist's machine.
 */
import { readFile, stat, readdir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Plugin, ViteDevServer } from 'vite';
import { bakeInstallationData } from './bake.ts';
import { INSTALLATIONS_DIR, listInstallations, loadInstallation } from './config.ts';
import { isStudioFile, studioRoutes } from './saveConfig.ts';
import { cornerPinSaveRoute } from '../venue/saveRoute.ts';

export interface InstallationSummary {
  name: string;
  title: string;
  description: string;
}

/** Latest modification time under a file or folder (data sources may be folders, e.g. Synthea exports). */
async function latestMtime(path: string): Promise<number> {
  const s = await stat(path).catch(() => null);
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  let latest = s.mtimeMs;
  for (const entry of await readdir(path)) {
    if (entry.startsWith('.')) continue;
    latest = Math.max(latest, await latestMtime(join(path, entry)));
  }
  return latest;
}

export class BakeFailure extends Error {}

export function createInstallationStore(root = INSTALLATIONS_DIR) {
  const cache = new Map<string, { key: string; bytes: Uint8Array }>();

  async function index(): Promise<InstallationSummary[]> {
    const out: InstallationSummary[] = [];
    for (const name of listInstallations(root)) {
      const loaded = await loadInstallation(name, { root });
      out.push({ name, title: loaded.config?.title ?? name, description: loaded.config?.description ?? '' });
    }
    return out;
  }

  async function bake(name: string): Promise<Uint8Array> {
    const loaded = await loadInstallation(name, { root, checkFiles: true });
    if (!loaded.config || !loaded.dataSpec) throw new BakeFailure(loaded.errors.map((e) => e.text).join('\n'));
    const key = `${await latestMtime(join(loaded.dir, 'installation.json'))}:${await latestMtime(loaded.dataSpec.source)}`;
    const hit = cache.get(name);
    if (hit && hit.key === key) return hit.bytes;
    const { bytes } = await bakeInstallationData(loaded.dir, loaded.dataSpec, name);
    cache.set(name, { key, bytes });
    return bytes;
  }

  return { root, index, bake };
}

const ROUTE = /^\/installations\/(?:(index\.json)|([a-z0-9][a-z0-9-]*)\/(installation\.json|mosaic\.bin))$/;

export function installationsPlugin(root = INSTALLATIONS_DIR): Plugin {
  const store = createInstallationStore(root);
  let base = '/';
  return {
    name: 'noctiluca:installations',
    configResolved(config) {
      base = config.base;
    },
    configureServer(server: ViteDevServer) {
      // The tuning panel's save and preset routes (development only).
      server.middlewares.use(studioRoutes(root, base));
      // The venue calibration view's corner-pin save (development only).
      server.middlewares.use(cornerPinSaveRoute(root, () => listInstallations(root), base));
      server.middlewares.use(async (req, res, next) => {
        const path = (req.url ?? '').split('?')[0];
        const m = ROUTE.exec(path.startsWith(base) ? `/${path.slice(base.length)}` : path);
        if (!m) return next();
        try {
          if (m[1]) {
            res.setHeader('Content-Type', 'application/json');
            res.end(JSON.stringify(await store.index()));
          } else if (!listInstallations(root).includes(m[2])) {
            res.statusCode = 404;
            res.end(`no installation named "${m[2]}"`);
          } else if (m[3] === 'installation.json') {
            res.setHeader('Content-Type', 'application/json');
            res.setHeader('Cache-Control', 'no-store');
            res.end(await readFile(join(root, m[2], 'installation.json')));
          } else {
            const bytes = await store.bake(m[2]);
            res.setHeader('Content-Type', 'application/octet-stream');
            res.setHeader('Cache-Control', 'no-store');
            res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
          }
        } catch (err) {
          res.statusCode = err instanceof BakeFailure ? 422 : 500;
          res.setHeader('Content-Type', 'text/plain; charset=utf-8');
          res.end(err instanceof Error ? err.message : String(err));
        }
      });
      // Hot reload: tell the page which installation changed; it refetches and swaps the mosaic.
      server.watcher.add(root);
      const announce = (file: string) => {
        const rel = relative(root, file);
        if (rel.startsWith('..') || rel.includes(`${sep}.bake${sep}`) || isStudioFile(rel)) return;
        const name = rel.split(sep)[0];
        server.ws.send({ type: 'custom', event: 'noctiluca:installation-changed', data: { name, file: rel.split(sep).join('/') } });
      };
      server.watcher.on('change', announce);
      server.watcher.on('add', announce);
    },
    async generateBundle() {
      const index = await store.index();
      this.emitFile({ type: 'asset', fileName: 'installations/index.json', source: JSON.stringify(index) });
      for (const { name } of index) {
        const dir = resolve(root, name);
        this.emitFile({ type: 'asset', fileName: `installations/${name}/installation.json`, source: await readFile(join(dir, 'installation.json')) });
        this.emitFile({ type: 'asset', fileName: `installations/${name}/mosaic.bin`, source: await store.bake(name) });
      }
    },
  };
}
