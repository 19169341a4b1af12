/**
 * Test helpers: a contributions app on a real database (embedded PGlite in a temporary folder, or
 * the PostgreSQL server that postgresTestServer() starts), publishing a real installation.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { INSTALLATIONS_DIR } from '../config.ts';
import { hashPassword } from './auth.ts';
import { openDatabase, type Database } from './db.ts';
import { Publisher, type Publication } from './publish.ts';
import { mountContributions } from './routes.ts';
import { ContributionStore } from './store.ts';

export const quietLog = { info() {}, warn() {}, error() {} };

let template: string | null = null;

/** A fresh embedded database in its own temporary folder (copied from one made once per process: PGlite's initdb is slow). */
export async function tempEmbedded(): Promise<{ db: Database; dir: string }> {
  if (!template) {
    const t = mkdtempSync(join(tmpdir(), 'noctiluca-pglite-template-'));
    const db = await openDatabase({ dataDir: t });
    await ContributionStore.open(db);
    await db.close();
    template = t;
  }
  const dir = mkdtempSync(join(tmpdir(), 'noctiluca-contrib-'));
  cpSync(join(template, 'contributions.pglite'), join(dir, 'contributions.pglite'), { recursive: true });
  return { db: await openDatabase({ dataDir: dir }), dir };
}

export interface TestPostgres {
  url: string;
  stop(): void;
}

/** Debian's PostgreSQL server binaries (the `postgresql` package), or null. */
function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

/**
 * A PostgreSQL server of our own in a temporary folder (initdb, pg_ctl), on a free port, for the
 * tests that run against a real server; as root it runs as the `postgres` user (PostgreSQL refuses
 * root). Returns null with the reason when there is none to start.
 */
export function postgresTestServer(): TestPostgres | { skip: string } {
  if (process.env.NOCTILUCA_TEST_DATABASE_URL) return { url: process.env.NOCTILUCA_TEST_DATABASE_URL, stop() {} };
  const bin = postgresBin();
  if (!bin) return { skip: 'no PostgreSQL server installed (Debian: apt-get install postgresql; or set NOCTILUCA_TEST_DATABASE_URL)' };
  const root = process.getuid?.() === 0;
  if (root && spawnSync('id', ['-u', 'postgres']).status !== 0) return { skip: 'running as root and there is no "postgres" user to run the server as' };
  const dir = mkdtempSync(join(tmpdir(), 'noctiluca-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const as = (cmd: string, args: string[]) => (root ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' }) : execFileSync(join(bin, cmd), args, { stdio: 'pipe' }));
  const port = 20000 + Math.floor(Math.random() * 20000);
  try {
    as('initdb', ['-D', data, '-U', 'noctiluca', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    as('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
    as('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'noctiluca', 'noctiluca']);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return { skip: `the PostgreSQL server would not start (${String((e as { stderr?: Buffer }).stderr ?? e).trim().split('\n')[0]})` };
  }
  return {
    url: `postgres://noctiluca@127.0.0.1:${port}/noctiluca`,
    stop() {
      try {
        as('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  store: ContributionStore;
  publisher: Publisher;
  published: Publication[];
  db: Database;
  close(): Promise<void>;
}

/** A Fastify app with only the contributions' routes, publishing `installation` (the repository's own, unless `installationsDir` says). */
export async function contributionsApp(db: Database, dataDir: string, installation = 'starter', o: { submitPerMinute?: number; moderator?: [string, string]; installationsDir?: string } = {}): Promise<TestApp> {
  const store = await ContributionStore.open(db);
  const published: Publication[] = [];
  const publisher = new Publisher({ store, installationsDir: o.installationsDir ?? INSTALLATIONS_DIR, dataDir, installations: [installation], log: quietLog, delayMs: 0, onPublished: (p) => published.push(p) });
  await publisher.start();
  if (o.moderator) await store.setModerator(o.moderator[0], await hashPassword(o.moderator[1]));
  const app = Fastify({ bodyLimit: 16_384 });
  await app.register(fastifyRateLimit, { global: false });
  await mountContributions(app, { store, publisher, installations: [installation], log: quietLog, submitPerMinute: o.submitPerMinute ?? 1000, sendBuilt: (reply) => reply.code(404).send({ error: 'no build in tests' }) });
  await app.ready();
  return {
    app,
    store,
    publisher,
    published,
    db,
    async close() {
      publisher.close();
      await app.close();
      await db.close();
    },
  };
}
