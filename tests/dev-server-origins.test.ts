/**
 * A dev server no other page can drive (issue 14), in the real browser with two origins: the dev
 * server on http://127.0.0.1:<port>, and an attacker's page served from another port, opened both as
 * http://localhost:<other> (another site) and as http://127.0.0.1:<other> (same site, other origin).
 * The attacker tries every state-changing route with what a web page can send (a plain HTML form, a
 * no-cors fetch, a fetch with text/plain, a fetch with JSON) and tries to read every raw data file;
 * no installation file changes and nothing raw is read. The studio on its own origin still saves.
 * And, by a real request from outside any browser: raw data files are never served at all.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, startHarness, type Harness } from './harness.ts';

const repo = new URL('..', import.meta.url).pathname;
let h: Harness;
let root: string;
let pristine: string;
let attacker: Server;
let attackerPort = 0;
let target = '';

/** Every file under the installations root, with a hash of its content. */
function snapshot(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) {
        if (f !== '.bake') walk(p);
      } else out[relative(root, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(root);
  return out;
}

/** Files created, changed or deleted between two snapshots. */
function changes(a: Record<string, string>, b: Record<string, string>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => a[k] !== b[k])
    .sort()
    .map((k) => `${k}: ${a[k] === undefined ? 'created' : b[k] === undefined ? 'deleted' : 'changed'}`);
}

const evil = {
  version: 1,
  name: 'piece',
  title: 'pwned',
  data: { source: 'journeys.csv', privacy: { minCommunitySize: 1 } },
};

/** Every state-changing route, old and new paths, with a body each would accept. */
const WRITES: [string, unknown][] = [
  ['/__noctiluca/save/piece', evil],
  ['/__noctiluca/presets/piece/evil', { description: 'evil', values: { 'look.exposure': 9 } }],
  ['/installations/piece/corner-pin', { output: 0, tile: 0, pin: [[0.2, 0.2], [0.8, 0], [1, 1], [0, 1]] }],
  ['/__noctiluca/corner-pin/piece', { output: 0, pin: [[0.2, 0.2], [0.8, 0], [1, 1], [0, 1]] }],
];

/** Raw files the dev server could be asked for: the data of each format, through every door Vite has. */
const RAW = () => [
  '/installations/piece/journeys.csv',
  '/installations/piece/journeys.csv?raw',
  '/installations/piece/journeys.csv?import',
  '/installations/piece/journeys.csv?url',
  '/installations/piece/',
  '/installations/synthea/synthea/patients.csv',
  '/installations/synthea/synthea/patients.csv?raw',
  '/installations/fhir/Patient.ndjson',
  `/@fs${root}/piece/journeys.csv`,
  `/@fs${root}/synthea/synthea/patients.csv`,
  `/@fs${root}/fhir/Patient.ndjson`,
  // The repository's own installations and fixtures, inside Vite's root.
  '/installations/harmonia/journeys.csv',
  '/installations/harmonia/journeys.csv?raw',
  '/installations/synthea-massachusetts/synthea/patients.csv',
  '/tests/fixtures/synthea/sample/patients.csv',
  '/tests/fixtures/fhir/7065c955-ndjson/Patient.ndjson',
  `/@fs${repo}installations/harmonia/journeys.csv`,
  `/@fs${repo}tests/fixtures/synthea/sample/patients.csv`,
  '/installations/harmonia/%2e%2e/harmonia/journeys.csv',
];

/** Text that only raw records hold (a header, a Synthea SSN column, a FHIR Patient line). */
const RAW_MARKERS = /journey_id|SSN|DRIVERS|"resourceType":\s*"Patient"|BIRTHDATE/;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'noctiluca-origins-'));
  cpSync(join(repo, 'installations/starter'), join(root, 'piece'), { recursive: true });
  writeFileSync(join(root, 'piece', 'installation.json'), readFileSync(join(root, 'piece', 'installation.json'), 'utf8').replace('"name": "starter"', '"name": "piece"'));
  cpSync(join(repo, 'installations/synthea-massachusetts'), join(root, 'synthea'), { recursive: true });
  const syntheaConfig = join(root, 'synthea', 'installation.json');
  writeFileSync(syntheaConfig, readFileSync(syntheaConfig, 'utf8').replace('"name": "synthea-massachusetts"', '"name": "synthea"'));
  cpSync(join(repo, 'tests/fixtures/fhir/7065c955-ndjson'), join(root, 'fhir'), { recursive: true });
  writeFileSync(join(root, 'fhir', 'installation.json'), JSON.stringify({ version: 1, name: 'fhir', title: 'FHIR', data: { source: '.', format: 'fhir', privacy: { minCommunitySize: 1 } } }));
  pristine = mkdtempSync(join(tmpdir(), 'noctiluca-origins-pristine-'));
  cpSync(root, pristine, { recursive: true });
  process.env.NOCTILUCA_INSTALLATIONS = root;
  h = await startHarness();
  target = h.url('').replace(/\/$/, '');
  // The attacker's site: an empty page with a frame for form posts to land in.
  attacker = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end('<!doctype html><title>attacker</title><iframe name="sink"></iframe>');
  });
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
  attackerPort = (attacker.address() as { port: number }).port;
});
afterAll(async () => {
  await h?.close();
  await new Promise((r) => attacker?.close(r));
  delete process.env.NOCTILUCA_INSTALLATIONS;
  rmSync(root, { recursive: true, force: true });
  rmSync(pristine, { recursive: true, force: true });
});

