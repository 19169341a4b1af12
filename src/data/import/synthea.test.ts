import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testSpec } from '../testing.ts';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CareEvent, DataSpec, ReaderSummary, RowIssue } from '../events.ts';
import { DENTAL_CODES, KNOWN_DENTAL_CODES, isDentalCode } from './dentalCodes.ts';
import { readSyntheaCsv } from './synthea.ts';

const fixture = (p: string) => fileURLToPath(new URL(`../../../tests/fixtures/synthea/${p}`, import.meta.url));
const SAMPLE = fixture('sample');

function spec(communityFrom: string | null = null): DataSpec {
  return testSpec({ source: '', format: 'synthea-csv', timelineSamples: 64, privacy: { minCommunitySize: 1, datePrecision: 'year' }, communityFrom });
}

interface Run {
  events: CareEvent[];
  issues: RowIssue[];
  summary: ReaderSummary;
}

async function read(path: string, communityFrom: string | null = null): Promise<Run> {
  const events: CareEvent[] = [];
  const issues: RowIssue[] = [];
  const summary = await readSyntheaCsv(path, spec(communityFrom), { event: (e) => events.push(e), issue: (i) => issues.push(i) });
  return { events, issues, summary };
}

function csv(name: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readFileSync(`${SAMPLE}/${name}`, 'utf8'), { header: true, skipEmptyLines: true }).data;
}

const DAY = 86_400_000;

describe('readSyntheaCsv on the shared Massachusetts sample', () => {
  let run: Run;
  beforeAll(async () => {
    run = await read(SAMPLE);
  });

  it('reads it without issues', () => {
    expect(run.issues).toEqual([]);
    expect(run.summary.counts.patients).toBe(54);
  });

  it('makes one journey per patient with dental care: those with a 34043003 dental consultation row', () => {
    // Independent rule: Synthea writes one "Dental consultation and report" procedure per dental visit.
    const expected = new Set(csv('procedures.csv').filter((r) => r.CODE === '34043003').map((r) => r.PATIENT));
    const journeys = new Set(run.events.map((e) => e.journeyId));
    expect(journeys).toEqual(expected);
    expect(journeys.size).toBe(47);
    expect(run.summary.counts.patientsWithDentalCare).toBe(47);
  });

  it('counts events by kind as the mapping table applied to the source rows', () => {
    const procedures = csv('procedures.csv');
    const conditions = csv('conditions.csv');
    const encounters = csv('encounters.csv');
    const table = new Map(DENTAL_CODES.map((c) => [c.code, c.kind]));
    const expected: Record<string, number> = {};
    const add = (kind: string) => (expected[kind] = (expected[kind] ?? 0) + 1);
    for (const r of [...procedures, ...conditions]) {
      const kind = table.get(r.CODE);
      if (kind) add(kind);
      else if (KNOWN_DENTAL_CODES.has(r.CODE)) add('other');
    }
    // Encounter linkage finds nothing beyond the two lists in this sample; dental emergencies are
    // emergency-class encounters with a dental reason.
    for (const e of encounters) {
      if ((e.ENCOUNTERCLASS === 'emergency' || e.ENCOUNTERCLASS === 'urgentcare') && isDentalCode(e.REASONCODE)) add('emergency');
    }
    expect(run.summary.tallies['events by kind']).toEqual(expected);
    const byKind: Record<string, number> = {};
    for (const e of run.events) byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
    expect(byKind).toEqual(expected);
    expect(byKind.checkup).toBe(235); // the README: 235 dental consultations
  });

  it('tallies dental codes outside the table instead of dropping them', () => {
    const unmapped = run.summary.tallies['unmapped dental codes'];
    expect(unmapped['196416002 Impacted molars (disorder)']).toBe(2);
    expect(unmapped['79345008 Excision of maxillary torus palatinus (procedure)']).toBe(2);
    expect(Object.keys(unmapped).length).toBe(KNOWN_DENTAL_CODES.size);
  });

  it('ends deceased patients\' journeys at death', () => {
    const deaths = new Map(csv('patients.csv').filter((p) => p.DEATHDATE).map((p) => [p.Id, Date.parse(`${p.DEATHDATE}T00:00:00Z`) + DAY]));
    expect(deaths.size).toBe(4);
    for (const e of run.events) {
      const end = deaths.get(e.journeyId);
      if (end !== undefined) expect(e.time).toBeLessThan(end);
    }
  });

  it('copies no name, SSN, address or birth date into any event', () => {
    const allowed = new Set(['journeyId', 'time', 'kind', 'community', 'ageBand', 'access', 'costBarrier', 'source']);
    const secrets = csv('patients.csv').flatMap((p) =>
      [p.SSN, p.FIRST, p.LAST, p.MIDDLE, p.MAIDEN, p.ADDRESS, p.BIRTHDATE, p.DRIVERS, p.PASSPORT, p.ZIP, p.LAT].filter((v) => v && v.length > 3),
    );
    const offenders: string[] = [];
    for (const e of run.events) {
      for (const key of Object.keys(e)) if (!allowed.has(key)) offenders.push(`field ${key}`);
      // Every text field but journeyId (numbers are times and line numbers).
      const texts = [e.kind, e.community, e.ageBand, e.access, e.source.file].filter((v): v is string => v !== undefined);
      for (const s of secrets) if (texts.some((t) => t.includes(s))) offenders.push(s);
    }
    expect(secrets.length).toBeGreaterThan(300);
    expect(offenders).toEqual([]);
    expect(new Set(run.events.map((e) => e.ageBand))).toEqual(new Set(['0-17', '18-34', '35-54', '55-74']));
  });

  it('sets community from COUNTY by default, and access and a cost-barrier flag from the encounter', () => {
    expect(new Set(run.events.map((e) => e.community)).has('Worcester County')).toBe(true);
    expect(run.events.every((e) => e.access === 'clinic')).toBe(true);
    expect(run.events.some((e) => e.costBarrier === true) && run.events.some((e) => e.costBarrier === false)).toBe(true);
  });

  it('names the file and line of every event', () => {
    const e = run.events.find((x) => x.source.file === 'procedures.csv')!;
    const lines = readFileSync(`${SAMPLE}/procedures.csv`, 'utf8').split('\n');
    expect(lines[e.source.line - 1]).toContain(e.journeyId);
  });
});

