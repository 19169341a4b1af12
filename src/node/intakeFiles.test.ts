import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEventLogText } from '../data/eventLog';
import { collectingSink, testSpec } from '../data/testing';
import { readEventLogFiles, streamTextFile } from './intakeFiles';

describe('intake files', () => {
  it('multi-byte characters split across chunks arrive whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'noctiluca-files-'));
    const text = 'journey_id,date,event,community\nß,2140-01-01,checkup,Søndre Ålesund 歯科\n';
    writeFileSync(join(dir, 'x.csv'), text);
    const chunks: string[] = [];
    await streamTextFile(join(dir, 'x.csv'), (c) => chunks.push(c), 5);
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.join('')).toBe(text);
  });
  it('reads a file into the sink and sums the counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'noctiluca-files-'));
    writeFileSync(join(dir, 'x.csv'), '\uFEFFjourney_id;date;event\r\na;2140-01-01;checkup\r\nb;x;checkup\r\n');
    const sink = collectingSink();
    const s = await readEventLogFiles(join(dir, 'x.csv'), testSpec(), sink);
    expect(s).toMatchObject({ rowsRead: 2, counts: { files: 1, events: 1, rowsSkipped: 1 } });
    expect(sink.issues[0]).toMatchObject({ file: 'x.csv', line: 3, code: 'bad-date' });
  });
  it('a CSV file read as bytes gives what its text gives, a character cut between chunks included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'noctiluca-files-'));
    // Rows up to just before the first 1 MiB chunk ends, then a row whose 'ø' (two bytes) straddles it.
    let text = 'journey_id,date,event,community\n';
    let k = 0;
    while (text.length < (1 << 20) - 100) text += `j${k++},2140-01-01,checkup,Harbour\n`;
    const cut = (1 << 20) - 1 - text.length - 'x,2140-01-01,checkup,'.length;
    text += `x,2140-01-01,checkup,${'H'.repeat(cut)}øst\ny,bad,checkup,Ålesund\n`;
    expect(Buffer.from(text).subarray((1 << 20) - 1, (1 << 20) + 1).toString()).toBe('ø');
    writeFileSync(join(dir, 'x.csv'), text);
    const fromFile = collectingSink();
    await readEventLogFiles(join(dir, 'x.csv'), testSpec(), fromFile);
    const fromText = collectingSink();
    parseEventLogText(text, 'x.csv', testSpec(), fromText);
    expect(fromFile.events.at(-1)?.community).toBe(`${'H'.repeat(cut)}øst`);
    expect(fromFile.events).toEqual(fromText.events);
    expect(fromFile.issues).toEqual(fromText.issues);
    expect(fromFile.issues).toMatchObject([{ code: 'bad-date', line: k + 3 }]);
  });
});
