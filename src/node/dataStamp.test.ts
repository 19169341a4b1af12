import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testSpec } from '../data/testing';
import { dataStamp } from './dataStamp';

const dirs: string[] = [];
const folder = () => {
  const d = mkdtempSync(join(tmpdir(), 'noctiluca-stamp-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('dataStamp', () => {
  it('is the same while nothing changes, and changes with the file, even rewritten to the same size and mtime', async () => {
    const dir = folder();
    const spec = testSpec({ source: 'journeys.csv' });
    const file = join(dir, 'journeys.csv');
    writeFileSync(file, 'journey_id,date,event\na,2140-01-01,checkup\n');
    const first = await dataStamp(dir, spec);
    expect(await dataStamp(dir, spec)).toBe(first);
    const { atime, mtime } = statSync(file);
    writeFileSync(file, 'journey_id,date,event\nb,2140-01-01,checkup\n');
    utimesSync(file, atime, mtime);
    expect(await dataStamp(dir, spec)).not.toBe(first);
  });

  it('changes with a file added under a source folder, and with the data spec', async () => {
    const dir = folder();
    mkdirSync(join(dir, 'export'));
    writeFileSync(join(dir, 'export', 'a.ndjson'), '{}\n');
    const spec = testSpec({ source: 'export' });
    const first = await dataStamp(dir, spec);
    writeFileSync(join(dir, 'export', 'b.ndjson'), '{}\n');
    const second = await dataStamp(dir, spec);
    expect(second).not.toBe(first);
    expect(await dataStamp(dir, testSpec({ source: 'export', privacy: { minCommunitySize: 20, datePrecision: 'year' } }))).not.toBe(second);
  });

  it('never matches for a missing source, so the reader runs and says why', async () => {
    const dir = folder();
    const spec = testSpec({ source: 'gone.csv' });
    expect(await dataStamp(dir, spec)).not.toBe(await dataStamp(dir, spec));
  });
});