describe('readSyntheaCsv community sources', () => {
  it.each([
    ['CITY', 'Weymouth'],
    ['city', 'Weymouth'],
    ['income-band', 'income under $25k'], // INCOME 10310
  ])('communityFrom %s', async (from, community) => {
    const { events, issues } = await read(SAMPLE, from);
    expect(issues).toEqual([]);
    const mine = events.filter((e) => e.journeyId === '7065c955-82d3-c872-7684-32dfc9f1663b');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.community === community)).toBe(true);
  });

  it('refuses an identifying column and falls back to COUNTY', async () => {
    const { events, issues } = await read(SAMPLE, 'SSN');
    expect(issues.map((i) => i.code)).toEqual(['identifying-community']);
    expect(events[0].community).toMatch(/County$/);
  });

  it('warns once about a column the export lacks and leaves communities empty', async () => {
    const { events, issues } = await read(SAMPLE, 'NEIGHBOURHOOD');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'warning', code: 'missing-column', file: 'patients.csv', line: 1 });
    expect(events.every((e) => e.community === undefined)).toBe(true);
  });
});

describe('readSyntheaCsv on other spellings of the export', () => {
  it('imports lower-case and aliased headers, reordered columns, no SYSTEM, an extra column and CRLF the same', async () => {
    const variant = await read(fixture('variant'));
    const sample = await read(SAMPLE);
    expect(variant.issues).toEqual([]);
    const ids = new Set(csv('../variant/patients.csv').map((p) => p.PATIENT_ID));
    expect(ids.size).toBe(3);
    const key = (e: CareEvent) => JSON.stringify([e.journeyId, e.time, e.kind, e.community, e.ageBand, e.access, e.costBarrier]);
    const expected = sample.events.filter((e) => ids.has(e.journeyId)).map(key).sort();
    expect(expected.length).toBeGreaterThan(50);
    expect(variant.events.map(key).sort()).toEqual(expected);
  });
});

