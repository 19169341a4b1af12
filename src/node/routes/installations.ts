/**
 * The installation files the page fetches, made on request in development (the bake is cached until
 * the config or the data changes) and written by the build: the index, each config as written, each
 * baked mosaic. Nothing else of an installation folder is ever answered.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { bakeInstallationData } from '../bake.ts';
import { INSTALLATIONS_DIR, listInstallations, loadInstallation } from '../config.ts';
import { resolveInside } from '../paths.ts';
import { RouteError } from './http.ts';
import type { Route } from './index.ts';

export interface InstallationSummary {
  name: string;
  title: string;
  description: string;
  /** Listed in the residents' gallery (the config's `gallery`). */
  gallery: boolean;
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
      out.push({ name, title: loaded.config?.title ?? name, description: loaded.config?.description ?? '', gallery: loaded.config?.gallery ?? true });
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

export type InstallationStore = ReturnType<typeof createInstallationStore>;

export function installationRoutes(store: InstallationStore): Route[] {
  const known = (name: string) => {
    if (!listInstallations(store.root).includes(name)) throw new RouteError(404, [`no installation named "${name}"`]);
    return name;
  };
  return [
    {
      method: 'GET',
      path: /^\/installations\/index\.json$/,
      changes: false,
      handle: async () => ({ contentType: 'application/json; charset=utf-8', body: JSON.stringify(await store.index()) }),
    },
    {
      method: 'GET',
      path: /^\/installations\/([a-z0-9][a-z0-9-]*)\/installation\.json$/,
      changes: false,
      async handle({ params }) {
        const dir = join(store.root, known(params[0]));
        // Only the config as it lies in the folder: a link out of it is not served.
        const inside = await resolveInside(dir, 'installation.json');
        if (!inside.ok || inside.kind !== 'file') throw new RouteError(403, [`installations/${params[0]}/installation.json leads outside its folder; not served`]);
        return { contentType: 'application/json; charset=utf-8', body: await readFile(inside.real, 'utf8') };
      },
    },
    {
      method: 'GET',
      path: /^\/installations\/([a-z0-9][a-z0-9-]*)\/mosaic\.bin$/,
      changes: false,
      async handle({ params }) {
        try {
          return { contentType: 'application/octet-stream', body: await store.bake(known(params[0])) };
        } catch (err) {
          if (err instanceof RouteError) throw err;
          // The page shows these lines as they are: plain text, one message a line.
          return { status: err instanceof BakeFailure ? 422 : 500, contentType: 'text/plain; charset=utf-8', body: err instanceof Error ? err.message : String(err) };
        }
      },
    },
  ];
}
