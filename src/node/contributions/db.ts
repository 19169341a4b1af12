/**
 * The contributions database: PostgreSQL, through one small query layer with two back ends:
 * - embedded (the default): PGlite, PostgreSQL compiled to WebAssembly, in-process, its data in a
 *   folder of its own (never under installations/, never in git), so `npx noctiluca contributions`
 *   needs no server;
 * - external: a PostgreSQL server through a connection string (`postgres://…`) and node-postgres
 *   (`pg`), for a festival where many kiosks and the residents' site write at once.
 * Both take the same SQL with `$1` parameters: every value a person typed travels as a parameter,
 * never inside the SQL text.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface Sql {
  /** Rows of a query; `params` are bound, never interpolated. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** A script of several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

export interface Database extends Sql {
  kind: 'embedded' | 'postgres';
  /** Where the data is, for messages (the folder, or the server without its password). */
  where: string;
  close(): Promise<void>;
}

/** Where contributions live unless told otherwise: $NOCTILUCA_DATA_DIR, else $XDG_DATA_HOME/noctiluca, else ~/.local/share/noctiluca. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NOCTILUCA_DATA_DIR) return resolve(env.NOCTILUCA_DATA_DIR);
  return join(env.XDG_DATA_HOME ? resolve(env.XDG_DATA_HOME) : join(homedir(), '.local', 'share'), 'noctiluca');
}

/** A connection string with its password replaced, for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable connection string)';
  }
}

export interface OpenOptions {
  /** A PostgreSQL connection string (postgres://user:pass@host:5432/db); else the embedded database. */
  url?: string | null;
  /** The embedded database's folder's parent (its data is `<dataDir>/contributions.pglite`); "memory://" keeps it in memory (tests). */
  dataDir?: string;
}

export class DatabaseError extends Error {}

/** Opens the database the options name (embedded by default). */
export async function openDatabase(o: OpenOptions = {}): Promise<Database> {
  if (o.url) return openPostgres(o.url);
  return openEmbedded(o.dataDir ?? defaultDataDir());
}

async function openEmbedded(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const memory = dataDir === 'memory://';
  const dir = memory ? 'memory://' : join(dataDir, 'contributions.pglite');
  if (!memory) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const db = await PGlite.create(dir);
  // PGlite is one connection: transactions queue behind each other, as they would on one pg client.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => {});
    return run;
  };
  const wrap = (q: { query: typeof db.query; exec: typeof db.exec }): Sql => ({
    async query<T>(text: string, params: unknown[] = []) {
      return (await q.query<T>(text, params)).rows;
    },
    async exec(text: string) {
      await q.exec(text);
    },
    transaction: () => {
      throw new DatabaseError('nested transactions are not supported');
    },
  });
  return {
    kind: 'embedded',
    where: memory ? 'memory' : dir,
    query: (text, params) => serial(() => wrap(db).query(text, params)),
    exec: (text) => serial(() => wrap(db).exec(text)),
    transaction: (fn) => serial(() => db.transaction((tx) => fn(wrap(tx)))),
    close: () => serial(() => db.close()),
  };
}

async function openPostgres(url: string): Promise<Database> {
  const pg = (await import('pg')).default;
  // Timestamps come back as Date, bigints (counts) as numbers: both back ends answer alike.
  const pool = new pg.Pool({ connectionString: url, max: 10, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => {}); // an idle client's lost connection: the next query reconnects
  const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) };
  try {
    const c = await pool.connect();
    c.release();
  } catch (e) {
    await pool.end().catch(() => {});
    throw new DatabaseError(`contributions: cannot connect to PostgreSQL at ${redactUrl(url)} (${e instanceof Error ? e.message : String(e)})`);
  }
  type Client = { query: (q: string | { text: string; values: unknown[]; types: typeof types }) => Promise<{ rows: unknown[] }> };
  const onClient = (c: Client): Sql => ({
    async query<T>(text: string, params: unknown[] = []) {
      return (await c.query({ text, values: params, types })).rows as T[];
    },
    async exec(text: string) {
      await c.query(text); // no values: the simple protocol, which takes several statements
    },
    transaction: () => {
      throw new DatabaseError('nested transactions are not supported');
    },
  });
  return {
    kind: 'postgres',
    where: redactUrl(url),
    query: (text, params) => onClient(pool as never).query(text, params),
    exec: (text) => onClient(pool as never).exec(text),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const r = await fn(onClient(client as never));
        await client.query('COMMIT');
        return r;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
