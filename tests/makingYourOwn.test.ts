/**
 * The README's "Making your own", walked as an artist would with a clinical export and nothing but
 * the README and the commands' own words: copy the starter, copy a Synthea CSV export into it,
 * inspect the export, point the config at it, validate, follow the advice validate gives, check the
 * privacy report, draw a still, and open the residents' view on a card. Every step runs the real
 * `noctiluca` command (scripts/noctiluca.mjs) in a child process and is judged on its real output.
 *
 * The export is tests/fixtures/synthea/sample (47 patients with dental care, 10 counties of 1–10):
 * at the default k = 11 every county merges into "other", the case the artist must be told about.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CareEvent } from '../src/data/events.ts';
import { bakeInstallationData, readerFor } from '../src/node/bake.ts';
import { requireInstallation } from '../src/node/config.ts';
import { startHarness, type Harness } from './harness.ts';

const repo = new URL('..', import.meta.url).pathname;
let root: string;
let city: string;

/** `npx noctiluca <args>`, as the artist types it, from the repository. */
function noctiluca(...args: string[]): { status: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(repo, 'scripts/noctiluca.mjs'), ...args], { cwd: repo, encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

/** The artist's edit of installation.json. */
function editConfig(edit: (c: Record<string, any>) => void): void {
  const file = join(city, 'installation.json');
  const c = JSON.parse(readFileSync(file, 'utf8'));
  edit(c);
  writeFileSync(file, JSON.stringify(c, null, 2) + '\n');
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'noctiluca-own-'));
  cpSync(join(repo, 'installations/installation.schema.json'), join(root, 'installation.schema.json'));
  city = join(root, 'my-city');
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('making your own installation from a Synthea export', () => {
  it('copies the starter and the export, and inspect reads the export as it is', () => {
    cpSync(join(repo, 'installations/starter'), city, { recursive: true });
    rmSync(join(city, 'journeys.csv'));
    cpSync(join(repo, 'tests/fixtures/synthea/sample'), join(city, 'export'), { recursive: true });
    const r = noctiluca('inspect', join(city, 'export'));
    expect(r.status).toBe(0);
    expect(r.out).toContain('(synthea-csv, detected from the content');
    expect(r.out).toMatch(/journeys\s+47\n/);
    // Too small for its counties at the default k: said, with why and what to change.
    expect(r.out).toContain('warning  after privacy merging the mosaic shows 1 community ("other", 47 journeys)');
    expect(r.out).toContain('data.communityFrom "income-band"');
    // Codes the table does not know, as a snippet for the config (not a source edit).
    expect(r.out).toContain('"codes": {');
    expect(r.out).not.toMatch(/src\/data\/import/);
  });

  it('points the config at the export (no format named: it is detected) and validate says what residents would meet', () => {
    editConfig((c) => {
      c.name = 'my-city';
      c.title = 'My city';
      c.description = 'Synthetic patients of a Synthea export, one glowing cell each.';
      c.gallery = true;
      c.data = { source: 'export' };
    });
    const r = noctiluca('validate', city);
    expect(r.status).toBe(0);
    expect(r.out).toContain('ok ');
    expect(r.err).toContain('data: after privacy merging the mosaic shows 1 community ("other", 47 journeys)');
    expect(r.err).toContain('residents see one undivided group');
    expect(r.err).not.toContain('journey_id');
  });

  it('follows the advice: validate is quiet, inspect shows the communities, visits are days with care', () => {
    editConfig((c) => {
      c.data.communityFrom = 'income-band';
      // Synthea's patients are synthetic: every card can be opened.
      c.data.privacy = { synthetic: true };
    });
    const v = noctiluca('validate', city);
    expect(v.status).toBe(0);
    expect(v.out).toContain('1 installation checked: 0 errors, 0 warnings');
    expect(v.err).toBe('');
    const r = noctiluca('inspect', city);
    expect(r.status).toBe(0);
    expect(r.out).toContain('(synthea-csv, detected from the content; source export)');
    expect(r.out).toMatch(/income \$50k-100k\s+16 journeys/);
    expect(r.out).not.toContain('after privacy merging');
    // Synthea's dental module sees a patient about twice a year: the median patient's visits a year,
    // as days with care (counted per procedure row, about five rows a visit, it read far more).
    const vpy = /visits_per_year\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/.exec(r.out);
    expect(vpy).not.toBeNull();
    expect(Number(vpy![2])).toBeLessThan(3);
  });

  it('keeps its privacy guarantee (what npm run build checks)', () => {
    const r = noctiluca('privacy', city);
    expect(r.status).toBe(0);
    expect(r.out).toContain('keeps the guarantee');
  });

  it('draws a still', () => {
    const out = join(root, 'poster.png');
    const r = noctiluca('stills', 'my-city', '--installations', root, '--out', out, '--size', '480x270');
    expect(r.status, r.err).toBe(0);
    const png = PNG.sync.read(readFileSync(out));
    expect([png.width, png.height]).toEqual([480, 270]);
    // Lit cells, not a black frame: a share of the pixels glows.
    let lit = 0;
    for (let i = 0; i < png.data.length; i += 4) if (0.2126 * png.data[i] + 0.7152 * png.data[i + 1] + 0.0722 * png.data[i + 2] > 40) lit++;
    expect(lit / (png.width * png.height)).toBeGreaterThan(0.05);
  });
});

