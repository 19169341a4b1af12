/**
 * The installations, served and built. The page only ever fetches:
 *   /installations/index.json                 names, titles, descriptions
 *   /installations/<name>/installation.json   the config as written
 *   /installations/<name>/mosaic.bin          the baked, anonymised mosaic
 *   /installations/<name>/<mask>.png          a mask image the config or a preset names (layout.mask)
 * In development these are made on request (src/node/routes/, with the studio's and the venue's
 * routes) and a change is announced to the page over Vite's websocket for hot reload. In a build
 * they are the only installation files written to dist/: raw records never leave the artist's
 * machine.
 *
 * The dev server keeps other pages out (issue 14): it sends no CORS headers (Vite's default lets
 * every localhost origin read its answers), denies the installation folders, test fixtures and raw
 * data files to Vite's own file serving (/@fs/, ?raw, the static root), guards every route that
 * changes state (src/node/routes/guard.ts) and hands its session token only to the pages it serves.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin, UserConfig, ViteDevServer } from 'vite';
import { INSTALLATIONS_DIR, listInstallations } from './config.ts';
import { SECRET_FILE } from './bake.ts';
import { smallForArtists, smallMosaic } from '../bake/small.ts';
import { assessInstallation, refusal } from './privacy.ts';
import { cornerPinRoutes } from './routes/cornerPin.ts';
import { createDevSession, sessionMetaTag, type DevSession } from './routes/guard.ts';
import { devRoutes } from './routes/index.ts';
import { createInstallationStore, installationRoutes } from './routes/installations.ts';
import { studioRoutes } from './routes/studio.ts';
import { isStudioFile, removeStaleTemporaries } from './saveConfig.ts';

export { createInstallationStore, type InstallationSummary } from './routes/installations.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Vite 8's own `server.fs.deny` (a list set in config replaces it, so it is repeated here). */
export const VITE_DEFAULT_DENY = ['.env', '.env.*', '*.{crt,pem,key,p12,pfx,cer,der}', '.npmrc', '.yarnrc.yml', '**/.git/**'];

/** A path as a glob that matches only itself. */
const literalGlob = (path: string) => path.split(sep).join('/').replace(/[*?[\]{}()!+@\\]/g, (c) => `\\${c}`);

/** What Vite must never serve: the installation folders (any root), the test fixtures, raw data files anywhere. */
export function deniedFiles(root: string): string[] {
  const roots = [...new Set([resolve(INSTALLATIONS_DIR), resolve(root)])];
  return [...roots.flatMap((r) => [literalGlob(r), `${literalGlob(r)}/**`]), `${literalGlob(join(REPO, 'tests', 'fixtures'))}/**`, '**/*.{csv,tsv,ndjson,jsonl}'];
}

export function installationsPlugin(root = INSTALLATIONS_DIR): Plugin {
  const store = createInstallationStore(root);
  let base = '/';
  let session: DevSession | null = null;
  return {
    name: 'noctiluca:installations',
    config(user): UserConfig {
      return {
        server: {
          cors: false,
          fs: { deny: [...(user.server?.fs?.deny ?? VITE_DEFAULT_DENY), ...deniedFiles(root)] },
        },
      };
    },
    configResolved(config) {
      base = config.base;
      session = createDevSession(config.server.allowedHosts ?? []);
    },
    transformIndexHtml: {
      order: 'pre',
      handler(_html, ctx) {
        // Development only: the built site has no routes and no session.
        if (!ctx.server || !session) return [];
        return [sessionMetaTag(session)];
      },
    },
    async configureServer(server: ViteDevServer) {
      if (!session) session = createDevSession(server.config.server.allowedHosts ?? []);
      // Temporary files an interrupted save left behind.
      for (const name of listInstallations(root)) await removeStaleTemporaries(join(root, name));
      const known = () => listInstallations(root);
      server.middlewares.use(devRoutes([...installationRoutes(store), ...studioRoutes(root, known), ...cornerPinRoutes(root, known)], session, base));
      // Hot reload: tell the page which installation changed; it refetches and swaps the mosaic.
      server.watcher.add(root);
      const announce = (file: string) => {
        const rel = relative(root, file);
        // The secret is made by the first bake, not edited: no reload for it.
        if (rel.startsWith('..') || rel.includes(`${sep}.bake${sep}`) || isStudioFile(rel) || rel.endsWith(`${sep}${SECRET_FILE}`)) return;
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
        const mosaic = await store.bake(name);
        // Publish only an artefact that keeps the installation's declared guarantee (docs/PRIVACY.md).
        const risk = await assessInstallation(name, { root, bytes: mosaic });
        const refused = refusal(risk);
        if (refused) this.error(refused);
        // Publishable, but one undivided group: the artist should know before residents do.
        const small = smallMosaic(risk.bake);
        if (small) this.warn(`installations/${name}: ${smallForArtists(small, name)}`);
        this.emitFile({ type: 'asset', fileName: `installations/${name}/mosaic.bin`, source: mosaic });
        for (const rel of await store.maskPaths(name)) {
          this.emitFile({ type: 'asset', fileName: `installations/${name}/${rel.split(/[\\/]+/).join('/')}`, source: await store.mask(name, rel) });
        }
      }
    },
  };
}
