/**
 * Contributions on a server: opening the database, the store and the publisher for a list of
 * installations (`openContributions`, which the venue server calls when its venue file has a
 * `contributions` section), and the contributions server for the residents' site
 * (`startContributionsServer`, `npx noctiluca contributions serve`): the built site (dist/), the
 * form and the moderators' page, the published artefacts, and nothing of the venue's outputs.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { CountryCode } from 'libphonenumber-js';
import { LIMITS } from '../../contribute/contribution.ts';
import { hostRefusal } from '../venue/guard.ts';
import type { Logger } from '../venue/log.ts';
import { openDatabase, type Database } from './db.ts';
import { Publisher, type Publication } from './publish.ts';
import { mountContributions } from './routes.ts';
import { ContributionStore } from './store.ts';

export class ContributionsError extends Error {}

export interface ContributionsSettings {
  installations: string[];
  /** postgres://… for an external server; null: the embedded database in dataDir. */
  database: string | null;
  dataDir: string;
  submitPerMinute?: number;
  phoneRegion?: CountryCode;
  /** Seconds a publication waits after an approval or withdrawal (several become one). */
  publishDelaySeconds?: number;
}

export interface Contributions {
  db: Database;
  store: ContributionStore;
  publisher: Publisher;
  settings: ContributionsSettings;
  close(): Promise<void>;
}

/** Refuses a data folder inside an installations folder: contributions never live there (nor in git with them). */
export function dataDirProblem(dataDir: string, installationsDir: string): string | null {
  if (dataDir === 'memory://') return null;
  const rel = relative(resolve(installationsDir), resolve(dataDir));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
    ? `contributions: the data folder ${dataDir} is inside ${installationsDir}; contributions never live in an installation's folder (or in git with it): choose a folder outside, e.g. ~/.local/share/noctiluca (the default)`
    : null;
}

export async function openContributions(s: ContributionsSettings, o: { installationsDir: string; log: Logger; onPublished?: (p: Publication) => void }): Promise<Contributions> {
  const problem = dataDirProblem(s.dataDir, o.installationsDir);
  if (problem) throw new ContributionsError(problem);
  for (const name of s.installations) {
    if (!existsSync(resolve(o.installationsDir, name, 'installation.json'))) throw new ContributionsError(`contributions: no installation "${name}" in ${o.installationsDir} (the server bakes each publication from the installation's own data)`);
  }
  const db = await openDatabase({ url: s.database, dataDir: s.dataDir });
  try {
    const store = await ContributionStore.open(db);
    const publisher = new Publisher({ store, installationsDir: o.installationsDir, dataDir: s.dataDir === 'memory://' ? resolve(process.env.TMPDIR ?? '/tmp', `noctiluca-published-${process.pid}`) : s.dataDir, installations: s.installations, log: o.log, delayMs: (s.publishDelaySeconds ?? 2) * 1000, onPublished: o.onPublished });
    await publisher.start();
    o.log.info({ database: db.where, kind: db.kind, installations: s.installations }, `contributions: ${db.kind === 'embedded' ? 'embedded database' : 'PostgreSQL'} at ${db.where}`);
    return {
      db,
      store,
      publisher,
      settings: s,
      async close() {
        publisher.close();
        await db.close();
      },
    };
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
}

export interface ContributionsServerOptions {
  settings: ContributionsSettings;
  installationsDir: string;
  dist: string;
  log: Logger;
  host?: string;
  port?: number;
  allowedHosts?: string[];
  kiosk?: boolean;
}

/** The residents' site with the form: the build, the contributions' routes, the published artefacts. */
export async function startContributionsServer(o: ContributionsServerOptions): Promise<{ url: string; app: FastifyInstance; contributions: Contributions; close(): Promise<void> }> {
  const dist = resolve(o.dist);
  if (!existsSync(resolve(dist, 'index.html'))) throw new ContributionsError(`contributions: no built site in ${dist}; run npm run build first, or give --dist`);
  const contributions = await openContributions(o.settings, { installationsDir: o.installationsDir, log: o.log });
  const app = Fastify({ loggerInstance: o.log as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }), bodyLimit: LIMITS.bodyBytes, trustProxy: false });
  app.addHook('onRequest', async (req, reply) => {
    const refusal = hostRefusal(req.headers, o.allowedHosts ?? []);
    if (refusal) return reply.code(refusal.status).send({ error: refusal.reason });
  });
  await app.register(fastifyRateLimit, { global: false });
  await mountContributions(app, {
    store: contributions.store,
    publisher: contributions.publisher,
    installations: o.settings.installations,
    log: o.log,
    submitPerMinute: o.settings.submitPerMinute,
    phoneRegion: o.settings.phoneRegion,
    kiosk: o.kiosk,
    sendBuilt: (reply, path) => reply.sendFile(path),
  });
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    index: ['index.html'],
    setHeaders: (res, path) => {
      if (path.endsWith('.html') || path.endsWith('.json') || path.endsWith('.bin')) res.header('Cache-Control', 'no-cache');
    },
  });
  try {
    await app.listen({ host: o.host ?? '127.0.0.1', port: o.port ?? 8090 });
  } catch (e) {
    await app.close();
    await contributions.close();
    throw e;
  }
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new ContributionsError('contributions: the server has no port');
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  o.log.info({ url }, `contributions server on ${url}: the form at ${url}/contribute, moderation at ${url}/moderate`);
  return {
    url,
    app,
    contributions,
    async close() {
      await app.close();
      await contributions.close();
    },
  };
}
