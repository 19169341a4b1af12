import { readFileSync } from 'node:fs';
import { testSpec } from '../testing.ts';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CareEvent, DataSpec, EventReader, ReaderSummary, RowIssue } from '../events.ts';
import { DENTAL_CODES } from './dentalCodes.ts';
import { readFhir, referenceId } from './fhir.ts';
import { readSyntheaCsv } from './synthea.ts';

const fixture = (p: string) => fileURLToPath(new URL(`../../../tests/fixtures/${p}`, import.meta.url));
const PATIENT = '7065c955-82d3-c872-7684-32dfc9f1663b';

function spec(communityFrom: string | null = null): DataSpec {
  return testSpec({ source: '', format: 'fhir', timelineSamples: 64, privacy: { minCommunitySize: 1, datePrecision: 'year' }, communityFrom });
}

interface Run {
  events: CareEvent[];
  issues: RowIssue[];
  summary: ReaderSummary;
}

async function read(reader: EventReader, path: string, communityFrom: string | null = null): Promise<Run> {
  const events: CareEvent[] = [];
  const issues: RowIssue[] = [];
  const summary = await reader(path, spec(communityFrom), { event: (e) => events.push(e), issue: (i) => issues.push(i) });
  return { events, issues, summary };
}

/** What a journey is made of, without positions: the same person must give the same list from CSV and FHIR. */
const journeyKey = (e: CareEvent) => JSON.stringify([e.journeyId, e.time, e.kind, e.community, e.ageBand, e.access]);

describe('readFhir on the shared Synthea bundle (trimmed copy)', () => {
  let run: Run;
  beforeAll(async () => {
    run = await read(readFhir, fixture('fhir/prince887-dental.json'));
  });

  it('makes one journey whose events follow the mapping table applied to the Procedure codings', () => {
    const bundle = JSON.parse(readFileSync(fixture('fhir/prince887-dental.json'), 'utf8')) as {
      entry: { resource: { resourceType: string; code?: { coding: { system: string; code: string }[] } } }[];
    };
    const table = new Map(DENTAL_CODES.map((c) => [c.code, c.kind]));
    const expected: Record<string, number> = {};
    for (const { resource } of bundle.entry) {
      if (resource.resourceType !== 'Procedure' && resource.resourceType !== 'Condition') continue;
      const coding = resource.code!.coding.find((c) => c.system === 'http://snomed.info/sct')!;
      const kind = table.get(coding.code);
      if (kind) expected[kind] = (expected[kind] ?? 0) + 1;
    }
    expect(run.summary.tallies['events by kind']).toEqual(expected);
    expect(run.events).toHaveLength(23); // the README: 23 dental procedures
    expect(new Set(run.events.map((e) => e.journeyId))).toEqual(new Set(['9fb33e31-47b5-8f51-340c-6e25909daea0']));
    expect(run.summary.counts).toMatchObject({ patients: 1, patientsWithDentalCare: 1 });
  });

  it('uses the city when the Patient has no district, and says so once', () => {
    expect(run.issues.map((i) => i.code)).toEqual(['community-fallback']);
    expect(run.events.every((e) => e.community === 'Haverhill')).toBe(true);
  });

  it('names the bundle entry of every event', () => {
    const bundle = JSON.parse(readFileSync(fixture('fhir/prince887-dental.json'), 'utf8')) as { entry: { resource: { resourceType: string } }[] };
    for (const e of run.events) expect(bundle.entry[e.source.line - 1].resource.resourceType).toBe('Procedure');
  });

});

describe('one patient from CSV and from FHIR', () => {
  let csv: CareEvent[];
  beforeAll(async () => {
    csv = (await read(readSyntheaCsv, fixture('synthea/sample'))).events.filter((e) => e.journeyId === PATIENT);
  });

  it.each([
    ['a transaction bundle (urn:uuid references)', 'fhir/7065c955-bundle.json'],
    ['bulk NDJSON (Patient/… references)', 'fhir/7065c955-ndjson'],
  ])('gives the same journey from %s', async (_what, path) => {
    const fhir = await read(readFhir, fixture(path));
    expect(fhir.issues).toEqual([]);
    expect(csv.length).toBeGreaterThan(40);
    expect(new Set(csv.map((e) => e.kind)).size).toBeGreaterThanOrEqual(7);
    expect(fhir.events.map(journeyKey).sort()).toEqual(csv.map(journeyKey).sort());
    expect(fhir.summary.counts.patientsWithDentalCare).toBe(1);
  });

  it('copies no name, SSN, phone or address into any event', async () => {
    const fhir = await read(readFhir, fixture('fhir/7065c955-bundle.json'));
    const patient = JSON.parse(readFileSync(fixture('fhir/7065c955-ndjson/Patient.ndjson'), 'utf8')) as Record<string, unknown>;
    const secrets = [
      ...(patient.identifier as { value: string }[]).slice(1).map((i) => i.value),
      ...(patient.name as { family: string; given: string[] }[]).flatMap((n) => [n.family, ...n.given]),
      (patient.telecom as { value: string }[])[0].value,
      (patient.address as { line: string[]; postalCode: string }[])[0].line[0],
      (patient.address as { line: string[]; postalCode: string }[])[0].postalCode,
      patient.birthDate as string,
    ];
    const allowed = new Set(['journeyId', 'time', 'kind', 'community', 'ageBand', 'access', 'costBarrier', 'source']);
    const offenders: string[] = [];
    for (const e of fhir.events) {
      for (const key of Object.keys(e)) if (!allowed.has(key)) offenders.push(key);
      const texts = [e.kind, e.community, e.ageBand, e.access, e.source.file].filter((v): v is string => v !== undefined);
      for (const s of secrets) if (texts.some((t) => t.includes(s))) offenders.push(s);
    }
    expect(offenders).toEqual([]);
  });
});

