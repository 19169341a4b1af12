/**
 * An endless or huge source stops with a message (issue 14): devices, pipes, a 10 GB file, a file
 * that grows while it is read, and links out of the source's folder are refused before (or while)
 * reading, by every reader.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync, ftruncateSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventLog } from './eventLog';
import { DataError } from './messages';
import { MAX_STREAMED_FILE, checkDataFile, streamDataFile } from './files';
import { readFhir } from './import/fhir';
import { readSyntheaCsv } from './import/synthea';
import { collectingSink, testSpec } from './testing';

let dir: string;
const SECRET = 'TOP-SECRET-do-not-echo';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'noctiluca-files-'));
  writeFileSync(join(dir, 'outside.csv'), `journey_id,date,event\n${SECRET},2140-01-01,checkup\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = async (reader: typeof readEventLog, path: string, format: 'event-log' | 'synthea-csv' | 'fhir' = 'event-log') => {
  const sink = collectingSink();
  await reader(path, testSpec({ format }), sink);
  return sink;
};

/** Runs `f` and returns its DataError message (fails if it resolves or throws something else). */
async function refusal(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('endless and huge sources', () => {
  it.each(['/dev/zero', '/dev/urandom'])('%s is refused at once: not a regular file', async (dev) => {
    if (!existsSync(dev)) return;
    const started = performance.now();
    expect(await refusal(() => read(readEventLog, dev))).toMatch(/not an event-log file|is a device, not a regular file/);
    expect(await refusal(() => checkDataFile(dev, dev, MAX_STREAMED_FILE))).toMatch(/is a device, not a regular file; .*refused, nothing was read/);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('a named pipe is refused without opening it (opening one would wait for a writer forever)', async () => {
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal(() => read(readEventLog, fifo))).toMatch(/pipe\.csv: is a pipe \(FIFO\), not a regular file/);
  });

  it('a 10 GB file is refused before a byte is read', async () => {
    const big = join(dir, 'big.csv');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 10 * 1024 ** 3); // sparse: no disk used
    closeSync(fd);
    const started = performance.now();
    expect(await refusal(() => read(readEventLog, big))).toMatch(/big\.csv: is 10\.0 GiB, over the limit of 4\.0 GiB for one data file; refused, nothing was read/);
    expect(performance.now() - started).toBeLessThan(2000);
    rmSync(big);
  });

  it('a JSON file read whole has a smaller limit', async () => {
    const big = join(dir, 'big.json');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 300 * 1024 ** 2);
    closeSync(fd);
    expect(await refusal(() => read(readEventLog, big))).toMatch(/big\.json: is 300\.0 MiB, over the limit of 256\.0 MiB for a file read whole \(use CSV or NDJSON for more\)/);
    rmSync(big);
  });

  it('a file that reports one size and yields more (a /proc file) stops at the limit', async () => {
    const proc = '/proc/self/maps';
    if (!existsSync(proc)) return;
    expect(await refusal(() => streamDataFile(proc, proc, () => {}, { maxBytes: 16, chunkBytes: 16 }))).toMatch(/grew past 16 bytes while it was read; stopped/);
  });
});

