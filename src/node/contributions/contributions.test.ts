import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBake } from '../../bake/codec.ts';
import { contributionEvents, contributionSchema, type ContributionContext } from '../../contribute/contribution.ts';
import { journeyCard } from '../../viewer/journey.ts';
import { bakeInstallationData } from '../bake.ts';
import { INSTALLATIONS_DIR, requireInstallation } from '../config.ts';
import { PublicationChecker } from './check.ts';
import { codeHash, newWithdrawalCode, normaliseCode } from './codes.ts';
import { flagStory } from './flags.ts';
import { MIGRATIONS, migrate } from './migrations.ts';
import { cellsChangedByDraft } from './previewGuard.ts';
import { contributionsApp, postgresTestServer, tempEmbedded, type TestApp } from './testing.ts';

const ORIGIN = 'http://localhost:80';
const page = { host: 'localhost:80', origin: ORIGIN, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };

describe('withdrawal codes', () => {
  it('are 80 random bits in four groups, read back however they are typed', () => {
    const c = newWithdrawalCode();
    expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(normaliseCode(` ${c.toLowerCase().replace(/-/g, ' ')} `)).toBe(c.replace(/-/g, ''));
    expect(codeHash(c.toLowerCase()).equals(codeHash(c))).toBe(true);
    expect(new Set(Array.from({ length: 200 }, newWithdrawalCode)).size).toBe(200);
    expect(normaliseCode("' OR 1=1 --")).toBeNull();
  });
});

describe('story flags', () => {
  it('find names, phone numbers, e-mail addresses, exact dates and addresses, and not years', () => {
    const kinds = (s: string) => flagStory(s).map((f) => [f.kind, f.text]);
    expect(kinds('Dr. Amara Okafor saw me on 12 March 2141; call 07911 123456 or jo@example.org')).toEqual([
      ['name', 'Dr. Amara Okafor'],
      ['date', 'on 12 March 2141'],
      ['phone', '07911 123456'],
      ['email', 'jo@example.org'],
    ]);
    expect(kinds('My son Tom lives at 14 Harbour Road.')).toEqual([['name', 'Tom'], ['address', '14 Harbour Road']]);
    expect(kinds('In 2142 the clinic closed and the pain lasted a year.')).toEqual([]);
  });
});