describe('readFhir on malformed resources', () => {
  it('reports broken bundle entries with file and entry index, and skips them', async () => {
    const run = await read(readFhir, fixture('fhir/broken-bundle'));
    expect(run.issues.map((i) => [i.severity, i.code, i.file, i.line])).toEqual([
      ['error', 'bad-record', 'broken.json', 2],
      ['error', 'missing-code', 'broken.json', 5],
      ['error', 'bad-date', 'broken.json', 6],
      ['error', 'missing-patient', 'broken.json', 7],
      ['warning', 'not-done', 'broken.json', 8],
      ['error', 'bad-json', 'not-json.json', 0],
    ]);
    // Messages name their place themselves: the entry, or the whole file.
    expect(run.issues.map((i) => i.message.slice(0, i.message.indexOf(': ')))).toEqual(['broken.json:2', 'broken.json:5', 'broken.json:6', 'broken.json:7', 'broken.json:8', 'not-json.json']);
    expect(run.events.map((e) => [e.kind, e.source.line])).toEqual([
      ['checkup', 4],
      ['screening', 9],
      ['other', 10],
    ]);
    // A condition at 23:30 −05:00 on 1 February is 2 February in UTC, dated to the day.
    expect(run.events[1].time).toBe(Date.UTC(2020, 1, 2));
    // The LOINC-coded step of the dental visit is dental by encounter linkage, and tallied.
    expect(run.summary.tallies['unmapped dental codes']).toEqual({ 'http://loinc.org|1234-5 A LOINC-coded step of the dental visit': 1 });
    // A procedure outside any dental encounter whose display says "extraction" is not dental: codes decide.
    expect(run.summary.counts.nonDentalRecords).toBe(1);
    expect(run.events[0].community).toBe('Middlesex County');
  });

  it('reports broken NDJSON lines with file and line, and skips them', async () => {
    const run = await read(readFhir, fixture('fhir/broken-ndjson'));
    expect(run.issues.map((i) => [i.code, i.file, i.line])).toEqual([
      ['bad-json', 'Patient.ndjson', 2],
      ['bad-json', 'Procedure.ndjson', 2],
      ['bad-record', 'Procedure.ndjson', 3],
    ]);
    expect(run.events.map((e) => [e.journeyId, e.kind, e.source.file, e.source.line])).toEqual([
      ['pn-1', 'checkup', 'Procedure.ndjson', 1],
      ['pn-1', 'extraction', 'Procedure.ndjson', 5],
    ]);
  });
});

describe('readFhir on transaction bundles that name resources by fullUrl', () => {
  it('follows urn:uuid references to resources without an id, or whose id differs from the fullUrl', async () => {
    const run = await read(readFhir, fixture('fhir/fullurl/bundle.json'));
    expect(run.issues).toEqual([]);
    expect(run.events).toEqual([
      {
        journeyId: '11111111-aaaa',
        time: Date.UTC(2021, 4, 5, 10, 15),
        kind: 'other',
        community: 'Essex County',
        ageBand: '18-34',
        access: 'tele',
        source: { file: 'bundle.json', line: 3 },
      },
    ]);
  });
});

describe('readFhir community sources', () => {
  it.each([
    ['CITY', 'Weymouth'],
    ['address.postalCode', '02188'],
    [null, 'Norfolk County'],
  ])('communityFrom %s', async (from, community) => {
    const run = await read(readFhir, fixture('fhir/7065c955-bundle.json'), from);
    expect(run.issues).toEqual([]);
    expect(run.events.every((e) => e.community === community)).toBe(true);
  });

  it.each(['name.family', 'address.line', 'identifier'])('refuses the identifying %s', async (from) => {
    const run = await read(readFhir, fixture('fhir/7065c955-bundle.json'), from);
    expect(run.issues.map((i) => i.code)).toEqual(['community-source']);
    expect(run.events.every((e) => e.community === 'Norfolk County')).toBe(true);
  });

  it('cannot band income from FHIR, and says so', async () => {
    const run = await read(readFhir, fixture('fhir/7065c955-ndjson'), 'income-band');
    expect(run.issues.map((i) => i.code)).toEqual(['community-source']);
    expect(run.events.every((e) => e.community === undefined)).toBe(true);
  });
});

describe('referenceId', () => {
  it.each([
    ['urn:uuid:abc-1', 'Patient', 'abc-1'],
    ['Patient/abc-1', 'Patient', 'abc-1'],
    ['https://example.org/fhir/Patient/abc-1/_history/3', 'Patient', 'abc-1'],
    ['Encounter/e-9', 'Encounter', 'e-9'],
    ['Patient?identifier=https://github.com/synthetichealth/synthea|abc-1', 'Patient', 'abc-1'],
  ])('%s → %s id', (reference, type, id) => {
    expect(referenceId({ reference }, type)).toBe(id);
  });

  it('is undefined without a reference', () => {
    expect(referenceId(undefined, 'Patient')).toBeUndefined();
    expect(referenceId({ display: 'Someone' }, 'Patient')).toBeUndefined();
  });
});
