import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { costBarrierFrom, normaliseName, parseClinicalDate } from './clinical.ts';
import { DENTAL_CODES, KNOWN_DENTAL_CODES, accessFromEncounterClass, ageBand, incomeBand, isSnomedSystem, renderDentalTable } from './dentalCodes.ts';
import { EVENT_KINDS } from '../events.ts';

describe('parseClinicalDate', () => {
  it.each([
    ['2024-03-26', Date.UTC(2024, 2, 26)],
    ['2024-03-26T19:01:48Z', Date.UTC(2024, 2, 26, 19, 1, 48)],
    ['2016-11-19T18:17:25-05:00', Date.UTC(2016, 10, 19, 23, 17, 25)],
    ['2016-11-19T18:17:25+0100', Date.UTC(2016, 10, 19, 17, 17, 25)],
    ['2024-03-26 19:01:48', Date.UTC(2024, 2, 26, 19, 1, 48)],
    ['2024-03-26T19:01:48.250Z', Date.UTC(2024, 2, 26, 19, 1, 48, 250)],
    ['2019', Date.UTC(2019, 0, 1)],
    ['2019-05', Date.UTC(2019, 4, 1)],
    [' 2024-03-26 ', Date.UTC(2024, 2, 26)],
  ])('%s', (text, expected) => {
    expect(parseClinicalDate(text)).toBe(expected);
  });

  it.each(['', 'yesterday', '2019-13-45', '2019-02-30', '2019-02-28T25:00:00Z', '26/03/2024'])('rejects %j', (text) => {
    expect(parseClinicalDate(text)).toBeUndefined();
  });
});

describe('bands and flags', () => {
  it.each([
    ['2000-01-01', '2017-12-31', '0-17'],
    ['2000-01-01', '2018-01-01', '18-34'],
    ['1970-06-15', '2005-06-14', '18-34'],
    ['1970-06-15', '2005-06-15', '35-54'],
    ['1950-01-01', '2010-01-01', '55-74'],
    ['1930-01-01', '2010-01-01', '75+'],
  ])('born %s, seen %s: %s', (birth, at, band) => {
    expect(ageBand(parseClinicalDate(birth)!, parseClinicalDate(at)!)).toBe(band);
  });

  it.each([
    ['999', 'income under $25k'],
    ['25000', 'income $25k-50k'],
    ['99999.5', 'income $50k-100k'],
    ['150000', 'income $100k-200k'],
    ['618108', 'income $200k+'],
    ['', undefined],
    ['n/a', undefined],
  ])('income %j: %s', (income, band) => {
    expect(incomeBand(income)).toBe(band);
  });

  it.each([
    [500, 100, true],
    [500, 250, false],
    [500, 400, false],
    [0, 0, undefined],
    [undefined, 10, undefined],
  ])('claim %s covered %s: cost barrier %s', (total, coverage, barrier) => {
    expect(costBarrierFrom(total, coverage)).toBe(barrier);
  });

  it.each([
    ['ambulatory', 'clinic'],
    ['wellness', 'clinic'],
    ['AMB', 'clinic'],
    ['virtual', 'tele'],
    ['VR', 'tele'],
    ['home', undefined],
    [undefined, undefined],
  ])('encounter class %s: access %s', (cls, access) => {
    expect(accessFromEncounterClass(cls)).toBe(access);
  });

  it('reads SNOMED CT in its spellings, and a missing system as SNOMED CT', () => {
    for (const s of ['SNOMED-CT', 'snomed-ct', 'http://snomed.info/sct', 'SNOMED', '', undefined]) expect(isSnomedSystem(s)).toBe(true);
    for (const s of ['LOINC', 'http://loinc.org', 'RxNorm']) expect(isSnomedSystem(s)).toBe(false);
  });

  it('matches header spellings', () => {
    expect(normaliseName('\uFEFFPatient_Id')).toBe(normaliseName('PATIENTID'));
    expect(normaliseName('encounter class')).toBe('ENCOUNTERCLASS');
  });
});

describe('the dental code table', () => {
  it('has one row per code, real event kinds, and no overlap with the known-dental list', () => {
    const codes = DENTAL_CODES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of DENTAL_CODES) {
      expect(EVENT_KINDS).toContain(c.kind);
      expect(c.code).toMatch(/^\d{6,18}$/);
      expect(KNOWN_DENTAL_CODES.has(c.code)).toBe(false);
    }
  });

  it('is rendered verbatim in docs/IMPORTS.md', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../../docs/IMPORTS.md', import.meta.url)), 'utf8');
    expect(doc).toContain(renderDentalTable());
  });
});
