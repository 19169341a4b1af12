/**
 * Schema migrations: an ordered list of SQL steps and a `schema_migrations` table that records
 * which ran. Why not a migration library: the well-kept ones (node-pg-migrate, Knex, Drizzle Kit)
 * each bring a driver, a CLI and a config format of their own, and none runs on both PGlite and
 * node-postgres through one interface; ours is a dozen lines over the same query layer the rest of
 * the code uses. Rules: a step is never edited once released (add a new one); each runs in its own
 * transaction together with its row in schema_migrations, so a failed step leaves nothing half
 * done; on an external server a transaction-scoped advisory lock keeps two servers starting at once
 * from running the same step twice.
 */
import type { Sql } from './db.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'contributions, moderators, audit log, publications',
    sql: `
      CREATE TABLE contribution (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        installation text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
        tier text NOT NULL CHECK (tier IN ('glow', 'card', 'story')),
        -- years and kinds of care, pain, community and age band, as validated (src/contribute/contribution.ts)
        journey jsonb NOT NULL,
        story text,
        -- the SHA-256 of the withdrawal code: the code itself is only ever shown to the resident
        withdraw_hash bytea NOT NULL UNIQUE,
        decided_at timestamptz,
        decided_by text,
        -- the moderator's reason: never published
        reason text,
        withdrawn_at timestamptz
      );
      CREATE INDEX contribution_queue ON contribution (installation, status, created_at);
      CREATE TABLE moderator (
        name text PRIMARY KEY,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE audit (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        contribution uuid,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb
      );
      CREATE INDEX audit_contribution ON audit (contribution);
      CREATE TABLE publication (
        installation text PRIMARY KEY,
        rev integer NOT NULL,
        at timestamptz NOT NULL,
        cells integer NOT NULL,
        contributions integer NOT NULL
      );
    `,
  },
];

/** Brings the schema up to the newest version; returns the versions it applied. */
export async function migrate(db: Sql & { kind: string }, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    const ran = await db.transaction(async (tx) => {
      if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7470081)');
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (done.length) return false;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (ran) applied.push(m.version);
  }
  const newest = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if ((newest[0]?.v ?? 0) > known) {
    throw new Error(`contributions: the database has schema version ${newest[0].v}, newer than this Noctiluca knows (${known}); update Noctiluca before opening it`);
  }
  return applied;
}
