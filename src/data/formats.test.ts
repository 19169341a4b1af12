import { describe, expect, it } from 'vitest';
import { readEventLog } from './eventLog.ts';
import { dataFormats, detectFormat, type SourceProbe } from './formats.ts';
import { readFhir } from './import/fhir.ts';
import { readSyntheaCsv } from './import/synthea.ts';

const file = (name: string, head: string): SourceProbe => ({ kind: 'file', name, entries: [], samples: [{ name, head }] });
const folder = (name: string, entries: string[], samples: SourceProbe['samples'] = []): SourceProbe => ({ kind: 'folder', name, entries, samples });

describe('the data formats', () => {
  it('load their readers', async () => {
    const readers = await Promise.all(dataFormats().map((f) => f.reader()));
    expect(readers).toEqual([readEventLog, readSyntheaCsv, readFhir]);
  });

  it.each([
    ['an event-log CSV', file('journeys.csv', 'journey_id,date,event\na,2140-01-01,checkup\n'), 'event-log', 2],
    ['an event-log TSV with other column names', file('log.tsv', 'patient\twhen\twhat\n'), 'event-log', 1],
    ['an event-log NDJSON', file('j.ndjson', '{"journey_id":"a","date":"2140-01-01","event":"checkup"}\n'), 'event-log', 2],
    ['a Synthea export folder', folder('csv', ['patients.csv', 'encounters.csv', 'procedures.csv', 'conditions.csv', 'fhir']), 'synthea-csv', 2],
    ['a Synthea patients.csv', file('patients.csv', 'Id,BIRTHDATE,DEATHDATE,SSN\n'), 'synthea-csv', 2],
    ['a FHIR bundle', file('p.json', '{\n  "resourceType": "Bundle",\n  "type": "transaction"'), 'fhir', 2],
    ['a FHIR bulk export', folder('bulk', ['patient.ndjson'], [{ name: 'Patient.ndjson', head: '{"resourceType":"Patient","id":"1"}\n' }]), 'fhir', 2],
  ])('recognise %s', (_, probe, name, certainty) => {
    expect(detectFormat(probe)).toMatchObject({ format: { name }, certainty });
  });

  it('recognise nothing in a file no format reads', () => {
    expect(detectFormat(file('notes.txt', 'hello'))).toBeNull();
    expect(detectFormat(folder('empty', []))).toBeNull();
  });
});
