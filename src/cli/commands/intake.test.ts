import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeBake } from '../../bake/codec';
import * as bake from './bake';
import * as inspect from './inspect';

let out: string[];
let err: string[];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

function installation(csv: string, data: object = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'noctiluca-cli-'));
  writeFileSync(join(dir, 'installation.json'), JSON.stringify({ version: 2, name: 'tmp', title: 'tmp', data: { source: 'journeys.csv', privacy: { minCommunitySize: 1 }, ...data } }));
  writeFileSync(join(dir, 'journeys.csv'), csv);
  return dir;
}

const CSV = 'journey_id,date,event,community,pain\na,2140-01-01,checkup,Harbour,3\na,2142-06-01,filling,Harbour,1\nb,2141-13-01,checkup,,\nc,2143-01-01,wobble,Eastfield,\n';

describe('noctiluca inspect', () => {
  it('prints journeys, events, communities, date range, skipped rows and measure ranges', async () => {
    expect(await inspect.run([installation(CSV)])).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/journeys\s+2/);
    expect(text).toMatch(/events\s+3/);
    expect(text).toContain('Harbour');
    expect(text).toContain('2140-01-01 … 2143-01-01');
    expect(text).toContain('1 row skipped: 1 bad date (line 4)');
    expect(text).toContain('journeys.csv:4: date "2141-13-01"');
    expect(text).toMatch(/wellness\s+0\.\d+/);
  });
  it('works on a bare data file', async () => {
    const dir = installation(CSV);
    expect(await inspect.run([join(dir, 'journeys.csv')])).toBe(0);
  });
  it('exits non-zero when nothing usable was found', async () => {
    expect(await inspect.run([installation('journey_id,date,event\nx,bad,checkup\n')])).toBe(1);
    expect(err.join('\n')).toContain('nothing usable');
    expect(await inspect.run([installation('')])).toBe(1);
    expect(await inspect.run([installation('a,b\n1,2\n')])).toBe(1);
    expect(err.join('\n')).toContain('missing required column "journey_id"');
    expect(await inspect.run([])).toBe(2);
  });
});

describe('noctiluca bake', () => {
  it('writes .bake/mosaic.bin and prints the summary', async () => {
    const dir = installation(CSV);
    expect(await bake.run([dir])).toBe(0);
    const file = join(dir, '.bake', 'mosaic.bin');
    expect(existsSync(file)).toBe(true);
    const m = decodeBake(new Uint8Array(readFileSync(file)));
    expect(m.journeyCount).toBe(2);
    expect(out.join('\n')).toContain('1 row skipped: 1 bad date (line 4)');
  });
  it('writes nothing and exits 1 when there is nothing to bake', async () => {
    const dir = installation('journey_id,date,event\n');
    expect(await bake.run([dir])).toBe(1);
    expect(existsSync(join(dir, '.bake'))).toBe(false);
  });
});

describe('data text on the terminal', () => {
  it('inspect shows escape sequences and bidi overrides in the data as visible escapes', async () => {
    const dir = installation('journey_id,date,event,community\na,2140-01-01,checkup,Harbour\nb,\u001b[2J\u001b]0;owned\u0007,checkup,\u202eevil\r\n');
    expect(await inspect.run([dir])).toBe(0);
    const text = [...out, ...err].join('\n');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('\\u001b[2J');
  });
});

const repo = new URL('../../..', import.meta.url).pathname;

describe('noctiluca inspect finds the format itself', () => {
  it.each([
    ['a Synthea CSV export folder', 'tests/fixtures/synthea/sample', 'synthea-csv', 'detected from the content'],
    ['a FHIR bulk-export folder (NDJSON)', 'tests/fixtures/fhir/7065c955-ndjson', 'fhir', 'detected from the content'],
    ['a FHIR bundle file', 'tests/fixtures/fhir/7065c955-bundle.json', 'fhir', 'detected from the content'],
    ['an event-log file', 'installations/harmonia/journeys.csv', 'event-log', 'detected from the content'],
  ])('%s, with no flags', async (_, path, format, from) => {
    expect(await inspect.run([join(repo, path)])).toBe(0);
    const text = out.join('\n');
    expect(text.split('\n')[0]).toContain(`(${format}, ${from};`);
    expect(text).toMatch(/journeys\s+[1-9]/);
    // Read as what it is: a Synthea folder is never taken for an event log missing its journey_id.
    expect(err.join('\n')).not.toMatch(/journey_id/);
  });

  it('takes --format, and says which names it knows when it is wrong', async () => {
    const dir = installation(CSV);
    expect(await inspect.run([join(dir, 'journeys.csv'), '--format', 'event-log'])).toBe(0);
    expect(out[0]).toContain('(event-log, from --format;');
    expect(await inspect.run([join(dir, 'journeys.csv'), '--format=hl7'])).toBe(1);
    expect(err.join('\n')).toContain('--format: no format "hl7"; expected one of event-log, synthea-csv, fhir');
  });

  it('says when an installation\'s source looks like another format than its config says', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'noctiluca-cli-'));
    cpSync(join(repo, 'tests/fixtures/synthea/sample'), join(dir, 'export'), { recursive: true });
    writeFileSync(join(dir, 'installation.json'), JSON.stringify({ version: 2, name: 'tmp', title: 'tmp', data: { source: 'export' } }));
    // Read as the config says (an event log), it fails; the note says why.
    expect(await inspect.run([dir])).toBe(1);
    expect(err.join('\n')).toContain('note: data.source looks like synthea-csv (a Synthea CSV export folder');
  });

  it('cannot tell a file no format reads, and says how to name one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'noctiluca-cli-'));
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    expect(await inspect.run([join(dir, 'notes.txt')])).toBe(1);
    expect(err.join('\n')).toMatch(/cannot tell the format of .*notes\.txt: .*--format event-log\|synthea-csv\|fhir/);
  });
});

describe('unknown options are refused, not ignored', () => {
  it.each([
    ['inspect', inspect.run, ['--fromat', 'fhir', 'x']],
    ['bake', bake.run, ['x', '--dry-run']],
  ])('%s', async (name, run, args) => {
    expect(await run(args as string[])).toBe(2);
    expect(err.join('\n')).toMatch(new RegExp(`noctiluca ${name}: unknown option --(fromat|dry-run); it takes --format and --help`));
    expect(err.join('\n')).toContain(`usage: noctiluca ${name}`);
  });
});

describe('a data folder with a link out of it', () => {
  it('inspect refuses the link, names it, and never quotes what it points at', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'noctiluca-cli-link-'));
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'secret.csv'), 'journey_id,date,event\nSECRET-ID,2140-01-01,checkup\n');
    writeFileSync(join(dir, 'data', 'a.csv'), 'journey_id,date,event\na,2140-01-01,checkup\n');
    symlinkSync(join(dir, 'secret.csv'), join(dir, 'data', 'b.csv'));
    expect(await inspect.run([join(dir, 'data')])).toBe(1);
    const text = [...out, ...err].join('\n');
    expect(text).toMatch(/b\.csv: leads outside .* \(through a symbolic link\)/);
    expect(text).not.toContain('SECRET');
  });
});