describe('links out of a source folder', () => {
  it('event-log folder: a file linking outside is refused, its content never quoted', async () => {
    const folder = join(dir, 'log');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.csv'), 'journey_id,date,event\nx,2140-01-01,checkup\n');
    symlinkSync(join(dir, 'outside.csv'), join(folder, 'b.csv'));
    const m = await refusal(() => read(readEventLog, folder));
    expect(m).toMatch(/b\.csv: leads outside .*log \(through a symbolic link\); .*refused, nothing was read/);
    expect(m).not.toContain(SECRET);
  });

  it('Synthea folder: a patients.csv linking outside is refused', async () => {
    const folder = join(dir, 'synthea');
    cpSync(fileURLToPath(new URL('../../tests/fixtures/synthea/sample', import.meta.url)), folder, { recursive: true });
    rmSync(join(folder, 'patients.csv'));
    symlinkSync(join(dir, 'outside.csv'), join(folder, 'patients.csv'));
    const m = await refusal(() => read(readSyntheaCsv, folder, 'synthea-csv'));
    expect(m).toMatch(/patients\.csv: leads outside/);
    expect(m).not.toContain(SECRET);
  });

  it('FHIR folder: a bundle linking outside is refused', async () => {
    const folder = join(dir, 'fhir');
    mkdirSync(folder);
    writeFileSync(join(dir, 'outside.json'), `{"resourceType":"Bundle","entry":[],"note":"${SECRET}"}`);
    symlinkSync(join(dir, 'outside.json'), join(folder, 'x.json'));
    const m = await refusal(() => read(readFhir, folder, 'fhir'));
    expect(m).toMatch(/x\.json: leads outside/);
    expect(m).not.toContain(SECRET);
  });

  it('a link that stays inside the folder is fine', async () => {
    const folder = join(dir, 'inside');
    mkdirSync(join(folder, 'data'), { recursive: true });
    writeFileSync(join(folder, 'data', 'real.csv'), 'journey_id,date,event\nx,2140-01-01,checkup\n');
    symlinkSync(join(folder, 'data', 'real.csv'), join(folder, 'link.csv'));
    const sink = await read(readEventLog, join(folder, 'link.csv'));
    expect(sink.events).toHaveLength(1);
  });
});

describe('bad JSON in a data file', () => {
  it('deep nesting in NDJSON and a JSON array: a message with file and position, never a stack overflow', async () => {
    const nd = join(dir, 'deep.ndjson');
    writeFileSync(nd, `{"journey_id":"a","date":"2140","event":"checkup"}\n{"journey_id":"b","date":"2140","event":"checkup","x":${'['.repeat(50_000)}${']'.repeat(50_000)}}\n`);
    const sink = await read(readEventLog, nd);
    expect(sink.events).toHaveLength(1);
    expect(sink.issues).toMatchObject([{ code: 'bad-json', line: 2, message: expect.stringMatching(/^deep\.ndjson:2: line is not valid JSON \(nested more than 64 levels deep.*at column 118\); skipped$/) }]);

    const arr = join(dir, 'deep.json');
    writeFileSync(arr, `[\n  {"journey_id":"a","date":"2140","event":"checkup","x":${'{"y":'.repeat(100_000)}1${'}'.repeat(100_000)}}\n]`);
    expect(await refusal(() => read(readEventLog, arr))).toMatch(/^deep\.json:2:\d+: not valid JSON \(nested more than 64 levels deep/);
  });

  it('deep nesting in a FHIR bundle and in FHIR NDJSON', async () => {
    const folder = join(dir, 'fhir-deep');
    mkdirSync(folder);
    writeFileSync(join(folder, 'bundle.json'), `{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Patient","id":"p","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}}]}`);
    const sink = await read(readFhir, folder, 'fhir');
    expect(sink.issues).toMatchObject([{ code: 'bad-json', file: 'bundle.json', message: expect.stringMatching(/nested more than 64 levels deep.*at line 1, column \d+\); the file is skipped/) }]);

    const ndFolder = join(dir, 'fhir-deep-nd');
    mkdirSync(ndFolder);
    writeFileSync(join(ndFolder, 'Patient.ndjson'), `{"resourceType":"Patient","id":"p1"}\r\n{"resourceType":"Patient","id":"p2","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}\r\n`);
    const nd = await read(readFhir, ndFolder, 'fhir');
    expect(nd.issues).toMatchObject([{ code: 'bad-json', file: 'Patient.ndjson', line: 2, message: expect.stringMatching(/nested more than 64 levels deep/) }]);
  });

  it('not JSON: the message gives the position, not the text', async () => {
    const f = join(dir, 'broken.json');
    writeFileSync(f, `[{"journey_id":"${SECRET}", date: 1}]`);
    const m = await refusal(() => read(readEventLog, f));
    expect(m).toMatch(/^broken\.json:1:\d+: not valid JSON/);
    expect(m).not.toContain(SECRET);
  });
});