/** Put every installation file back as it was, so each attack is judged on its own. */
function restore(): void {
  for (const f of readdirSync(root)) rmSync(join(root, f), { recursive: true, force: true });
  cpSync(pristine, root, { recursive: true });
}

/** Everything a page on another origin can try against the state-changing routes. */
async function attackWrites(page: Page): Promise<void> {
  await page.evaluate(
    async ({ target, writes }) => {
      const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
      for (const [path, body] of writes) {
        const json = JSON.stringify(body);
        // 1. A plain HTML form, enctype text/plain: the body is "name=value", so split the JSON
        //    where a string value holds the "=".
        const cut = json.indexOf('"', json.indexOf(':') + 1) + 1;
        const form = document.createElement('form');
        form.method = 'POST';
        form.enctype = 'text/plain';
        form.action = target + path;
        form.target = 'sink';
        const input = document.createElement('input');
        input.name = json.slice(0, cut);
        input.value = json.slice(cut);
        form.append(input);
        document.body.append(form);
        form.submit();
        await wait(400);
        // 2. A no-cors fetch (the response is opaque, the request is sent).
        await fetch(target + path, { method: 'POST', mode: 'no-cors', body: json }).catch(() => {});
        // 3. A fetch with text/plain (a "simple" request: no preflight).
        await fetch(target + path, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: json }).catch(() => {});
        // 4. A fetch with JSON (preflighted; it goes through only if CORS lets this origin in).
        await fetch(target + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: json }).catch(() => {});
        // 5. The same with a guessed session token header.
        await fetch(target + path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Noctiluca-Session': 'guess' }, body: json }).catch(() => {});
      }
      await wait(500);
    },
    { target, writes: WRITES },
  );
}

/** What a page on another origin can read of the dev server's answers. */
async function attackReads(page: Page, paths: string[]): Promise<{ path: string; read: string }[]> {
  return page.evaluate(
    async ({ target, paths }) => {
      const out: { path: string; read: string }[] = [];
      for (const path of [...paths, '/', '/?installation=piece']) {
        try {
          const r = await fetch(target + path);
          out.push({ path, read: `${r.status} ${(await r.text()).slice(0, 60).replace(/\s+/g, ' ')}` });
        } catch {
          // Blocked: nothing was read.
        }
      }
      return out;
    },
    { target, paths },
  );
}

describe('the dev server and other origins', () => {
  for (const host of ['localhost', '127.0.0.1']) {
    it(`a page on http://${host}:<other port> cannot change any installation file`, async () => {
      restore();
      const before = snapshot();
      const page = await h.browser.newPage();
      await page.goto(`http://${host}:${attackerPort}/`);
      await attackWrites(page);
      await page.close();
      expect(changes(before, snapshot())).toEqual([]);
    });

    it(`a page on http://${host}:<other port> cannot read a raw data file or the studio page`, async () => {
      const page = await h.browser.newPage();
      await page.goto(`http://${host}:${attackerPort}/`);
      const reads = await attackReads(page, RAW());
      await page.close();
      // Nothing readable at all: every cross-origin read is blocked.
      expect(reads).toEqual([]);
    });
  }

  it('raw data files are never served, even to a request from outside any browser', async () => {
    const served: string[] = [];
    for (const path of RAW()) {
      const r = await fetch(target + path);
      const text = await r.text();
      // The page itself (a fallback to index.html) is no leak; the records' text is.
      if (RAW_MARKERS.test(text)) served.push(`${path}: ${r.status} ${text.slice(0, 80).replace(/\s+/g, ' ')}`);
    }
    expect(served).toEqual([]);
    // What the page needs is still served: the config and the baked artefact.
    expect((await fetch(`${target}/installations/piece/installation.json`)).status).toBe(200);
    const bake = await fetch(`${target}/installations/piece/mosaic.bin`);
    expect(bake.status).toBe(200);
    expect(RAW_MARKERS.test(Buffer.from(await bake.arrayBuffer()).toString('latin1'))).toBe(false);
  });

  it('the studio on its own origin still saves', async () => {
    restore();
    const file = join(root, 'piece', 'installation.json');
    const page = await openPage(h, '/?installation=piece&t=6');
    await page.keyboard.press('p');
    await page.waitForSelector('.studio-panel [data-path="look.exposure"]', { timeout: 30_000 });
    const input = page.locator('.studio-panel [data-path="look.exposure"] input').first();
    await input.fill('3');
    await input.press('Enter');
    await page.waitForFunction(() => window.noctiluca.controller.state.config?.look.exposure === 3, null, { timeout: 10_000 });
    await page.getByRole('button', { name: 'Save to installation' }).click();
    await page.waitForFunction(() => /^Saved /.test(document.querySelector('.studio-status')?.textContent ?? ''), null, { timeout: 10_000 });
    expect(readFileSync(file, 'utf8')).toContain('"look": { "exposure": 3 }');
    await page.close();
  });
});
