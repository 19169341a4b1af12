/**
 * What the contributions database holds, and every query on it (parameters bound, never spliced).
 * A contribution is pending until a moderator approves or rejects it; approved ones are published
 * at the next publication; a withdrawal (by the resident's code) takes it out of the next one. A
 * rejected or withdrawn contribution keeps only its status and dates: its journey and story are
 * erased, so the database holds no health data it will not publish. Every change is in the audit
 * log, which names who did it and what, never the story itself.
 */
import { randomUUID } from 'node:crypto';
import type { Contribution, ContributionJourney, Tier } from '../../contribute/contribution.ts';
import { TIERS } from '../../contribute/contribution.ts';
import { codeHash, newWithdrawalCode, normaliseCode } from './codes.ts';
import type { Database, Sql } from './db.ts';
import { migrate } from './migrations.ts';

export type Status = 'pending' | 'approved' | 'rejected' | 'withdrawn';

export interface StoredContribution {
  id: string;
  installation: string;
  createdAt: Date;
  status: Status;
  tier: Tier;
  journey: ContributionJourney;
  story: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  reason: string | null;
}

export interface AuditEntry {
  id: number;
  at: Date;
  actor: string;
  action: string;
  contribution: string | null;
  detail: Record<string, unknown>;
}

interface Row {
  id: string;
  installation: string;
  created_at: Date;
  status: Status;
  tier: Tier;
  journey: ContributionJourney;
  story: string | null;
  decided_at: Date | null;
  decided_by: string | null;
  reason: string | null;
}

const COLUMNS = 'id, installation, created_at, status, tier, journey, story, decided_at, decided_by, reason';
const ERASED = JSON.stringify({ erased: true });

const fromRow = (r: Row): StoredContribution => ({
  id: r.id,
  installation: r.installation,
  createdAt: new Date(r.created_at),
  status: r.status,
  tier: r.tier,
  journey: typeof r.journey === 'string' ? JSON.parse(r.journey) : r.journey,
  story: r.story,
  decidedAt: r.decided_at ? new Date(r.decided_at) : null,
  decidedBy: r.decided_by,
  reason: r.reason,
});

/** Thrown when a change does not fit the contribution's state; the message says why, for people. */
export class StoreRefusal extends Error {
  constructor(
    message: string,
    readonly status = 409,
  ) {
    super(message);
  }
}

export type WithdrawResult = { ok: true; installation: string; wasPublished: boolean } | { ok: false; reason: 'unknown' | 'used' };

export interface Edit {
  story?: string | null;
  tier?: Tier;
  community?: null;
  ageBand?: null;
}

export class ContributionStore {
  private constructor(readonly db: Database) {}

  /** Opens the store on a database, bringing its schema up to date. */
  static async open(db: Database): Promise<ContributionStore> {
    await migrate(db);
    return new ContributionStore(db);
  }

  private audit(tx: Sql, actor: string, action: string, contribution: string | null, detail: Record<string, unknown> = {}) {
    return tx.query('INSERT INTO audit (actor, action, contribution, detail) VALUES ($1, $2, $3, $4)', [actor, action, contribution, JSON.stringify(detail)]);
  }

