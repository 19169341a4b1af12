import { existsSync, mkdtempSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBake } from '../bake/codec';
import type { EventReader } from '../data/events';
import { testSpec } from '../data/testing';
import { bakeInstallationData, installationSecret, readerFor, SECRET_FILE, secretPath } from './bake';
import { resolveIntakeTarget } from './intakeTarget';
import { readEventLog } from '../data/eventLog';

function tempInstallation(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'noctiluca-bake-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('bakeInstallationData', () => {
  it('reads the event log, bakes and encodes', async () => {
    const dir = tempInstallation({ 'journeys.csv': 'journey_id,date,event\na,2140-01-01,checkup\na,2141-01-01,filling\nb,bad,checkup\n' });
    const r = await bakeInstallationData(dir, testSpec(), 'tmp');
    expect(r.bake.journeyCount).toBe(1);
    expect(r.summary.rowsRead).toBe(3);
    expect(r.issues).toMatchObject([{ code: 'bad-date', file: 'journeys.csv', line: 4 }]);
    expect(r.bake.report.summary).toBe('1 row skipped: 1 bad date (line 4)');
    expect(decodeBake(r.bytes).measures.events[0]).toBe(2);
  });

  it('locates a journey\'s cell among the journeys the window keeps', async () => {
    // c's care all falls before the window: left out, so it has no cell, and the others' cells are theirs.
    const csv = 'journey_id,date,event\nc,2131-01-01,checkup\na,2140-03-01,checkup\na,2141-03-01,filling\nb,2139-05-01,checkup\nb,2141-06-01,cleaning\nd,2141-02-01,checkup\ne,2140-09-01,filling\n';
    const dir = tempInstallation({ 'journeys.csv': csv });
    const spec = testSpec({ window: { start: '2140-01-01', end: '2142-01-01' }, privacy: { minCommunitySize: 1, datePrecision: 'year', synthetic: true } });
    const r = await bakeInstallationData(dir, spec, 'tmp', undefined, { secret: 'ab'.repeat(32), locate: ['a', 'b', 'c', 'd', 'e', 'nobody'] });
    expect(r.bake.journeyCount).toBe(4);
    expect(r.located.get('c')).toBe(-1);
    expect(r.located.get('nobody')).toBe(-1);
    const years = (cell: number) => [...r.bake.eventDates.subarray(r.bake.eventOffsets[cell], r.bake.eventOffsets[cell + 1])];
    expect(years(r.located.get('a')!)).toEqual([2140, 2141]);
    expect(years(r.located.get('b')!)).toEqual([2139, 2141]);
    expect(years(r.located.get('d')!)).toEqual([2141]);
    expect(years(r.located.get('e')!)).toEqual([2140]);
  });

  it('reads a folder of event logs, naming each file in messages', async () => {
    const dir = tempInstallation({
      'data/a.csv': 'journey_id,date,event\na,2140-01-01,checkup\nx,nope,checkup\n',
      'data/b.json': JSON.stringify([{ journey_id: 'a', date: '2141-01-01', event: 'filling' }, { journey_id: 'y', date: 'never', event: 'x' }]),
    });
    const r = await bakeInstallationData(dir, testSpec({ source: 'data' }), 'tmp');
    expect(r.bake.measures.events[0]).toBe(2);
    expect(r.bake.report.summary).toBe('2 rows skipped: 2 bad dates (a.csv:3, b.json:2)');
  });

  it('a missing required column stops the load with the columns found', async () => {
    const dir = tempInstallation({ 'journeys.csv': 'id,date,event\na,2140-01-01,checkup\n' });
    await expect(bakeInstallationData(dir, testSpec(), 'tmp')).rejects.toThrow(/missing required column "journey_id".*"id", "date", "event"/);
  });

  it('a missing data file is a clear error', async () => {
    const dir = tempInstallation({});
    await expect(bakeInstallationData(dir, testSpec(), 'tmp')).rejects.toThrow(/data source not found/);
  });

  it('picks the reader by format; readers can be supplied', async () => {
    const fake: EventReader = async (_path, _spec, sink) => {
      sink.event({ journeyId: 'p1', time: Date.UTC(2140, 0, 1), kind: 'checkup', source: { file: 'fhir', line: 1 } });
      return { rowsRead: 1, counts: {}, tallies: {} };
    };
    const r = await bakeInstallationData(tempInstallation({}), testSpec({ format: 'fhir' }), 'tmp', { fhir: fake });
    expect(r.bake.journeyCount).toBe(1);
    expect(await readerFor('event-log')).toBe(readEventLog);
    await expect(readerFor('xml' as never)).rejects.toThrow(/data.format "xml" is not known/);
  });
});

