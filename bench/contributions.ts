/**
 * Residents' contributions, measured (issue 19; docs/CONTRIBUTIONS.md):
 *
 * 1. **Approval to drawn** at a venue, at each size: a real venue server (a `vite build` of a
 *    temporary installations folder, the embedded database) with one output playing in Chromium
 *    (480x270, frozen time); a resident's contribution is sent over HTTP, a moderator approves it over
 *    HTTP, and the time runs from the approval request until the output has the new artefact on
 *    screen with the newborn cell lit (the page's own clock: the publication loaded in place, then
 *    two animation frames). Split into the server's publication (the bake of the installation's data
 *    and every approved contribution, through the disclosure stage, then the privacy check; each
 *    timed by the publisher itself) and the output's load. The
 *    installations are Harmonia's generator at 3,000 and 100,000 journeys (scripts/generate-sample-data.ts).
 *    `publishDelaySeconds` is 0 here; a venue's default of 2 s adds to every figure.
 * 2. **Contributions a second** the form's route and the database accept with the rate limit out of
 *    the way, from `concurrency` clients at once over real HTTP on localhost, on the embedded
 *    database and on a real PostgreSQL server (when one can be started: testing.ts), next to the rate
 *    limit a venue sets by default (30 a minute per address).
 *
 *   npx tsx bench/contributions.ts [--journeys 3000,100000] [--submissions 400] [--approvals 3]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { writeInstallationFile } from '../scripts/generate-sample-data.ts';
import { hashPassword } from '../src/node/contributions/auth.ts';
import { openDatabase } from '../src/node/contributions/db.ts';
import { contributionsApp, postgresTestServer } from '../src/node/contributions/testing.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../src/node/chromium.ts';
import { createLog } from '../src/node/venue/log.ts';
import { startVenueServer } from '../src/node/venue/server.ts';
import { parseVenueFile } from '../src/node/venue/venueFile.ts';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface ApprovalRun {
  journeys: number;
  cells: number;
  /** Per approval: request → publication written and announced (the server's bake), ms. */
  publishMs: number[];
  /** Per approval: the server's bake of the publication (its own measure: Publication.bakeMs), ms. */
  bakeMs: number[];
  /** Per approval: the privacy check of the publication in the checker child (Publication.checkMs), ms. */
  checkMs: number[];
  /** Per approval: announcement → the output's artefact loaded in place (fetch, worker, GPU), ms. */
  loadMs: number[];
  /** Per approval: request → drawn with the newborn cell lit, ms. */
  drawnMs: number[];
  medianDrawnMs: number;
}

export interface SubmitRun {
  database: 'embedded' | 'postgres';
  submissions: number;
  concurrency: number;
  ms: number;
  perSecond: number;
  /** Every submission was stored (201) and counted in the database. */
  stored: number;
}

