/**
 * Privacy by construction, checked on the built site: `vite build` writes only the baked,
 * anonymised artefacts, and no raw journey id, exact date, unconsented story or clinical identifier
 * from the sample data appears anywhere in dist/.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBake } from '../src/bake/codec.ts';

const repo = new URL('..', import.meta.url).pathname;
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
  await build({ root: repo, configFile: join(repo, 'vite.config.ts'), logLevel: 'error', build: { outDir: dist, emptyOutDir: true } });
  files = walk(dist);
  // Every byte of the site as text (binary files too: ids or dates would show as ASCII there).
  text = files.map((f) => readFileSync(f).toString('utf8')).join('\n');
  tokens = new Set(text.split(/[^A-Za-z0-9\-_.]+/));
}, 120_000);
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const SAMPLES = ['harmonia', 'oral-symphony'];
const sampleRows = Object.fromEntries(SAMPLES.map((name) => [name, csv(`installations/${name}/journeys.csv`)]));
/** Stories told with consent anywhere (template stories can repeat word for word across installations). */
const consentedAnywhere = new Set(
  Object.values(sampleRows).flatMap((rows) => rows.filter((r) => r.story && r.consent_story === 'true').map((r) => r.story)),
);
/** The configs' window bounds are published settings, not records. */
const publishedDates = new Set(
  SAMPLES.flatMap((name) => {
    const c = JSON.parse(readFileSync(join(repo, `installations/${name}/installation.json`), 'utf8'));
    return [c.data?.window?.start, c.data?.window?.end];
  }),
);

describe('the built site holds only baked, anonymised data', () => {
  it('ships baked mosaics and configs, never the raw data files', () => {
    const rel = files.map((f) => f.slice(dist.length + 1));
    for (const name of ['harmonia', 'oral-symphony', 'synthea-massachusetts']) {
      expect(rel).toContain(`installations/${name}/mosaic.bin`);
    }
    expect(rel.filter((f) => /\.(csv|ndjson|tsv)$/i.test(f))).toEqual([]);
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
        const consented = new Set(rows.filter((r) => r.story && r.consent_story === 'true').map((r) => r.story));
        const unconsented = [...new Set(rows.filter((r) => r.story && r.consent_story !== 'true').map((r) => r.story))].filter(
          (s) => !consentedAnywhere.has(s),
        );
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
