/**
 * Privacy by construction, checked on the built site (`vite build`):
 * - only the baked artefacts and configs are published: no raw journey id, exact date, unconsented
 *   story, clinical identifier or installation secret appears anywhere in dist/;
 * - re-identification: every shipped installation's built artefact is attacked the way
 *   `noctiluca privacy` attacks it (src/disclose/risk.ts): equivalence classes over everything
 *   published, a neighbour who knows community, age band, access and three years of care, dates
 *   finer than the declared precision, the cell order recomputed from raw ids, stories that are not
 *   a consented row's words. Any attack that succeeds fails the test;
 * - the build refuses an artefact that breaks its installation's declared guarantee.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBake } from '../src/bake/codec.ts';
import { rawJourneyCollector, type RawJourney } from '../src/disclose/raw.ts';
import { assessRisk, formatRisk } from '../src/disclose/risk.ts';
import { keyedOrder } from '../src/disclose/secret.ts';
import { readerFor } from '../src/node/bake.ts';
import { listInstallations, requireInstallation } from '../src/node/config.ts';

const repo = new URL('..', import.meta.url).pathname;
const config = join(repo, 'vite.config.ts');
let dist: string;
let files: string[];
let text: string;
let tokens: Set<string>;

function csv(path: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readFileSync(join(repo, path), 'utf8'), { header: true, skipEmptyLines: true }).data;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'noctiluca-dist-'));
  await build({ root: repo, configFile: config, logLevel: 'error', build: { outDir: dist, emptyOutDir: true } });
  files = walk(dist);
  // Every byte of the site as text (binary files too: ids or dates would show as ASCII there).
  text = files.map((f) => readFileSync(f).toString('utf8')).join('\n');
  tokens = new Set(text.split(/[^A-Za-z0-9\-_.]+/));
}, 180_000);
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const SAMPLES = ['harmonia', 'oral-symphony'];
const sampleRows = Object.fromEntries(SAMPLES.map((name) => [name, csv(`installations/${name}/journeys.csv`)]));
/** A row that consents to its story (the `consent` column, or the legacy `consent_story`). */
const storyConsent = (r: Record<string, string>) => r.consent === 'story' || r.consent_story === 'true';
/** Stories told with consent anywhere (template stories can repeat word for word across installations). */
const consentedAnywhere = new Set(Object.values(sampleRows).flatMap((rows) => rows.filter((r) => r.story && storyConsent(r)).map((r) => r.story)));
/** The configs' window bounds are published settings, not records. */
const publishedDates = new Set(
  SAMPLES.flatMap((name) => {
    const c = JSON.parse(readFileSync(join(repo, `installations/${name}/installation.json`), 'utf8'));
    return [c.data?.window?.start, c.data?.window?.end];
  }),
);

describe('the built site holds only baked, anonymised data', () => {
  it('ships baked mosaics and configs, never the raw data files or a secret', () => {
    const rel = files.map((f) => f.slice(dist.length + 1));
    for (const name of ['harmonia', 'oral-symphony', 'synthea-massachusetts']) {
      expect(rel).toContain(`installations/${name}/mosaic.bin`);
    }
    expect(rel.filter((f) => /\.(csv|ndjson|tsv|key)$/i.test(f))).toEqual([]);
    for (const name of listInstallations()) {
      const secret = readFileSync(join(repo, 'installations', name, '.secret.key'), 'utf8').trim();
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      expect(text.includes(secret), `the secret of ${name} is in dist/`).toBe(false);
    }
  });

  for (const name of SAMPLES) {
    describe(name, () => {
      const rows = sampleRows[name];

      it('has no raw journey id', () => {
        const ids = new Set(rows.map((r) => r.journey_id));
        expect(ids.size).toBeGreaterThan(1000);
        expect([...ids].filter((id) => tokens.has(id))).toEqual([]);
      });

      it('has no exact event date', () => {
        const dates = new Set(rows.map((r) => r.date).filter((d) => !publishedDates.has(d)));
        expect(dates.size).toBeGreaterThan(300);
        expect([...dates].filter((d) => tokens.has(d))).toEqual([]);
        // And the artefact's own dates are coarsened to whole years.
        const bake = decodeBake(readFileSync(join(dist, `installations/${name}/mosaic.bin`)));
        expect(bake.precision).toBe('year');
        expect(Array.from(bake.eventDates).every(Number.isInteger)).toBe(true);
        expect(Array.from(bake.measures.first_date).filter(Number.isFinite).every(Number.isInteger)).toBe(true);
      });

      it('has consented stories only', () => {
        const consented = new Set(rows.filter((r) => r.story && storyConsent(r)).map((r) => r.story));
        const unconsented = [...new Set(rows.filter((r) => r.story && !storyConsent(r)).map((r) => r.story))].filter((s) => !consentedAnywhere.has(s));
        expect(unconsented.length).toBeGreaterThan(5);
        expect(unconsented.filter((s) => text.includes(s))).toEqual([]);
        // The search itself works: consented stories are published, as text.
        expect([...consented].some((s) => text.includes(s))).toBe(true);
      });
    });
  }

  it('has no Synthea identifier, name, address, SSN or birth date', () => {
    const patients = csv('installations/synthea-massachusetts/synthea/patients.csv');
    expect(patients.length).toBe(54);
    const leaks: string[] = [];
    for (const p of patients) {
      for (const key of ['Id', 'SSN', 'FIRST', 'LAST', 'BIRTHDATE', 'DRIVERS', 'PASSPORT']) {
        if (p[key] && tokens.has(p[key])) leaks.push(`${key}=${p[key]}`);
      }
      if (p.ADDRESS && text.includes(p.ADDRESS)) leaks.push(`ADDRESS=${p.ADDRESS}`);
    }
    expect(leaks).toEqual([]);
  });
});

