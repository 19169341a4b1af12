/**
 * The installation files the page fetches, made on request in development (the bake is cached until
 * the config or the data changes) and written by the build: the index, each config as written, each
 * baked mosaic, and the mask images (PNG) that the config or one of its presets names as
 * `layout.mask`. Nothing else of an installation folder is ever answered.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { bakeInstallationData } from '../bake.ts';
import { INSTALLATIONS_DIR, listInstallations, loadInstallation } from '../config.ts';
import { resolveInside } from '../paths.ts';
import { listPresets } from '../saveConfig.ts';
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

/** The first bytes of every PNG file. */
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** A mask larger than this is refused (the page reads at most 4096 px a side). */
const MAX_MASK_BYTES = 16 * 1024 * 1024;

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

  /** The mask paths an installation's config and presets name (config layout.mask, preset "layout.mask"). */
  async function maskPaths(name: string): Promise<string[]> {
    const loaded = await loadInstallation(name, { root });
    const paths = new Set<string>();
    if (loaded.config?.layout.mask) paths.add(loaded.config.layout.mask);
    for (const p of (await listPresets(root, name)).presets) {
      const m = p.values['layout.mask'];
      if (typeof m === 'string') paths.add(m);
    }
    return [...paths];
  }

  /**
   * A mask image's bytes, if `rel` is a mask the installation names and a PNG inside its folder;
   * otherwise a RouteError that never quotes the file.
   */
  async function mask(name: string, rel: string): Promise<Uint8Array> {
    if (!(await maskPaths(name)).includes(rel)) throw new RouteError(404, [`installations/${name}/${rel}: not a mask image this installation names (layout.mask)`]);
    const inside = await resolveInside(join(root, name), rel);
    if (!inside.ok || inside.kind !== 'file') throw new RouteError(404, [`layout.mask: installations/${name}/${rel} is not a file inside the installation folder`]);
    const s = await stat(inside.real);
    if (s.size > MAX_MASK_BYTES) throw new RouteError(422, [`layout.mask: installations/${name}/${rel} is ${s.size} bytes; a mask may have at most ${MAX_MASK_BYTES}`]);
    const bytes = new Uint8Array(await readFile(inside.real));
    if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) throw new RouteError(422, [`layout.mask: installations/${name}/${rel} is not a PNG image`]);
    return bytes;
  }

  return { root, index, bake, maskPaths, mask };
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
      path: /^\/installations\/([a-z0-9][a-z0-9-]*)\/(.+\.png)$/i,
      changes: false,
      handle: async ({ params }) => ({ contentType: 'image/png', body: await store.mask(known(params[0]), params[1]) }),
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