  /** Stores a new contribution, pending; returns its id and the resident's withdrawal code (the only time it is seen). */
  async submit(c: Contribution, via: string): Promise<{ id: string; code: string }> {
    const id = randomUUID();
    const code = newWithdrawalCode();
    const journey: ContributionJourney = { community: c.community, ageBand: c.ageBand, years: c.years, pain: c.pain };
    await this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO contribution (id, installation, tier, journey, story, withdraw_hash) VALUES ($1, $2, $3, $4, $5, $6)', [id, c.installation, c.tier, JSON.stringify(journey), c.story, codeHash(code)]);
      await this.audit(tx, 'resident', 'submitted', id, { installation: c.installation, tier: c.tier, via });
    });
    return { id, code };
  }

  async get(id: string): Promise<StoredContribution | null> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return null;
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM contribution WHERE id = $1`, [id]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** Contributions in a state (oldest first), for the moderators' queue. */
  async list(status: Status, installation?: string, limit = 200): Promise<StoredContribution[]> {
    const rows = installation
      ? await this.db.query<Row>(`SELECT ${COLUMNS} FROM contribution WHERE status = $1 AND installation = $2 ORDER BY created_at, id LIMIT $3`, [status, installation, limit])
      : await this.db.query<Row>(`SELECT ${COLUMNS} FROM contribution WHERE status = $1 ORDER BY created_at, id LIMIT $2`, [status, limit]);
    return rows.map(fromRow);
  }

  async counts(installation?: string): Promise<Record<Status, number>> {
    const rows = installation
      ? await this.db.query<{ status: Status; n: number }>('SELECT status, count(*)::int AS n FROM contribution WHERE installation = $1 GROUP BY status', [installation])
      : await this.db.query<{ status: Status; n: number }>('SELECT status, count(*)::int AS n FROM contribution GROUP BY status');
    const out: Record<Status, number> = { pending: 0, approved: 0, rejected: 0, withdrawn: 0 };
    for (const r of rows) out[r.status] = Number(r.n);
    return out;
  }

  /** Locks a pending contribution in a transaction, or refuses. */
  private async pending(tx: Sql, id: string): Promise<Row> {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new StoreRefusal('no such contribution', 404);
    const rows = await tx.query<Row>(`SELECT ${COLUMNS} FROM contribution WHERE id = $1 FOR UPDATE`, [id]);
    if (!rows[0]) throw new StoreRefusal('no such contribution', 404);
    if (rows[0].status !== 'pending') throw new StoreRefusal(`this contribution is ${rows[0].status} already; only a pending one can be changed`);
    return rows[0];
  }

  /**
   * A moderator's edit before approval: the story's text (to take out a name, a number, a date),
   * a lower tier than the resident chose (never a higher one), or the community or age band left out.
   */
  async edit(id: string, by: string, e: Edit): Promise<StoredContribution> {
    return this.db.transaction(async (tx) => {
      const row = fromRow(await this.pending(tx, id));
      const fields: string[] = [];
      let { tier, story } = row;
      const journey = { ...row.journey };
      if (e.tier !== undefined && e.tier !== tier) {
        if (TIERS.indexOf(e.tier) > TIERS.indexOf(tier)) throw new StoreRefusal(`the resident chose "${tier}"; a moderator may lower it, never raise it to "${e.tier}"`, 400);
        tier = e.tier;
        fields.push('tier');
        if (tier !== 'story' && story !== null) (story = null), fields.push('story');
      }
      if (e.story !== undefined && e.story !== story) {
        if (tier !== 'story') throw new StoreRefusal('only a "card with story" contribution has a story to edit', 400);
        if (!e.story) throw new StoreRefusal('an empty story: lower the tier to "card" instead', 400);
        story = e.story;
        fields.push('story');
      }
      if (e.community === null && journey.community !== null) (journey.community = null), fields.push('community');
      if (e.ageBand === null && journey.ageBand !== null) (journey.ageBand = null), fields.push('ageBand');
      if (!fields.length) return row;
      await tx.query('UPDATE contribution SET tier = $2, story = $3, journey = $4 WHERE id = $1', [id, tier, story, JSON.stringify(journey)]);
      await this.audit(tx, by, 'edited', id, { fields });
      return { ...row, tier, story, journey };
    });
  }

  /** Approves or rejects a pending contribution, with the moderator's reason (never published). */
  async decide(id: string, by: string, decision: 'approved' | 'rejected', reason: string): Promise<StoredContribution> {
    return this.db.transaction(async (tx) => {
      const row = await this.pending(tx, id);
      const erase = decision === 'rejected';
      const rows = await tx.query<Row>(
        `UPDATE contribution SET status = $2, decided_at = now(), decided_by = $3, reason = $4${erase ? `, story = NULL, journey = '${ERASED}'::jsonb` : ''} WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, decision, by, reason],
      );
      await this.audit(tx, by, decision === 'approved' ? 'approved' : 'rejected', id, { installation: row.installation, reason });
      return fromRow(rows[0]);
    });
  }

  /** A resident's withdrawal: by code, once. Pending and approved contributions are withdrawn and erased. */
  async withdraw(code: unknown): Promise<WithdrawResult> {
    const canonical = normaliseCode(code);
    if (!canonical) return { ok: false, reason: 'unknown' };
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string; status: Status; installation: string }>('SELECT id, status, installation FROM contribution WHERE withdraw_hash = $1 FOR UPDATE', [codeHash(canonical)]);
      const row = rows[0];
      if (!row) return { ok: false, reason: 'unknown' } as const;
      if (row.status === 'withdrawn' || row.status === 'rejected') return { ok: false, reason: 'used' } as const;
      await tx.query(`UPDATE contribution SET status = 'withdrawn', withdrawn_at = now(), story = NULL, journey = '${ERASED}'::jsonb WHERE id = $1`, [row.id]);
      await this.audit(tx, 'resident', 'withdrawn', row.id, { installation: row.installation, was: row.status });
      return { ok: true, installation: row.installation, wasPublished: row.status === 'approved' } as const;
    });
  }

  /** Every approved contribution of an installation, oldest first: what the next publication adds. */
  approved(installation: string): Promise<StoredContribution[]> {
    return this.list('approved', installation, 1_000_000);
  }

  async recordPublication(installation: string, rev: number, cells: number, contributions: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO publication (installation, rev, at, cells, contributions) VALUES ($1, $2, now(), $3, $4)
         ON CONFLICT (installation) DO UPDATE SET rev = excluded.rev, at = excluded.at, cells = excluded.cells, contributions = excluded.contributions`,
        [installation, rev, cells, contributions],
      );
      await this.audit(tx, 'server', 'published', null, { installation, rev, cells, contributions });
    });
  }

  async publication(installation: string): Promise<{ rev: number; at: Date; cells: number; contributions: number } | null> {
    const rows = await this.db.query<{ rev: number; at: Date; cells: number; contributions: number }>('SELECT rev, at, cells, contributions FROM publication WHERE installation = $1', [installation]);
    return rows[0] ?? null;
  }

  async auditLog(limit = 200, contribution?: string): Promise<AuditEntry[]> {
    const rows = contribution
      ? await this.db.query<AuditEntry>('SELECT id, at, actor, action, contribution, detail FROM audit WHERE contribution = $1 ORDER BY id DESC LIMIT $2', [contribution, limit])
      : await this.db.query<AuditEntry>('SELECT id, at, actor, action, contribution, detail FROM audit ORDER BY id DESC LIMIT $1', [limit]);
    return rows;
  }

  /** A line in the audit log for something outside a contribution (a login, a moderator added). */
  note(actor: string, action: string, detail: Record<string, unknown> = {}): Promise<unknown> {
    return this.audit(this.db, actor, action, null, detail);
  }

  // ---- moderators ----
  async setModerator(name: string, passwordHash: string): Promise<'added' | 'changed'> {
    const rows = await this.db.query<{ inserted: boolean }>(
      'INSERT INTO moderator (name, password_hash) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash RETURNING (xmax = 0) AS inserted',
      [name, passwordHash],
    );
    const r = rows[0]?.inserted ? 'added' : 'changed';
    await this.note('cli', r === 'added' ? 'moderator added' : 'moderator password changed', { name });
    return r;
  }

  async moderatorHash(name: string): Promise<string | null> {
    const rows = await this.db.query<{ password_hash: string }>('SELECT password_hash FROM moderator WHERE name = $1', [name]);
    return rows[0]?.password_hash ?? null;
  }

  async moderators(): Promise<string[]> {
    return (await this.db.query<{ name: string }>('SELECT name FROM moderator ORDER BY name')).map((r) => r.name);
  }

  async removeModerator(name: string): Promise<boolean> {
    const rows = await this.db.query('DELETE FROM moderator WHERE name = $1 RETURNING name', [name]);
    if (rows.length) await this.note('cli', 'moderator removed', { name });
    return rows.length > 0;
  }

  // ---- backups ----
  /** Everything, for a backup: one JSON object per line, tables in dependency order (withdrawal hashes as hex). */
  async *exportLines(): AsyncGenerator<string> {
    const version = await this.db.query<{ v: number }>('SELECT max(version) AS v FROM schema_migrations');
    yield JSON.stringify({ format: 'noctiluca-contributions', schema: version[0]?.v ?? 0, exportedAt: new Date().toISOString() });
    for (const r of await this.db.query<Record<string, unknown>>('SELECT name, password_hash, created_at FROM moderator ORDER BY name')) yield JSON.stringify({ table: 'moderator', row: r });
    for (const r of await this.db.query<Record<string, unknown>>("SELECT id, installation, created_at, status, tier, journey, story, encode(withdraw_hash, 'hex') AS withdraw_hash, decided_at, decided_by, reason, withdrawn_at FROM contribution ORDER BY created_at, id")) {
      yield JSON.stringify({ table: 'contribution', row: r });
    }
    for (const r of await this.db.query<Record<string, unknown>>('SELECT id, at, actor, action, contribution, detail FROM audit ORDER BY id')) yield JSON.stringify({ table: 'audit', row: r });
    for (const r of await this.db.query<Record<string, unknown>>('SELECT installation, rev, at, cells, contributions FROM publication')) yield JSON.stringify({ table: 'publication', row: r });
  }

  /** Restores a backup into an empty database; returns rows restored per table. */
  async importLines(lines: Iterable<string>): Promise<Record<string, number>> {
    const counts: Record<string, number> = { moderator: 0, contribution: 0, audit: 0, publication: 0 };
    await this.db.transaction(async (tx) => {
      const existing = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM contribution');
      if (Number(existing[0].n) > 0) throw new StoreRefusal('the database already holds contributions; restore into an empty one', 400);
      let first = true;
      let n = 0;
      for (const line of lines) {
        n++;
        if (!line.trim()) continue;
        let x: { format?: string; table?: string; row?: Record<string, unknown> };
        try {
          x = JSON.parse(line);
        } catch {
          throw new StoreRefusal(`line ${n}: not JSON`, 400);
        }
        if (first) {
          if (x.format !== 'noctiluca-contributions') throw new StoreRefusal('line 1: not a Noctiluca contributions export', 400);
          first = false;
          continue;
        }
        const r = x.row ?? {};
        if (x.table === 'moderator') await tx.query('INSERT INTO moderator (name, password_hash, created_at) VALUES ($1, $2, $3)', [r.name, r.password_hash, r.created_at]);
        else if (x.table === 'contribution') {
          await tx.query(
            "INSERT INTO contribution (id, installation, created_at, status, tier, journey, story, withdraw_hash, decided_at, decided_by, reason, withdrawn_at) VALUES ($1, $2, $3, $4, $5, $6, $7, decode($8, 'hex'), $9, $10, $11, $12)",
            [r.id, r.installation, r.created_at, r.status, r.tier, JSON.stringify(r.journey), r.story, r.withdraw_hash, r.decided_at, r.decided_by, r.reason, r.withdrawn_at],
          );
        } else if (x.table === 'audit') await tx.query('INSERT INTO audit (at, actor, action, contribution, detail) VALUES ($1, $2, $3, $4, $5)', [r.at, r.actor, r.action, r.contribution, JSON.stringify(r.detail)]);
        else if (x.table === 'publication') await tx.query('INSERT INTO publication (installation, rev, at, cells, contributions) VALUES ($1, $2, $3, $4, $5)', [r.installation, r.rev, r.at, r.cells, r.contributions]);
        else throw new StoreRefusal(`line ${n}: unknown table ${JSON.stringify(x.table)}`, 400);
        counts[x.table] = (counts[x.table] ?? 0) + 1;
      }
    });
    return counts;
  }
}