describe('the data spec of an installation comes from its validated config', () => {
  it('reads the shipped installation with the schema defaults', async () => {
    const t = await resolveIntakeTarget('harmonia');
    expect(t.isInstallation).toBe(true);
    expect(t.spec).toMatchObject({ format: 'event-log', timelineSamples: 64, privacy: { minCommunitySize: 11, datePrecision: 'year' } });
    expect(t.spec.source).toMatch(/installations\/harmonia\/journeys\.csv$/);
  });
  it('stops on an invalid config with every message, naming the file and key', async () => {
    const dir = tempInstallation({
      'installation.json': JSON.stringify({ version: 2, name: 'x', title: 'x', data: { source: 'a.csv', privacy: { datePrecision: 'day' } } }),
    });
    await expect(resolveIntakeTarget(dir)).rejects.toThrow(/installation\.json: data\.privacy\.datePrecision: .*"day"/);
  });
  it('reads a bare data file with the defaults', async () => {
    const t = await resolveIntakeTarget(join(__dirname, '../../installations/starter/journeys.csv'));
    expect(t).toMatchObject({ isInstallation: false, name: 'journeys.csv', spec: { source: 'journeys.csv', format: 'event-log' } });
  });
});

describe('the artefact bytes hold no ids, exact dates or unconsented stories', () => {
  it('scans the encoded file', async () => {
    const rows = ['journey_id,date,event,community,consent_story,story'];
    for (let i = 0; i < 30; i++) {
      rows.push(`resident-${1000 + i},2140-03-${String(10 + (i % 18)).padStart(2, '0')},checkup,Harbour,${i === 0},${i === 0 ? 'shared words' : `secret ${i}`}`);
    }
    for (let i = 0; i < 12; i++) rows.push(`resident-${2000 + i},2140-04-01,checkup,Quay,false,`);
    rows.push('resident-9999,2141-07-19,checkup,Hamlet,false,');
    const dir = tempInstallation({ 'journeys.csv': rows.join('\n'), 'installation.json': '{}' });
    const { bytes, bake } = await bakeInstallationData(dir, testSpec(), 'tmp');
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    expect(text).toContain('shared words');
    expect(text).not.toMatch(/resident-\d+/);
    expect(text).not.toMatch(/secret \d+/);
    expect(text).not.toMatch(/2140-03-\d\d|2141-07/);
    expect(text).not.toContain('Hamlet');
    // Hamlet's one journey would be an "other" of 1: the smallest community (Quay) joins it.
    expect(bake.communities).toEqual(['Harbour', 'other']);
    expect(text).not.toContain('Quay');
    // The secret keys the bake but is never in it.
    expect(text).not.toContain(readFileSync(secretPath(dir), 'utf8').trim());
  });
});

describe('the installation secret', () => {
  it('is made on the first bake (mode 600), kept, and reused: the same data bakes to the same bytes', async () => {
    const dir = tempInstallation({ 'journeys.csv': 'journey_id,date,event\na,2140-01-01,checkup\nb,2141-01-01,checkup\n', 'installation.json': '{}' });
    expect(existsSync(secretPath(dir))).toBe(false);
    const first = await bakeInstallationData(dir, testSpec(), 'tmp');
    const secret = readFileSync(secretPath(dir), 'utf8');
    expect(secret).toMatch(/^[0-9a-f]{64}\n$/);
    expect(statSync(secretPath(dir)).mode & 0o777).toBe(0o600);
    const again = await bakeInstallationData(dir, testSpec(), 'tmp');
    expect(readFileSync(secretPath(dir), 'utf8')).toBe(secret);
    expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(await installationSecret(dir)).toBe(secret.trim());
  });

  it('a file that holds no secret is an error, never replaced', async () => {
    const dir = tempInstallation({ 'journeys.csv': 'journey_id,date,event\na,2140-01-01,checkup\n', 'installation.json': '{}', '.secret.key': 'not hex\n' });
    await expect(bakeInstallationData(dir, testSpec(), 'tmp')).rejects.toThrow(/\.secret\.key in .* is not a secret \(expected 32 or more hex digits\); delete it/);
    expect(readFileSync(secretPath(dir), 'utf8')).toBe('not hex\n');
  });

  it('a bare data folder (not an installation) gets no secret file', async () => {
    const dir = tempInstallation({ 'journeys.csv': 'journey_id,date,event\na,2140-01-01,checkup\n' });
    await bakeInstallationData(dir, testSpec(), 'tmp');
    expect(existsSync(secretPath(dir))).toBe(false);
  });

  it('is git-ignored in every installation folder', () => {
    const ignore = readFileSync(join(__dirname, '../../.gitignore'), 'utf8').split('\n');
    expect(ignore).toContain(`installations/*/${SECRET_FILE}`);
  });
});