/** The raw journeys of an installation, as the bake numbers them, and its declared guarantee. */
async function truth(name: string): Promise<{ raw: RawJourney[]; k: number; synthetic: boolean; secret: string }> {
  const loaded = await requireInstallation(name, { checkFiles: true });
  const spec = loaded.dataSpec;
  const collector = rawJourneyCollector();
  await (await readerFor(spec.format))(spec.source, spec, collector.sink);
  const secret = readFileSync(join(loaded.dir, '.secret.key'), 'utf8').trim();
  return { raw: collector.finish(), k: spec.privacy.minCommunitySize, synthetic: spec.privacy.synthetic === true, secret };
}

describe('re-identification: every shipped installation\'s built artefact, attacked as `noctiluca privacy` attacks it', () => {
  for (const name of listInstallations()) {
    it(`${name}: no attack succeeds`, async () => {
      const bake = decodeBake(readFileSync(join(dist, `installations/${name}/mosaic.bin`)));
      const { raw, k, synthetic, secret } = await truth(name);
      // The ground truth of which cell is whose: only the installation's secret gives it.
      const mapping = keyedOrder(
        raw.map((r) => r.id),
        secret,
      );
      const report = assessRisk(bake, { raw, mapping, k, synthetic });
      console.info(`[privacy] ${formatRisk(report).split('\n').filter((l) => !l.startsWith('    ')).join('\n')}`);
      // Equivalence classes over the quasi-identifiers, and over everything published for cells without card consent.
      expect(report.categorical.smallest).toBeGreaterThanOrEqual(k);
      if (!synthetic) {
        expect(report.publishedNoCard.cells).toBeGreaterThan(0);
        expect(report.publishedNoCard.smallest).toBeGreaterThanOrEqual(k);
        expect(report.publishedNoCard.unique).toBe(0);
        expect(report.neighbour!.noCard).toBe(0);
      }
      // Dates: nothing finer than the declared precision, by any channel.
      expect(report.dates.recovered).toBe(bake.precision);
      // Order: no attack on the raw ids names more than a chance number of cells.
      for (const a of report.order!) expect(a.agreement * bake.journeyCount, a.name).toBeLessThan(8);
      expect(report.storyLeaks).toBe(0);
      expect(report.violations).toEqual([]);
    });
  }
});

describe('the build refuses an artefact that breaks its guarantee', () => {
  let root = '';
  afterAll(() => {
    delete process.env.NOCTILUCA_INSTALLATIONS;
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('k below 5 on real data, or too few journeys to hold k: `vite build` stops and says why', async () => {
    root = mkdtempSync(join(tmpdir(), 'noctiluca-refuse-'));
    cpSync(join(repo, 'installations/starter'), join(root, 'weak'), { recursive: true });
    rmSync(join(root, 'weak', '.secret.key'), { force: true });
    const file = join(root, 'weak', 'installation.json');
    const c = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...c, $schema: undefined, name: 'weak', data: { ...c.data, privacy: { minCommunitySize: 2 } } }));
    process.env.NOCTILUCA_INSTALLATIONS = root;
    const out = mkdtempSync(join(tmpdir(), 'noctiluca-refused-'));
    try {
      await expect(build({ root: repo, configFile: config, logLevel: 'silent', build: { outDir: out, emptyOutDir: true } })).rejects.toThrow(
        /installations\/weak: the mosaic breaks its privacy guarantee[\s\S]*k = 2 is below 5/,
      );
      // Too few journeys for k = 30 (the starter has 40, 26 of them glow only).
      writeFileSync(file, JSON.stringify({ ...c, $schema: undefined, name: 'weak', data: { ...c.data, privacy: { minCommunitySize: 30 } } }));
      await expect(build({ root: repo, configFile: config, logLevel: 'silent', build: { outDir: out, emptyOutDir: true } })).rejects.toThrow(
        /installations\/weak: the mosaic breaks its privacy guarantee[\s\S]*smallest class over everything published/,
      );
      expect(existsSync(join(out, 'installations/weak/mosaic.bin'))).toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});