describe("the residents' view of it", () => {
  let h: Harness;
  beforeAll(async () => {
    process.env.NOCTILUCA_INSTALLATIONS = root;
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
    delete process.env.NOCTILUCA_INSTALLATIONS;
  });

  /** An installation of the export grouped by county (each under k: one group), and one of 8 journeys (under k: too small). */
  function smallInstallations() {
    const counties = join(root, 'by-county');
    cpSync(city, counties, { recursive: true, filter: (f) => !f.endsWith('.secret.key') && !f.includes('.bake') });
    const c = JSON.parse(readFileSync(join(counties, 'installation.json'), 'utf8'));
    c.name = 'by-county';
    c.data = { source: 'export', privacy: { synthetic: true } };
    writeFileSync(join(counties, 'installation.json'), JSON.stringify(c));
    const tiny = join(root, 'tiny');
    cpSync(join(repo, 'installations/starter'), tiny, { recursive: true });
    const rows = ['journey_id,date,event,community'];
    for (let i = 0; i < 8; i++) rows.push(`p${i},2140-0${1 + i}-01,checkup,Albany`, `p${i},2142-0${1 + i}-01,cleaning,Albany`);
    writeFileSync(join(tiny, 'journeys.csv'), rows.join('\n') + '\n');
    writeFileSync(join(tiny, 'installation.json'), JSON.stringify({ version: 2, name: 'tiny', title: 'Tiny', data: { source: 'journeys.csv' } }));
  }

  it('a mosaic merged into one group tells residents why there are no communities', async () => {
    smallInstallations();
    const page = await h.browser.newPage({ viewport: { width: 480, height: 270 }, deviceScaleFactor: 1 });
    await page.goto(h.url('/?installation=by-county&mode=view&t=12'));
    await page.waitForFunction(() => document.documentElement.dataset.viewer === 'mosaic', null, { timeout: 150_000 });
    const about = await page.locator('.viewer-about').innerText();
    expect(about).toContain('A mosaic of 47 oral-health journeys, one glowing cell per resident. Its residents are shown as one group: no community here has the 11 residents');
    expect(about).not.toMatch(/in 1 community|other \(47\)/);
    await page.close();
  });

  it('a mosaic too small to publish is not drawn for residents, says why, opens no card; the artist\'s page says what to do', async () => {
    const page = await h.browser.newPage({ viewport: { width: 480, height: 270 }, deviceScaleFactor: 1 });
    await page.goto(h.url('/?installation=tiny&mode=view&t=12#cell=1'));
    await page.waitForFunction(() => document.documentElement.dataset.viewer === 'withheld', null, { timeout: 150_000 });
    const notice = await page.locator('.viewer-notice').innerText();
    expect(notice).toContain("This mosaic is not shown yet: it holds fewer than 11 residents' journeys");
    expect(await page.locator('#viewer-card').isHidden()).toBe(true);
    expect(await page.locator('.viewer-mosaic').isHidden()).toBe(true);
    // Nothing of its data: no count, no legend ends, no sound; the notice once.
    const about = await page.locator('.viewer-about').innerText();
    expect(about).not.toMatch(/\b8\b|out of 100|a year|Legend|Hear the summary/);
    expect(about.split('This mosaic is not shown yet').length).toBe(2);
    expect(await page.locator('.viewer-listen-button').isHidden()).toBe(true);
    await page.close();
    const studio = await h.browser.newPage({ viewport: { width: 480, height: 270 }, deviceScaleFactor: 1 });
    await studio.goto(h.url('/?installation=tiny&t=12'));
    await studio.waitForSelector('.messages', { timeout: 150_000 });
    const messages = await studio.locator('.messages').innerText();
    expect(messages).toContain('Too small to publish: 8 journeys, fewer than data.privacy.minCommunitySize (k = 11)');
    expect(messages).toContain('npx noctiluca validate tiny');
    await studio.close();
  });

  it('a patient\'s card counts visits as days with care, not procedure rows', async () => {
    // The truth from the raw export: each patient's events, and the days with attended care.
    const loaded = await requireInstallation(city);
    const byId = new Map<string, CareEvent[]>();
    await (
      await readerFor(loaded.dataSpec.format)
    )(loaded.dataSpec.source, loaded.dataSpec, {
      event: (e) => byId.set(e.journeyId, [...(byId.get(e.journeyId) ?? []), e]),
      issue: () => {},
    });
    const days = (events: CareEvent[]) => new Set(events.filter((e) => e.kind !== 'missed').map((e) => Math.floor(e.time / 86_400_000))).size;
    // The patient with the most rows per visit day.
    const [id, events] = [...byId].sort((a, b) => b[1].length / days(b[1]) - a[1].length / days(a[1]))[0];
    const visits = days(events);
    expect(events.length / visits).toBeGreaterThan(3);
    // Its cell, by the installation's own secret (what the page shows).
    const { located } = await bakeInstallationData(loaded.dir, loaded.dataSpec, loaded.name, undefined, { locate: [id] });
    const cell = located.get(id)!;
    expect(cell).toBeGreaterThanOrEqual(0);

    const page = await h.browser.newPage({ viewport: { width: 480, height: 270 }, deviceScaleFactor: 1 });
    await page.goto(h.url(`/?installation=my-city&mode=view&t=12#cell=${cell + 1}`));
    await page.waitForSelector(`#viewer-card:not([hidden])[data-journey="${cell}"]`, { timeout: 150_000 });
    const card = await page.locator('#viewer-card').innerText();
    expect(card).toContain(`Journey ${cell + 1} of 47`);
    expect(card).toContain(`${events.length} care events`);
    expect(card).toMatch(new RegExp(`\\n${visits} visits \\(days with care\\)( over \\d+ years?: [^\\n]* a year)?\\.\\n`));
    expect(card).not.toContain('stood in the way');
    await page.close();
  });
});
