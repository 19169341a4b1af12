import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