describe('readSyntheaCsv on malformed and edge rows', () => {
  let run: Run;
  beforeAll(async () => {
    run = await read(fixture('edge'));
  });

  it('reports each malformed row with file and line, and skips it', () => {
    expect(run.issues.map((i) => [i.severity, i.code, i.file, i.line])).toEqual([
      ['error', 'missing-id', 'patients.csv', 4],
      ['error', 'bad-date', 'encounters.csv', 6],
      ['error', 'bad-date', 'procedures.csv', 10],
      ['error', 'wrong-column-count', 'procedures.csv', 11],
      ['error', 'missing-patient', 'procedures.csv', 12],
      ['error', 'missing-code', 'procedures.csv', 13],
      ['error', 'unknown-patient', 'procedures.csv', 14],
      ['error', 'bad-date', 'conditions.csv', 5],
    ]);
    expect(run.issues.every((i) => i.message.includes('skipped'))).toBe(true);
    // The message itself names the place, as the event-log readers' do (inspect prints messages alone).
    for (const i of run.issues) expect(i.message.startsWith(`${i.file}:${i.line}: `), i.message).toBe(true);
    expect(run.summary.counts.skippedRecords).toBe(8);
    expect(run.summary.counts.patients).toBe(2);
  });

  it('keeps line numbers right after a quoted field that spans two lines', () => {
    const cleanings = run.events.filter((e) => e.kind === 'cleaning').map((e) => e.source.line);
    expect(cleanings).toEqual([15, 17]);
  });

  it('drops events after the death date, keeps those on it', () => {
    const dead = run.events.filter((e) => e.journeyId === 'p-dead');
    expect(dead.map((e) => e.kind).sort()).toEqual(['checkup', 'extraction']);
    expect(run.summary.counts.eventsAfterDeath).toBe(2);
  });

  it('finds dental rows by code, by the known-dental list and by encounter linkage, never by display text', () => {
    expect(run.summary.tallies['unmapped dental codes']).toEqual({
      '999999001 Mystery chair-side thing (procedure)': 1,
      '79345008 Excision of maxillary torus palatinus (procedure)': 1,
      'LOINC|12345-6 A non-SNOMED row in a dental visit': 1,
    });
    // Depression screening at a wellness visit and suspected COVID-19 at a dental visit are not dental.
    expect(run.summary.counts.nonDentalRecords).toBe(2);
    expect(run.summary.tallies['events by kind']).toEqual({ emergency: 1, checkup: 2, other: 3, extraction: 2, cleaning: 2, screening: 1 });
  });

  it('derives access, cost barrier and age band per event', () => {
    const tele = run.events.find((e) => e.source.file === 'procedures.csv' && e.source.line === 5)!;
    expect(tele).toMatchObject({ kind: 'other', access: 'tele', costBarrier: false, ageBand: '18-34', community: 'Hampden County' });
    const emergency = run.events.find((e) => e.kind === 'emergency')!;
    expect(emergency).toMatchObject({ access: 'clinic', costBarrier: true, source: { file: 'encounters.csv', line: 7 } });
    expect(run.events.find((e) => e.journeyId === 'p-dead')?.ageBand).toBe('55-74');
    const caries = run.events.find((e) => e.kind === 'screening')!;
    expect(caries.time).toBe(Date.UTC(2019, 2, 1));
  });

  it('bands communities by income on request', async () => {
    const { events } = await read(fixture('edge'), 'income-band');
    expect(new Set(events.map((e) => e.community))).toEqual(new Set(['income $25k-50k', 'income $100k-200k']));
  });

  it('skips a file that lacks a required column, and says which', async () => {
    const run = await read(fixture('no-code'));
    expect(run.issues.map((i) => [i.severity, i.code, i.file, i.line])).toEqual([
      ['warning', 'missing-file', 'encounters.csv', 0],
      ['warning', 'missing-file', 'conditions.csv', 0],
      ['error', 'missing-id', 'patients.csv', 4],
      ['error', 'missing-column', 'procedures.csv', 1],
    ]);
    expect(run.issues[3].message).toContain('no CODE column');
    expect(run.events).toEqual([]);
  });

  it('explains a folder without patients.csv', async () => {
    await expect(read(fixture('.'))).rejects.toThrow(/no patients\.csv/);
  });
});

describe('readSyntheaCsv on a broken quote', () => {
  it('an unbalanced quote in one patient row is reported with its line; the patients after it still load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'noctiluca-synthea-quote-'));
    try {
      cpSync(SAMPLE, dir, { recursive: true });
      const file = join(dir, 'patients.csv');
      const lines = readFileSync(file, 'utf8').split('\n');
      // Patient on line 5: an address with an opening quote and no closing one.
      const fields = lines[4].split(',');
      fields[17] = `"${fields[17]}`; // ADDRESS
      lines[4] = fields.join(',');
      writeFileSync(file, lines.join('\n'));
      const r = await read(dir);
      expect(r.summary.counts.patients).toBe(53);
      const quote = r.issues.filter((i) => i.code === 'runaway-quote');
      expect(quote).toMatchObject([{ severity: 'error', file: 'patients.csv', line: 5 }]);
      expect(quote[0].message).toMatch(/the quoted field opened on line 5 runs on into line 6, which reads as a row of its own/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
