import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeBake } from '../../bake/codec';
import { EVENT_KINDS } from '../../data/events';
import * as bake from './bake';
import * as inspect from './inspect';
import * as privacy from './privacy';

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
    writeFileSync(join(dir, 'installation.json'), JSON.stringify({ version: 2, name: 'tmp', title: 'tmp', data: { source: 'export', format: 'event-log' } }));
    // Read as the config says (an event log), it fails; the note says why.
    expect(await inspect.run([dir])).toBe(1);
    expect(err.join('\n')).toContain('note: data.source looks like synthea-csv (a Synthea CSV export folder');
  });

  it('reads an installation whose config names no format as the format its source is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'noctiluca-cli-'));
    cpSync(join(repo, 'tests/fixtures/synthea/sample'), join(dir, 'export'), { recursive: true });
    writeFileSync(join(dir, 'installation.json'), JSON.stringify({ version: 2, name: 'tmp', title: 'tmp', data: { source: 'export' } }));
    expect(await inspect.run([dir])).toBe(0);
    expect(out.join('\n')).toContain('(synthea-csv, detected from the content; source export)');
    expect(out.join('\n')).toMatch(/journeys\s+47/);
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

describe('the time window keeps the journeys with care inside it (data.window.keep)', () => {
  // c's care all falls before the window: a cell that would never light.
  const WINDOWED = 'journey_id,date,event\na,2140-03-01,checkup\na,2141-03-01,cleaning\nb,2139-05-01,checkup\nb,2141-06-01,filling\nc,2131-01-01,checkup\nc,2133-01-01,filling\n';
  it('leaves out a journey with no care inside the window and says so', async () => {
    const dir = installation(WINDOWED, { window: { start: '2140-01-01', end: '2142-01-01' } });
    expect(await bake.run([dir])).toBe(0);
    const m = decodeBake(new Uint8Array(readFileSync(join(dir, '.bake', 'mosaic.bin'))));
    expect(m.journeyCount).toBe(2);
    expect(out.join('\n')).toContain('1 journey has no care inside the window (2140 … 2142) and is left out (data.window.keep: "all" keeps it)');
    out.length = 0;
    expect(await inspect.run([dir])).toBe(0);
    expect(out.join('\n')).toContain('note     1 journey has no care inside the window');
    expect(out.join('\n')).toMatch(/journeys\s+2 in the mosaic \(of 3 read; 1 with no care inside the window left out\)/);
    // The privacy report attacks the journeys the bake kept (it once counted 3 journeys for 2 cells and refused).
    out.length = 0;
    await privacy.run([dir]);
    const report = [...out, ...err].join('\n');
    expect(report).toMatch(/: 2 cells, k = 1/);
    expect(report).not.toContain('bake again');
  });
  it('keeps them all with keep: "all"', async () => {
    const dir = installation(WINDOWED, { window: { start: '2140-01-01', end: '2142-01-01', keep: 'all' } });
    expect(await bake.run([dir])).toBe(0);
    expect(decodeBake(new Uint8Array(readFileSync(join(dir, '.bake', 'mosaic.bin')))).journeyCount).toBe(3);
    expect(out.join('\n')).not.toContain('no care inside the window');
  });
  it('a window from the data keeps every journey', async () => {
    const dir = installation(WINDOWED);
    expect(await bake.run([dir])).toBe(0);
    expect(decodeBake(new Uint8Array(readFileSync(join(dir, '.bake', 'mosaic.bin')))).journeyCount).toBe(3);
  });
});

describe('code and event-name mapping from the config (data.codes)', () => {
  const PMS = 'journey_id,date,event\na,2140-01-01,Scale & polish\na,2140-06-01,Exam\nb,2141-01-01,scale & polish\nb,2141-02-01,Recall exam\n';
  it('inspect prints the unknown event names as a snippet to paste', async () => {
    const dir = installation(PMS);
    expect(await inspect.run([dir])).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('to give them kinds, put this in installation.json\'s "data"');
    const lines = out.join('\n').split('\n');
    const at = lines.findIndex((l) => l.trim() === '"codes": {');
    const snippet = lines.slice(at, lines.findIndex((l, i) => i > at && l === '    }') + 1).join('\n');
    // What the artist pastes is JSON.
    const pasted = JSON.parse(`{${snippet}}`);
    expect(pasted.codes.events).toEqual({ 'Scale & polish': 'other', 'scale & polish': 'other', 'Recall exam': 'other' });
  });
  it('reads the names the config maps, exactly and then ignoring case, and inspect asks for no more', async () => {
    const dir = installation(PMS, { privacy: { minCommunitySize: 1, synthetic: true }, codes: { events: { 'Scale & polish': 'cleaning', 'Recall exam': 'checkup' } } });
    expect(await bake.run([dir])).toBe(0);
    const m = decodeBake(new Uint8Array(readFileSync(join(dir, '.bake', 'mosaic.bin'))));
    expect([...m.eventKinds].map((k) => EVENT_KINDS[k]).sort()).toEqual(['checkup', 'checkup', 'cleaning', 'cleaning']);
    out.length = 0;
    expect(await inspect.run([dir])).toBe(0);
    expect(out.join('\n')).not.toContain('"codes": {');
    expect(out.join('\n')).not.toContain('unknown event');
  });
  it('maps a Synthea export\'s unmapped SNOMED CT codes from the config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'noctiluca-cli-'));
    cpSync(join(repo, 'tests/fixtures/synthea/sample'), join(dir, 'export'), { recursive: true });
    const write = (codes: object) =>
      writeFileSync(
        join(dir, 'installation.json'),
        JSON.stringify({ version: 2, name: 'tmp', title: 'tmp', data: { source: 'export', format: 'synthea-csv', privacy: { minCommunitySize: 1, synthetic: true }, codes } }),
      );
    write({});
    expect(await inspect.run([dir])).toBe(0);
    let text = out.join('\n');
    const unmapped = [...text.matchAll(/^\s+\d+\s+(\d{6,18}) /gm)].map((m) => m[1]);
    expect(unmapped.length).toBeGreaterThan(0);
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.trim() === '"codes": {');
    const end = lines.findIndex((l, i) => i > at && l === '    }');
    const pasted = JSON.parse(`{${lines.slice(at, end + 1).join('\n')}}`);
    expect(Object.keys(pasted.codes.snomed).sort()).toEqual([...unmapped].sort());
    // The artist gives each a kind and pastes it back.
    for (const code of unmapped) pasted.codes.snomed[code] = { ...pasted.codes.snomed[code], kind: 'extraction' };
    write(pasted.codes);
    out.length = 0;
    expect(await inspect.run([dir])).toBe(0);
    text = out.join('\n');
    expect(text).toContain('unmapped dental codes (imported as "other"): none');
    expect(text).not.toContain('"codes": {');
  });
  it('a config name comes before the built-in one, on the fast byte path too', async () => {
    // "Exam" is a built-in name for a checkup; this practice writes it for its screenings.
    const dir = installation(PMS, { privacy: { minCommunitySize: 1, synthetic: true }, codes: { events: { Exam: 'screening', 'scale & polish': 'cleaning', 'Recall exam': 'checkup' } } });
    expect(await bake.run([dir])).toBe(0);
    const m = decodeBake(new Uint8Array(readFileSync(join(dir, '.bake', 'mosaic.bin'))));
    expect([...m.eventKinds].map((k) => EVENT_KINDS[k]).sort()).toEqual(['checkup', 'cleaning', 'cleaning', 'screening']);
  });
  it('the config refuses what is not a SNOMED CT code or an event kind, naming the path', async () => {
    const dir = installation(PMS, { codes: { snomed: { 'D1110': 'cleaning' }, events: { Exam: 'exam' } } });
    expect(await inspect.run([dir])).toBe(1);
    const text = err.join('\n');
    expect(text).toContain('data.codes.snomed');
    expect(text).toContain('data.codes.events.Exam');
  });
});

describe('an export too small for its communities', () => {
  it('inspect says that privacy merging leaves one community, why, and what to change', async () => {
    // 47 patients in 10 counties of 1–10: at the default k = 11 every county merges into "other".
    expect(await inspect.run([join(repo, 'tests/fixtures/synthea/sample')])).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('warning  after privacy merging the mosaic shows 1 community ("other", 47 journeys)');
    expect(text).toContain('each of its 10 communities has fewer than data.privacy.minCommunitySize (k = 11) journeys (the largest, "Worcester County", has 10)');
    expect(text).toContain('data.communityFrom "income-band"');
    expect(text).toContain('lower data.privacy.minCommunitySize to 9, which keeps "Worcester County" and "Middlesex County" apart');
  });
  it('says nothing when the communities stand', async () => {
    expect(await inspect.run([installation(CSV)])).toBe(0);
    expect(out.join('\n')).not.toContain('after privacy merging');
  });
});