describe('the contribution schema', () => {
  const ctx: ContributionContext = { installation: 'x', years: [2140, 2146], communities: ['North'], ageBands: ['18-34'] };
  const ok = { installation: 'x', tier: 'card', community: 'North', ageBand: '18-34', years: [{ year: 2141, care: { checkup: 2, filling: 1 } }], pain: { before: 6, after: 2 }, story: null };
  const issues = (v: unknown) => {
    const r = contributionSchema(ctx).safeParse(v);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  it('takes a plain journey and refuses what does not fit, naming the JSON path', () => {
    expect(issues(ok)).toEqual([]);
    expect(issues({ ...ok, name: 'Ana' })[0]).toMatch(/^: Unrecognized key: "name"/);
    expect(issues({ ...ok, years: [{ year: 2150, care: { checkup: 1 } }] })).toEqual(['years.0.year: expected a year from 2140 to 2146']);
    expect(issues({ ...ok, years: [{ year: 2141, care: { checkup: 1, date: 3 } }] })[0]).toMatch(/^years\.0\.care: Unrecognized key/);
    expect(issues({ ...ok, community: "North'; DROP TABLE contribution; --" })[0]).toMatch(/^community: expected one of the installation's communities/);
    // A published list is a choice to make: left out, the journey would regroup other residents (previewGuard.ts).
    expect(issues({ ...ok, community: null, ageBand: null })).toEqual(['community: expected one of the installation\'s communities ("North")', 'ageBand: expected one of the installation\'s age bands ("18-34")']);
    expect(contributionSchema({ ...ctx, communities: [], ageBands: [] }).safeParse({ ...ok, community: null, ageBand: null }).success).toBe(true);
    expect(issues({ ...ok, story: 'a story' })).toEqual(['story: a story is shown only with the "card with story" choice; choose it, or leave the story empty']);
    expect(issues({ ...ok, tier: 'story', story: 'x'.repeat(1001) })).toEqual(['story: expected at most 1000 characters (there are 1001)']);
    expect(issues({ ...ok, years: [{ year: 2141, care: { checkup: 1 } }, { year: 2141, care: { filling: 1 } }] })).toEqual(['years.1.year: 2141 is named twice; give each year once']);
  });
  it('becomes care events spread over each year, pain on the first and last, the story on the last', () => {
    const c = contributionSchema(ctx).parse({ ...ok, tier: 'story', story: '  It got better.\r\n' });
    const ev = contributionEvents('abc', c);
    expect(ev.map((e) => e.kind)).toEqual(['checkup', 'checkup', 'filling']);
    expect(ev.every((e) => new Date(e.time).getUTCFullYear() === 2141 && e.journeyId === 'contribution-abc' && e.community === 'North')).toBe(true);
    expect(ev.map((e) => e.pain)).toEqual([6, undefined, 2]);
    expect(ev[2].story).toBe('It got better.');
  });
});

/** The same suite on the embedded database and, where one can be started, a real PostgreSQL server. */
const pg = postgresTestServer();
const backends: Array<[string, () => Promise<{ app: TestApp; cleanup(): void }>]> = [
  [
    'embedded (PGlite)',
    async () => {
      const { db, dir } = await tempEmbedded();
      return { app: await contributionsApp(db, dir, 'starter', { submitPerMinute: 1000, moderator: ['mara', 'a long moderator phrase'] }), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
];
if ('url' in pg) {
  backends.push([
    'PostgreSQL server',
    async () => {
      const { openDatabase } = await import('./db.ts');
      const db = await openDatabase({ url: pg.url });
      await db.exec('DROP TABLE IF EXISTS contribution, moderator, audit, publication, schema_migrations CASCADE');
      const dir = (await import('node:fs')).mkdtempSync(`${(await import('node:os')).tmpdir()}/noctiluca-pub-`);
      return { app: await contributionsApp(db, dir, 'starter', { submitPerMinute: 1000, moderator: ['mara', 'a long moderator phrase'] }), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
  ]);
} else {
  console.log(`contributions: the PostgreSQL server suite is skipped: ${pg.skip}`);
}
afterAll(() => ('url' in pg ? pg.stop() : undefined));

describe.each(backends)('contributions on the %s', (_name, make) => {
  let t: TestApp;
  let cleanup: () => void;
  let ctx: ContributionContext;
  beforeAll(async () => {
    ({ app: t, cleanup } = await make());
    ctx = (await t.app.inject({ url: '/contribute/api/starter', headers: { host: 'localhost:80' } })).json();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    cleanup?.();
  });
  const journey = (o: Record<string, unknown> = {}) => ({ installation: 'starter', tier: 'card', community: ctx.communities[0], ageBand: null, years: [{ year: ctx.years[0], care: { checkup: 1, filling: 2 } }, { year: ctx.years[0] + 2, care: { emergency: 1 } }], pain: { before: 7, after: 2 }, story: null, ...o });
  const post = (url: string, body: unknown, headers: Record<string, string> = page) => t.app.inject({ method: 'POST', url, headers, payload: typeof body === 'string' ? body : JSON.stringify(body) });
  async function login(): Promise<{ cookie: string; csrf: string }> {
    const r = await post('/moderate/api/login', { name: 'mara', password: 'a long moderator phrase' });
    expect(r.statusCode).toBe(200);
    return { cookie: String(r.headers['set-cookie']).split(';')[0], csrf: r.json().csrf };
  }
  const mod = (s: { cookie: string; csrf: string }) => ({ ...page, cookie: s.cookie, 'x-csrf-token': s.csrf });

  it('migrations run once and are recorded', async () => {
    expect(await migrate(t.db)).toEqual([]);
    const rows = await t.db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('a contribution goes from the form through moderation into the artefact, at its tier, and a withdrawal takes it out', async () => {
    const base = await t.publisher.publish('starter');
    const sent = await post('/contribute/api/starter', journey({ tier: 'story', story: 'The clinic closed and I waited. It <b>got</b> better.' }));
    expect(sent.statusCode).toBe(201);
    const { code } = sent.json();
    expect(code).toMatch(/^[0-9A-Z]{4}-/);
    const s = await login();
    const queue = (await t.app.inject({ url: '/moderate/api/queue', headers: mod(s) })).json();
    const c = queue.contributions.find((x: { story: string }) => x.story?.startsWith('The clinic'));
    expect(c.status).toBe('pending');
    // Edit, then approve: publication adds a cell, with the edited story.
    expect((await post(`/moderate/api/contribution/${c.id}/edit`, { story: 'The clinic closed. It got better.' }, mod(s))).statusCode).toBe(200);
    expect((await post(`/moderate/api/contribution/${c.id}/decide`, { decision: 'approve', reason: 'fine' }, mod(s))).json().status).toBe('approved');
    const p = await t.publisher.publish('starter');
    expect(p.cells).toBe(base.cells + 1);
    // Every publication passed the build's privacy check, with the contributions among the raw records:
    // without them the same artefact is refused (one cell more than the data has journeys).
    expect(p.checkMs).toBeGreaterThanOrEqual(0);
    const published = readFileSync(t.publisher.artefactPath('starter')!);
    // A checker's second look reads the data as it kept it (unchanged) and refuses the same.
    const checker = new PublicationChecker();
    try {
      for (let i = 0; i < 2; i++) expect((await checker.check('starter', INSTALLATIONS_DIR, published, [])).refused).toMatch(/cells but the data/);
    } finally {
      checker.close();
    }
    expect(p.born).toHaveLength(1);
    const bake = decodeBake(await import('node:fs').then((fs) => fs.readFileSync(t.publisher.artefactPath('starter')!)));
    const card = journeyCard(bake, p.born[0]);
    expect(card.story).toBe('The clinic closed. It got better.');
    expect(card.timeline.map((e) => e.what).join(' · ')).toMatch(/checkup, 2 fillings · no visits · emergency visit/);
    // Nothing of the moderation reaches the artefact: no code, no reason, no moderator.
    const text = Buffer.from(await import('node:fs').then((fs) => fs.readFileSync(t.publisher.artefactPath('starter')!))).toString('latin1');
    for (const secret of [code, code.replace(/-/g, ''), 'mara', 'fine', c.id, 'contribution-']) expect(text).not.toContain(secret);
    // Withdrawal: once, and the next publication is without the cell.
    const w = await post('/contribute/api/withdraw', { code: code.toLowerCase() });
    expect(w.statusCode).toBe(200);
    expect(w.json().published).toBe(true);
    expect((await post('/contribute/api/withdraw', { code })).statusCode).toBe(409);
    const after = await t.publisher.publish('starter');
    expect(after.cells).toBe(p.cells - 1);
    expect(after.contributions).toBe(p.contributions - 1);
    const row = (await t.db.query<{ story: string | null; journey: unknown }>('SELECT story, journey FROM contribution WHERE id = $1', [c.id]))[0];
    expect(row).toEqual({ story: null, journey: { erased: true } });
    const audit = (await t.app.inject({ url: '/moderate/api/audit', headers: mod(s) })).json().entries.filter((e: { contribution: string }) => e.contribution === c.id).map((e: { action: string }) => e.action);
    expect(audit).toEqual(['withdrawn', 'approved', 'edited', 'submitted']);
  });

  it('a rejection keeps the reason and erases the journey; a moderator may lower a tier, never raise it', async () => {
    const { code } = (await post('/contribute/api/starter', journey({ tier: 'card' }))).json();
    const s = await login();
    const c = (await t.app.inject({ url: '/moderate/api/queue', headers: mod(s) })).json().contributions.at(-1);
    expect((await post(`/moderate/api/contribution/${c.id}/edit`, { tier: 'story' }, mod(s))).json().error).toMatch(/never raise it/);
    expect((await post(`/moderate/api/contribution/${c.id}/decide`, { decision: 'reject', reason: '' }, mod(s))).json().error).toMatch(/give a reason/);
    expect((await post(`/moderate/api/contribution/${c.id}/decide`, { decision: 'reject', reason: 'names a neighbour' }, mod(s))).json().status).toBe('rejected');
    expect((await post(`/moderate/api/contribution/${c.id}/decide`, { decision: 'approve', reason: 'x' }, mod(s))).statusCode).toBe(409);
    const row = (await t.db.query<{ reason: string; journey: unknown }>('SELECT reason, journey FROM contribution WHERE id = $1', [c.id]))[0];
    expect(row).toEqual({ reason: 'names a neighbour', journey: { erased: true } });
    expect((await post('/contribute/api/withdraw', { code })).statusCode).toBe(409);
  });

  it('refuses cross-site requests to the moderation routes, and requests without a session or its CSRF token', async () => {
    const s = await login();
    const c = (await post('/contribute/api/starter', journey())).json();
    expect(c.code).toBeTruthy();
    const id = (await t.app.inject({ url: '/moderate/api/queue', headers: mod(s) })).json().contributions.at(-1).id;
    const decide = `/moderate/api/contribution/${id}/decide`;
    const body = { decision: 'approve', reason: 'forged' };
    const tries: Array<[string, Record<string, string>, unknown, number]> = [
      ['another site, with the cookie', { ...mod(s), origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }, body, 403],
      ['another origin without Sec-Fetch-Site', { ...mod(s), origin: 'http://evil.example', 'sec-fetch-site': '' }, body, 403],
      ['a form post', { ...mod(s), 'content-type': 'application/x-www-form-urlencoded' }, 'decision=approve&reason=x', 415],
      ['no CSRF token', { ...page, cookie: s.cookie }, body, 403],
      ['a wrong CSRF token', { ...mod(s), 'x-csrf-token': 'guess' }, body, 403],
      ['no session', page, body, 401],
    ];
    for (const [what, headers, b, status] of tries) {
      const h = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''));
      const r = await post(decide, b, h);
      expect([what, r.statusCode]).toEqual([what, status]);
    }
    expect((await t.store.get(id))!.status).toBe('pending');
    // The login itself takes only same-origin JSON.
    expect((await post('/moderate/api/login', { name: 'mara', password: 'a long moderator phrase' }, { ...page, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await post('/moderate/api/login', { name: 'mara', password: 'wrong' })).statusCode).toBe(401);
  });

  it('stores injection attempts as text, refuses oversized and malformed input in every field with a clear message', async () => {
    const injection = "'); DROP TABLE contribution; --";
    const r = await post('/contribute/api/starter', journey({ tier: 'story', story: `${injection} <script>alert(1)</script>` }));
    expect(r.statusCode).toBe(201);
    const stored = await t.db.query<{ story: string }>('SELECT story FROM contribution WHERE story LIKE $1', ['%DROP TABLE%']);
    expect(stored[0].story).toBe(`${injection} <script>alert(1)</script>`);
    const fields: Array<[string, Record<string, unknown>, RegExp]> = [
      ['installation', { installation: injection }, /^refused: installation: expected "starter"/],
      ['tier', { tier: injection }, /^refused: tier: expected "glow", "card" or "story"/],
      ['community', { community: injection }, /^refused: community: expected one of/],
      ['ageBand', { ageBand: 'x'.repeat(300) }, /^refused: ageBand:/],
      ['years', { years: Array.from({ length: 41 }, (_, i) => ({ year: ctx.years[0], care: { checkup: 1 }, i })) }, /^refused: years/],
      ['year', { years: [{ year: injection, care: { checkup: 1 } }] }, /^refused: years\[0\]\.year:/],
      ['care', { years: [{ year: ctx.years[0], care: { checkup: 1e9 } }] }, /^refused: years\[0\]\.care\.checkup:/],
      ['pain', { pain: { before: 11, after: injection } }, /^refused: pain\.before:/],
      ['story', { tier: 'story', story: 'x'.repeat(1001) }, /^refused: story: expected at most 1000 characters/],
      ['extra field', { email: 'a@b.c' }, /Unrecognized key: "email"/],
    ];
    for (const [what, patch, message] of fields) {
      const res = await post('/contribute/api/starter', journey(patch));
      expect([what, res.statusCode]).toEqual([what, 400]);
      expect(res.json().error).toMatch(message);
    }
    const huge = await post('/contribute/api/starter', journey({ tier: 'story', story: 'x'.repeat(20_000) }));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error).toMatch(/larger than 16 KB/);
    const broken = await post('/contribute/api/starter', '{"tier": "card",');
    expect([broken.statusCode, broken.json().error]).toEqual([400, 'refused: the body is not valid JSON']);
    const form = await post('/contribute/api/starter', 'tier=card', { ...page, 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.statusCode).toBe(415);
    expect((await post('/contribute/api/starter', journey(), { ...page, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM contribution'))[0].n).toBeGreaterThan(0);
  });

  it('an export restores into an empty database whole: contributions, moderators, the audit log, and codes that still withdraw', async () => {
    const { code } = (await post('/contribute/api/starter', journey({ tier: 'card' }))).json();
    const lines: string[] = [];
    for await (const line of t.store.exportLines()) lines.push(line);
    expect(JSON.parse(lines[0])).toMatchObject({ format: 'noctiluca-contributions', schema: MIGRATIONS.at(-1)!.version });
    expect(lines.join('\n')).not.toContain(code.replace(/-/g, '')); // codes only as their hashes
    const { db, dir } = await tempEmbedded();
    try {
      const { ContributionStore } = await import('./store.ts');
      const restored = await ContributionStore.open(db);
      const counts = await restored.importLines(lines);
      expect(counts.contribution).toBe(Object.values(await t.store.counts()).reduce((a, b) => a + b, 0));
      expect(counts.audit).toBe((await t.store.auditLog(1_000_000)).length);
      expect(await restored.counts()).toEqual(await t.store.counts());
      expect(await restored.moderators()).toEqual(['mara']);
      expect(await restored.withdraw(code)).toMatchObject({ ok: true, wasPublished: false });
      await expect(restored.importLines(lines)).rejects.toThrow(/already holds contributions/);
      const other = await tempEmbedded();
      try {
        await expect((await ContributionStore.open(other.db)).importLines(['{"format":"x"}'])).rejects.toThrow(/line 1: not a Noctiluca contributions export/);
      } finally {
        await other.db.close();
        rmSync(other.dir, { recursive: true, force: true });
      }
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a guessed withdrawal code withdraws nothing, and guessing is rate-limited', async () => {
    const before = await t.store.counts();
    let limited = 0;
    for (let i = 0; i < 12; i++) {
      const r = await post('/contribute/api/withdraw', { code: newWithdrawalCode() });
      expect([404, 429]).toContain(r.statusCode);
      if (r.statusCode === 429) limited++;
    }
    expect(limited).toBeGreaterThan(0);
    expect(await t.store.counts()).toEqual(before);
  });
});

describe('the form is rate-limited', () => {
  it('refuses a sixth contribution in a minute from one address, with a message', async () => {
    const { db, dir } = await tempEmbedded();
    const t = await contributionsApp(db, dir, 'starter', { submitPerMinute: 5 });
    try {
      const ctx = (await t.app.inject({ url: '/contribute/api/starter', headers: { host: 'localhost:80' } })).json();
      const body = JSON.stringify({ installation: 'starter', tier: 'glow', community: ctx.communities[0], ageBand: null, years: [{ year: ctx.years[0], care: { checkup: 1 } }], pain: null, story: null });
      const codes = [];
      for (let i = 0; i < 7; i++) codes.push((await t.app.inject({ method: 'POST', url: '/contribute/api/starter', headers: page, payload: body })).statusCode);
      expect(codes).toEqual([201, 201, 201, 201, 201, 429, 429]);
      expect((await t.store.counts()).pending).toBe(5);
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/**
 * An installation where one more journey regroups others (k = 5): in Upper Town, "55+" (4 journeys)
 * and "35-54" (6) are published as "other" together; a fifth "55+" would bring both out of "other",
 * showing the four real 55+ residents in a class of five whose fifth member the asker made up.
 */
function boundaryInstallation(): string {
  const root = mkdtempSync(join(tmpdir(), 'noctiluca-boundary-'));
  const dir = join(root, 'boundary');
  mkdirSync(dir);
  writeFileSync(join(dir, 'installation.json'), JSON.stringify({ version: 2, name: 'boundary', title: 'Boundary', data: { source: 'journeys.csv', privacy: { minCommunitySize: 5 } } }));
  const rows = ['journey_id,date,event,community,age_band,consent'];
  let n = 0;
  const add = (community: string, band: string, count: number) => {
    for (let i = 0; i < count; i++, n++) for (const date of ['2140-03-01', '2142-09-01']) rows.push(`j${n},${date},checkup,${community},${band},card`);
  };
  add('Upper Town', '18-34', 10);
  add('Upper Town', '35-54', 6);
  add('Upper Town', '55+', 4);
  add('Lower Town', '35-54', 10);
  add('Lower Town', '55+', 10);
  writeFileSync(join(dir, 'journeys.csv'), `${rows.join('\n')}\n`);
  return root;
}

describe('a resident\'s preview never shows other residents anew', () => {
  let t: TestApp;
  let dir = '';
  let installations = '';
  beforeAll(async () => {
    installations = boundaryInstallation();
    const e = await tempEmbedded();
    dir = e.dir;
    t = await contributionsApp(e.db, dir, 'boundary', { installationsDir: installations });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(installations, { recursive: true, force: true });
  });
  const draft = (community: string, ageBand: string) => ({ installation: 'boundary', tier: 'card', community, ageBand, years: [{ year: 2141, care: { checkup: 1 } }], pain: null, story: null });
  const preview = (body: unknown) => t.app.inject({ method: 'POST', url: '/contribute/api/boundary/preview', headers: page, payload: JSON.stringify(body) });

  /** The mosaic as published now (no contributions yet): the installation's own bake. */
  const currentBake = async () => {
    const loaded = await requireInstallation('boundary', { root: installations });
    return (await bakeInstallationData(loaded.dir, loaded.dataSpec, 'boundary')).bake;
  };

  it('a draft that joins its groups as they are gets the real artefact, its cell the only one that differs', async () => {
    expect(t.publisher.context('boundary')!.ageBands).toEqual(['18-34', '35-54', '55+']);
    const r = (await preview(draft('Lower Town', '55+'))).json();
    expect(r.exact).toBe(true);
    const withDraft = decodeBake((await t.app.inject({ url: `/contribute/api/preview/${r.token}/mosaic.bin`, headers: { host: 'localhost:80' } })).rawPayload);
    expect(journeyCard(withDraft, r.cell).community).toBe('Lower Town');
    expect(cellsChangedByDraft(await currentBake(), withDraft, r.cell)).toEqual([]);
  });

  it('a draft that would regroup others gets no artefact and no cell, and says so; the guard counts the cells it would show anew', async () => {
    const ctx = t.publisher.context('boundary')!;
    const r = await preview(draft('Upper Town', '55+'));
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ token: null, cell: -1, exact: false });
    const p = await t.publisher.preview('boundary', contributionSchema(ctx).parse(draft('Upper Town', '55+')));
    expect(p.regroups).toBe(10); // Upper Town's 35-54 and 55+ residents, shown by their band instead of "other"
    // Sending it is still possible: a moderator decides, and the publication holds k as always.
    expect((await t.app.inject({ method: 'POST', url: '/contribute/api/boundary', headers: page, payload: JSON.stringify(draft('Upper Town', '55+')) })).statusCode).toBe(201);
  });

  it('the guard compares every published column of every other cell, and lines cells up around the draft', async () => {
    const ctx = t.publisher.context('boundary')!;
    const current = await currentBake();
    const a = await t.publisher.preview('boundary', contributionSchema(ctx).parse(draft('Lower Town', '55+')));
    expect(a.regroups).toBe(0);
    const cell = a.cell;
    const altered = (fn: (b: ReturnType<typeof decodeBake>) => void) => {
      const b = decodeBake(a.bytes.slice()); // a copy: the decoded arrays are views of the bytes
      fn(b);
      return cellsChangedByDraft(current, b, cell);
    };
    const before = cell > 0 ? cell - 1 : null; // the same cell in both
    const after = cell + 1 < a.bake.journeyCount ? cell + 1 : null; // cell − 1 of the current mosaic
    if (before !== null) expect(altered((b) => (b.measures.events[before] += 1))).toEqual([before]);
    if (after !== null) expect(altered((b) => (b.timeline[after * b.timelineSamples * 2] ^= 1))).toEqual([after - 1]);
    if (after !== null) expect(altered((b) => (b.stories[after] = 'a story that was not there'))).toEqual([after - 1]);
    expect(altered((b) => (b.measures.events[cell] += 1))).toEqual([]); // the draft's own cell is the draft's
    expect(cellsChangedByDraft(current, a.bake, -1)).toHaveLength(current.journeyCount);
  });
});