export interface ContributionsBench {
  approvals: ApprovalRun[];
  submit: SubmitRun[];
  /** Why a part did not run (no PostgreSQL server, …). */
  skipped: string[];
  table: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

/** Harmonia's config and generator at `journeys` journeys, as installation `name` in `root`. */
async function installation(root: string, name: string, journeys: number): Promise<void> {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const config = JSON.parse(readFileSync(join(repo, 'installations', 'harmonia', 'installation.json'), 'utf8'));
  delete config.$schema;
  writeFileSync(join(dir, 'installation.json'), JSON.stringify({ ...config, name, title: `Harmonia at ${journeys.toLocaleString('en')} journeys`, data: { ...config.data, source: 'journeys.csv' } }, null, 2));
  await writeInstallationFile('harmonia', { journeys }, join(dir, 'journeys.csv'));
}

const PAGE_HEADERS = (origin: string) => ({ origin, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' });

async function approvalRuns(sizes: number[], approvals: number, log: (l: string) => void): Promise<ApprovalRun[]> {
  if (!sizes.length) return [];
  const root = mkdtempSync(join(tmpdir(), 'noctiluca-bench-contrib-'));
  const installations = join(root, 'installations');
  const runs: ApprovalRun[] = [];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  try {
    for (const n of sizes) await installation(installations, `contrib-${n}`, n);
    log(`building the site for ${sizes.map((n) => `contrib-${n}`).join(', ')}`);
    const dist = join(root, 'dist');
    process.env.NOCTILUCA_INSTALLATIONS = installations;
    try {
      await build({ configFile: join(repo, 'vite.config.ts'), logLevel: 'error', build: { outDir: dist, emptyOutDir: true } });
    } finally {
      delete process.env.NOCTILUCA_INSTALLATIONS;
    }
    for (const n of sizes) {
      const name = `contrib-${n}`;
      const dataDir = mkdtempSync(join(root, 'data-'));
      const { venue, errors } = parseVenueFile(JSON.stringify({ name: 'bench', outputs: [{ id: 'main', window: { width: 480, height: 270 } }], contributions: { dataDir, publishDelaySeconds: 0, submitPerMinute: 1000, kiosk: false } }), 'venue.json');
      if (!venue) throw new Error(errors.map((e) => e.text).join('\n'));
      const vlog = await createLog({ name: 'venue', dir: null, stdout: false });
      const server = await startVenueServer({ venue, installations: [name], dist, installationsDir: installations, log: vlog.log, host: '127.0.0.1', port: 0, oscPort: null });
      try {
        await server.contributions!.store.setModerator('bench', await hashPassword('a long benchmark phrase'));
        const page = await browser.newPage({ viewport: { width: 480, height: 270 }, deviceScaleFactor: 1 });
        // tsx (esbuild keepNames) wraps named functions in page.evaluate bodies with __name(), which the page lacks.
        await page.addInitScript('window.__name = window.__name || ((f) => f)');
        await page.goto(`${server.url}/output/main?t=12`);
        await page.waitForFunction(() => document.documentElement.dataset.state === 'ready' && window.noctiluca.venueLink?.connected(), null, { timeout: 600_000 });
        const cells = await page.evaluate(() => window.noctiluca.stats().cells);
        log(`${name}: ${cells} cells on the output`);
        const headers = PAGE_HEADERS(server.url);
        const ctx = (await (await fetch(`${server.url}/contribute/api/${name}`)).json()) as { years: [number, number]; communities: string[]; ageBands: string[] };
        const login = await fetch(`${server.url}/moderate/api/login`, { method: 'POST', headers, body: JSON.stringify({ name: 'bench', password: 'a long benchmark phrase' }) });
        const { csrf } = (await login.json()) as { csrf: string };
        const mod = { ...headers, cookie: String(login.headers.get('set-cookie')).split(';')[0], 'x-csrf-token': csrf };
        const run: ApprovalRun = { journeys: n, cells, publishMs: [], bakeMs: [], checkMs: [], loadMs: [], drawnMs: [], medianDrawnMs: NaN };
        for (let i = 0; i < approvals; i++) {
          const body = { installation: name, tier: 'card', community: ctx.communities[i % ctx.communities.length], ageBand: ctx.ageBands[i % Math.max(1, ctx.ageBands.length)] ?? null, years: [{ year: ctx.years[0] + 1, care: { checkup: 1, filling: 1 } }, { year: ctx.years[0] + 3, care: { cleaning: 2 } }], pain: null, story: null };
          const sent = await fetch(`${server.url}/contribute/api/${name}`, { method: 'POST', headers, body: JSON.stringify(body) });
          if (sent.status !== 201) throw new Error(`${name}: the contribution was refused (${sent.status} ${await sent.text()})`);
          const queue = (await (await fetch(`${server.url}/moderate/api/queue`, { headers: mod })).json()) as { contributions: { id: string }[] };
          const id = queue.contributions[0].id;
          const rev = (await page.evaluate(() => window.noctiluca.venueLink!.publication()?.rev ?? 0)) + 1;
          // The page waits for the publication on its own clock (Date.now, the same machine's), then two frames.
          const drawn = page.evaluate(
            (want) =>
              new Promise<{ at: number; loadedAt: number; drawnAt: number }>((done) => {
                const poll = () => {
                  const p = window.noctiluca.venueLink!.publication();
                  if (p && p.rev >= want && window.noctiluca.venueLink!.birth() >= 0) {
                    requestAnimationFrame(() => requestAnimationFrame(() => done({ at: p.at, loadedAt: p.loadedAt, drawnAt: Date.now() })));
                  } else setTimeout(poll, 5);
                };
                poll();
              }),
            rev,
          );
          const t0 = Date.now();
          const decided = await fetch(`${server.url}/moderate/api/contribution/${id}/decide`, { method: 'POST', headers: mod, body: JSON.stringify({ decision: 'approve', reason: 'benchmark' }) });
          if (!decided.ok) throw new Error(`${name}: the approval was refused (${decided.status} ${await decided.text()})`);
          // `at`: the server's instant of the publication, as announced over the output link.
          const { at, loadedAt, drawnAt } = await drawn;
          const made = server.contributions!.publisher.latest(name)!;
          run.publishMs.push(at - t0);
          run.bakeMs.push(made.bakeMs);
          run.checkMs.push(made.checkMs);
          run.loadMs.push(loadedAt - at);
          run.drawnMs.push(drawnAt - t0);
          log(`${name}: approval ${i + 1}: published after ${at - t0} ms (bake ${made.bakeMs} ms, check ${made.checkMs} ms), loaded ${loadedAt - at} ms later, drawn at ${drawnAt - t0} ms`);
        }
        run.medianDrawnMs = median(run.drawnMs);
        runs.push(run);
        await page.close();
      } finally {
        await server.close();
        await vlog.close();
      }
    }
  } finally {
    await browser.close();
    rmSync(root, { recursive: true, force: true });
  }
  return runs;
}

async function submitRun(database: SubmitRun['database'], url: string | null, submissions: number, concurrency: number): Promise<SubmitRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'noctiluca-bench-submit-'));
  const db = await openDatabase(url ? { url } : { dataDir });
  if (url) await db.exec('DROP TABLE IF EXISTS contribution, moderator, audit, publication, schema_migrations CASCADE');
  const t = await contributionsApp(db, dataDir, 'harmonia', { submitPerMinute: 1_000_000_000 });
  try {
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const ctx = t.publisher.context('harmonia')!;
    const headers = PAGE_HEADERS(address);
    const body = (i: number) => JSON.stringify({ installation: 'harmonia', tier: i % 3 === 2 ? 'story' : i % 3 ? 'card' : 'glow', community: ctx.communities[i % ctx.communities.length], ageBand: ctx.ageBands[i % ctx.ageBands.length], years: [{ year: ctx.years[0] + (i % 4), care: { checkup: 1 + (i % 2), filling: i % 3 } }], pain: i % 2 ? { before: 6, after: 2 } : null, story: i % 3 === 2 ? `The clinic closed for a while and then it got better (${i}).` : null });
    const send = (i: number) => fetch(`${address}/contribute/api/harmonia`, { method: 'POST', headers, body: body(i) }).then(async (r) => (await r.arrayBuffer(), r.status));
    for (let i = 0; i < 20; i++) await send(i); // warm-up: the route, zod, the query plans
    let next = 0;
    let stored = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < submissions) {
          const i = next++;
          if ((await send(i)) === 201) stored++;
        }
      }),
    );
    const ms = performance.now() - t0;
    const counted = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM contribution'))[0].n;
    return { database, submissions, concurrency, ms: Math.round(ms), perSecond: Math.round((submissions / ms) * 1000), stored: Math.min(stored, Number(counted) - 20) };
  } finally {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runContributionsBench(o: { journeys?: number[]; submissions?: number; concurrency?: number; approvals?: number; log?: (l: string) => void } = {}): Promise<ContributionsBench> {
  const log = o.log ?? ((l: string) => console.error(`[bench contributions ${new Date().toISOString().slice(11, 19)}] ${l}`));
  const skipped: string[] = [];
  const submit: SubmitRun[] = [];
  const submissions = o.submissions ?? 400;
  const concurrency = o.concurrency ?? 8;
  log(`submissions: ${submissions} on the embedded database`);
  submit.push(await submitRun('embedded', null, submissions, concurrency));
  const pg = postgresTestServer();
  if ('url' in pg) {
    try {
      log(`submissions: ${submissions} on a PostgreSQL server`);
      submit.push(await submitRun('postgres', pg.url, submissions, concurrency));
    } finally {
      pg.stop();
    }
  } else skipped.push(`PostgreSQL server: ${pg.skip}`);
  const approvals = await approvalRuns(o.journeys ?? [3_000, 100_000], o.approvals ?? 3, log);
  const lines = [
    '| journeys | cells | approval → published (median) | of it: bake, check (medians) | published → loaded on the output (median) | approval → drawn, lit (median; each) |',
    '|---|---|---|---|---|---|',
    ...approvals.map(
      (r) =>
        `| ${r.journeys.toLocaleString('en')} | ${r.cells.toLocaleString('en')} | ${Math.round(median(r.publishMs))} ms | ${Math.round(median(r.bakeMs))} ms, ${Math.round(median(r.checkMs))} ms | ${Math.round(median(r.loadMs))} ms | ${Math.round(r.medianDrawnMs)} ms (${r.drawnMs.join(', ')}) |`,
    ),
    '',
    '| database | submissions | clients at once | contributions a second | all stored | the rate limit a venue sets |',
    '|---|---|---|---|---|---|',
    ...submit.map((s) => `| ${s.database === 'embedded' ? 'embedded (PGlite)' : 'PostgreSQL server'} | ${s.submissions} | ${s.concurrency} | ${s.perSecond} | ${s.stored === s.submissions ? 'yes' : `${s.stored} of ${s.submissions}`} | 30 a minute per address (0.5 a second) |`),
    ...skipped.map((s) => `\nskipped: ${s}`),
  ];
  return { approvals, submit, skipped, table: lines.join('\n') };
}

function numbersArg(argv: string[], name: string): number[] | undefined {
  const at = argv.indexOf(name);
  return at < 0 ? undefined : (argv[at + 1] ?? '').split(',').map(Number).filter((x) => Number.isInteger(x) && x > 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  runContributionsBench({ journeys: numbersArg(argv, '--journeys'), submissions: numbersArg(argv, '--submissions')?.[0], approvals: numbersArg(argv, '--approvals')?.[0] })
    .then((r) => {
      console.log(r.table);
      process.exit(0);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
