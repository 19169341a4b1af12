import { describe, expect, it } from 'vitest';
import { CsvTokenizer } from './csv';
import { createEventLogParser, parseEventLogText, planColumns, rowToEvent, type ColumnPlan } from './eventLog';
import type { CareEvent, RowIssue } from './events';
import { DataError, msg } from './messages';
import { collectingSink, mulberry32, testSpec } from './testing';

const HEADER = 'journey_id,date,event,community,pain,sentiment,cost_barrier,consent_story,story';

function parse(text: string, file = 'log.csv', spec = testSpec()) {
  const sink = collectingSink();
  const summary = parseEventLogText(text, file, spec, sink);
  return { ...sink, summary };
}

describe('event log: bad rows are skipped and reported with file, line and reason', () => {
  const cases: Array<[string, string, string]> = [
    ['bad date', 'a,2140-02-30,checkup,,,,,,', 'bad-date'],
    ['not a date', 'a,yesterday,checkup,,,,,,', 'bad-date'],
    ['missing journey_id', ',2140-02-01,checkup,,,,,,', 'missing-journey_id'],
    ['pain out of range', 'a,2140-02-01,checkup,,11,,,,', 'pain-out-of-range'],
    ['negative pain', 'a,2140-02-01,checkup,,-1,,,,', 'pain-out-of-range'],
    ['unparsable pain', 'a,2140-02-01,checkup,,lots,,,,', 'bad-number'],
    ['unparsable sentiment', 'a,2140-02-01,checkup,,,happy,,,', 'bad-number'],
    ['sentiment out of range', 'a,2140-02-01,checkup,,,1.5,,,', 'sentiment-out-of-range'],
    ['unparsable boolean', 'a,2140-02-01,checkup,,,,maybe,,', 'bad-boolean'],
    ['too few columns', 'a,2140-02-01,checkup', 'wrong-column-count'],
    ['too many columns', 'a,2140-02-01,checkup,,,,,,,x', 'wrong-column-count'],
  ];
  it.each(cases)('%s', (_name, row, code) => {
    const text = [HEADER, 'good,2140-01-01,checkup,,,,,,', row, 'good,2141-01-01,cleaning,,,,,,'].join('\n');
    const { events, issues, summary } = parse(text);
    expect(events.map((e) => e.source.line)).toEqual([2, 4]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'error', code, file: 'log.csv', line: 3 });
    expect(issues[0].message).toMatch(/^log\.csv:3: .*skipped/);
    expect(summary.rowsRead).toBe(3);
  });

  it('accepts trailing delimiters beyond the header', () => {
    const { events, issues } = parse(`${HEADER}\na,2140-02-01,checkup,,,,,,,,\n`);
    expect(issues).toEqual([]);
    expect(events).toHaveLength(1);
  });

  it('an unknown event kind becomes "other" with a warning, and the row is kept', () => {
    const { events, issues } = parse(`${HEADER}\na,2140-02-01,teeth whitening,,,,,,\nb,2140-02-01,Root Canal,,,,,,`);
    expect(events.map((e) => e.kind)).toEqual(['other', 'root-canal']);
    expect(issues).toMatchObject([{ severity: 'warning', code: 'unknown-event', line: 2 }]);
    expect(issues[0].message).toContain('"teeth whitening"');
    expect(issues[0].message).toContain('"other"');
  });
});

describe('event log: missing required column stops the load', () => {
  it('names the column and the columns found', () => {
    expect(() => parse('journey_id,when,event\na,2140-01-01,checkup')).toThrow(DataError);
    expect(() => parse('journey_id,when,event\na,2140-01-01,checkup')).toThrow(
      /log\.csv: missing required column "date".*columns found: "journey_id", "when", "event"/,
    );
  });
  it('column mapping: canonical → file column', () => {
    const spec = testSpec({ columns: { date: 'when', journey_id: 'Patient' } });
    const { events } = parse('Patient,when,event\na,2140-01-01,checkup', 'log.csv', spec);
    expect(events[0]).toMatchObject({ journeyId: 'a', kind: 'checkup' });
    expect(() => parse('x,when,event\na,2140-01-01,checkup', 'log.csv', spec)).toThrow(/"journey_id" \(mapped to "Patient"/);
  });
  it('matches headers regardless of case and spaces', () => {
    const { events } = parse('Journey ID,Date,Event,Cost Barrier\na,2140-01-01,checkup,yes');
    expect(events[0]).toMatchObject({ journeyId: 'a', costBarrier: true });
  });
});

describe('event log: file shapes that must work', () => {
  it('empty file: no rows, a warning, no throw', () => {
    for (const text of ['', '\n\n', '\uFEFF']) {
      const { events, issues } = parse(text);
      expect(events).toEqual([]);
      expect(issues).toMatchObject([{ severity: 'warning', code: 'empty-file' }]);
    }
  });
  it('header only: no rows, no issues', () => {
    const { events, issues } = parse(`${HEADER}\n`);
    expect(events).toEqual([]);
    expect(issues).toEqual([]);
  });
  it('byte-order mark', () => {
    const { events } = parse(`\uFEFF${HEADER}\na,2140-01-01,checkup,,,,,,`);
    expect(events).toHaveLength(1);
  });
  it('CRLF line ends, lines counted right', () => {
    const { events, issues } = parse(`${HEADER}\r\na,2140-01-01,checkup,,,,,,\r\nb,bad,checkup,,,,,,\r\n`);
    expect(events).toHaveLength(1);
    expect(issues[0].line).toBe(3);
  });
  it('quoted fields with commas, quotes and newlines; later line numbers stay right', () => {
    const text = `${HEADER}\na,2140-01-01,checkup,"Harbour, North",,,,true,"She said ""hi"",\nthen left"\nb,nope,checkup,,,,,,`;
    const { events, issues } = parse(text);
    expect(events[0].community).toBe('Harbour, North');
    expect(events[0].story).toBe('She said "hi",\nthen left');
    expect(issues[0].line).toBe(4);
  });
  it('semicolon-separated exports with decimal commas', () => {
    const { events } = parse('journey_id;date;event;sentiment;pain\na;2140-01-01;checkup;-0,5;3,5');
    expect(events[0]).toMatchObject({ sentiment: -0.5, pain: 3.5 });
  });
  it('tab-separated', () => {
    const { events } = parse('journey_id\tdate\tevent\na\t2140-01-01\tcheckup', 'log.tsv');
    expect(events).toHaveLength(1);
  });
  it('non-ASCII names and values', () => {
    const { events } = parse('journey_id,date,event,community,Zahnärztin\nß-1,2140-01-01,checkup,Søndre Ålesund,Dr. Øyvind 歯科');
    expect(events[0]).toMatchObject({ journeyId: 'ß-1', community: 'Søndre Ålesund', extra: { Zahnärztin: 'Dr. Øyvind 歯科' } });
  });
  it('extra columns are kept as text', () => {
    const { events } = parse('journey_id,date,event,income,school\na,2140-01-01,checkup,low,"St. Ann, East"');
    expect(events[0].extra).toEqual({ income: 'low', school: 'St. Ann, East' });
  });
  it('all optional columns parse', () => {
    const { events } = parse(
      'journey_id,date,event,community,age_band,access,cost_barrier,pain,sentiment,consent_story,story\n' +
        'a,2140-03-04T10:30:00Z,screening,Harbour,20-29,Mobile Unit,no,4,0.25,yes,It helped',
    );
    expect(events[0]).toEqual({
      journeyId: 'a',
      time: Date.UTC(2140, 2, 4, 10, 30),
      kind: 'screening',
      community: 'Harbour',
      ageBand: '20-29',
      access: 'mobile-unit',
      costBarrier: false,
      pain: 4,
      sentiment: 0.25,
      consentStory: true,
      story: 'It helped',
      source: { file: 'log.csv', line: 2 },
    });
  });
  it('streams: any chunking gives the same result as one string', () => {
    const text = `\uFEFF${HEADER}\r\na,2140-01-01,checkup,"x,\r\ny",,,,,\r\nb,bad,checkup,,,,,,\r\nc,2140-01-01,missed,,,,,,`;
    const whole = parse(text);
    for (const size of [1, 2, 3, 7, 13]) {
      const sink = collectingSink();
      const p = createEventLogParser('log.csv', testSpec(), sink);
      for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size));
      p.end();
      expect(sink.events).toEqual(whole.events);
      expect(sink.issues).toEqual(whole.issues);
    }
  });
  it('unterminated quote: the row is reported', () => {
    const { events, issues } = parse(`${HEADER}\na,2140-01-01,checkup,,,,,,\nb,2140-01-01,checkup,"oops,,,,,,`);
    expect(events).toHaveLength(1);
    expect(issues).toMatchObject([{ code: 'unterminated-quote', line: 3 }]);
  });
});

describe('event log: JSON', () => {
  it('a JSON array of the same records; record numbers as lines', () => {
    const text = JSON.stringify([
      { journey_id: 'a', date: '2140-01-01', event: 'checkup', pain: 2, cost_barrier: true, ward: 'N' },
      { journey_id: 'b', date: 'soon', event: 'checkup' },
      'not an object',
    ]);
    const { events, issues } = parse(text, 'log.json');
    expect(events).toMatchObject([{ journeyId: 'a', pain: 2, costBarrier: true, extra: { ward: 'N' }, source: { line: 1 } }]);
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ['bad-date', 2],
      ['bad-record', 3],
    ]);
  });
  it('not an array: a clear error', () => {
    expect(() => parse('{"journey_id": "a"}', 'log.json')).toThrow(/must be an array of records/);
    expect(() => parse('[{"a":', 'log.json')).toThrow(/^log\.json:1:7: not valid JSON \(expected a value .*\); nothing was loaded$/);
  });
  it('missing required key', () => {
    expect(() => parse('[{"journey_id":"a","event":"checkup"}]', 'log.json')).toThrow(/missing required column "date"/);
  });
  it('NDJSON, one record a line', () => {
    const { events, issues } = parse('{"journey_id":"a","date":"2140-01-01","event":"checkup"}\n{oops\n{"journey_id":"b","date":"2140-01-01","event":"filling"}\n', 'log.ndjson');
    expect(events.map((e) => e.journeyId)).toEqual(['a', 'b']);
    expect(issues).toMatchObject([{ code: 'bad-json', line: 2 }]);
  });
  it('empty array', () => {
    expect(parse('[]', 'log.json').issues).toMatchObject([{ code: 'empty-file' }]);
  });
});

describe('event log: limits', () => {
  it('a story over 1,000 characters is left out whole with a warning; the event is kept', () => {
    const long = 'word '.repeat(250).trim(); // 1,249 characters
    const ok = 'x'.repeat(1000);
    const { events, issues } = parse(`${HEADER}\na,2140-01-01,checkup,,,,,true,${long}\nb,2140-01-01,checkup,,,,,true,${ok}\nc,2140-01-01,checkup,,,,,false,${long}`);
    expect(events.map((e) => [e.journeyId, e.story?.length])).toEqual([
      ['a', undefined],
      ['b', 1000],
      ['c', undefined],
    ]);
    expect(issues).toMatchObject([{ severity: 'warning', code: 'story-too-long', line: 2 }]);
    expect(issues[0].message).toBe('log.csv:2: the story is 1,249 characters long, over the limit of 1,000; the story is left out (never cut short), the event is kept');
  });

  it('a broken quote in the header stops the load with its line', () => {
    expect(() => parse('journey_id,"date,event\na,2140-01-01,checkup')).toThrow(/^log\.csv:1: the header cannot be read: the quoted field opened on line 1 is never closed; nothing was loaded$/);
  });

  it('an NDJSON line over the limit is reported; the next line keeps its number', () => {
    const rec = JSON.stringify({ journey_id: 'a', date: '2140-01-01', event: 'checkup' });
    const { events, issues } = parse(`${rec}\n{"x":"${'y'.repeat(9 * 1024 * 1024)}"}\n${rec}`, 'log.ndjson');
    expect(events.map((e) => e.source.line)).toEqual([1, 3]);
    expect(issues).toMatchObject([{ code: 'line-too-long', line: 2 }]);
  });
});

describe('event log: CSV read from bytes gives what rowToEvent gives', () => {
  // The intake reads CSV rows from their bytes and makes strings only where it must; anything out
  // of the ordinary goes through rowToEvent as text. Random rows of ordinary and odd cells, pushed
  // as bytes in random chunks, must give exactly the events, warnings and errors of the text path:
  // the tokenizer's fields handed to rowToEvent one row at a time.
  const header = 'journey_id,date,event,community,age_band,access,cost_barrier,pain,sentiment,consent,consent_story,story,income';
  const pools: string[][] = [
    ['a', 'j1', 'ß-1', ' a', 'a ', '', '"q"', '"x""y"', 'hm-000026e0'],
    ['2140-01-01', '2144-02-29', '2140-02-29', '2140-02-30', '0999-01-01', '2140-1-1', ' 2140-01-01', '2140-01-01T10:00:00Z', '2140-13-01', '2140-01-00', 'nope', ''],
    ['checkup', 'filling', 'Check-up', ' filling', 'rootcanal', 'bogus', 'constructor', ''],
    ['Harbour', ' Harbour ', '"Harbour, North"', 'Søndre Ålesund', ''],
    ['20-29', ' 30-39', ''],
    ['clinic', 'Mobile Unit', 'tele', 'mobile', 'xyz', ''],
    ['true', 'false', 'yes', 'no', 'TRUE', ' true', '1', 'sí', 'maybe', ''],
    ['0', '10', '3.5', '.5', '5.', '+3', '-0', '007', ' 4', '"3,5"', '1e1', '11', '-1', 'lots', '0x10', '1234567890123456', ''],
    ['0.25', '-1', '1', '-0.5', '0.1234567890123', '-.75', '1.5', 'happy', ''],
    ['glow', 'card', 'story', 'Card+Story', ' card', 'bogus', ''],
    ['true', 'false', 'yes', 'no', 'maybe', ''],
    ['It helped', '  padded  ', '"multi\nline, story"', '"She said ""hi"""', 'x'.repeat(1001), ''],
    ['low', ' high ', 'ø', ''],
  ];
  const rand = mulberry32(21);
  const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const lines = [header];
  for (let k = 0; k < 3000; k++) {
    const r = rand();
    if (r < 0.01) lines.push('');
    else if (r < 0.02) lines.push('a,2140-01-01,checkup');
    // Mostly ordinary rows (the first value of each pool), some odd.
    else lines.push(pools.map((p) => (rand() < 0.8 ? p[0] : pick(p))).join(','));
  }
  const text = lines.map((l, k) => l + (k % 7 === 3 ? '\r\n' : '\n')).join('');

  function reference() {
    const events: CareEvent[] = [];
    const issues: RowIssue[] = [];
    let plan: ColumnPlan | null = null;
    const issue = (severity: RowIssue['severity'], code: string, line: number, message: string) =>
      void issues.push({ severity, code, file: 'log.csv', line, message: `log.csv:${line}: ${message}` });
    const t = new CsvTokenizer({
      record(fields, line) {
        if (fields.length === 1 && fields[0].trim() === '') return;
        if (plan === null) {
          plan = planColumns(fields, {}, 'log.csv');
          t.rowWidth = plan.header.length;
          return;
        }
        if (fields.length !== plan.header.length) return issue('error', 'wrong-column-count', line, msg.wrongColumnCount(fields.length, plan.header.length));
        const r = rowToEvent(fields, plan, 'log.csv', line, (code, message, l) => issue('warning', code, l, message));
        if ('code' in r) issue('error', r.code, line, r.message);
        else events.push(r);
      },
      problem: () => {
        throw new Error('no CSV problems in this file');
      },
    });
    t.push(text);
    t.end();
    return { events, issues };
  }

  it('the same events, warnings and errors, in any chunking of the bytes', () => {
    const want = reference();
    // The file is mostly ordinary rows, and every kind of odd cell occurs.
    expect(want.events.length).toBeGreaterThan(1500);
    for (const code of ['bad-date', 'bad-number', 'bad-boolean', 'pain-out-of-range', 'missing-journey_id', 'unknown-event', 'unknown-access', 'unknown-consent', 'story-too-long', 'wrong-column-count']) {
      expect([code, want.issues.some((i) => i.code === code)]).toEqual([code, true]);
    }
    expect(want.events.some((e) => e.consent === 'card')).toBe(true);
    const bytes = new TextEncoder().encode(text);
    for (const seed of [1, 2, 3]) {
      const sink = collectingSink();
      const p = createEventLogParser('log.csv', testSpec(), sink);
      const r = mulberry32(seed);
      for (let i = 0; i < bytes.length; ) {
        const n = 1 + Math.floor(r() * (seed === 1 ? 4 : 4000));
        p.push(bytes.subarray(i, i + n));
        i += n;
      }
      p.end();
      expect(sink.events).toEqual(want.events);
      expect(sink.issues).toEqual(want.issues);
    }
    const asText = parse(text);
    expect(asText.events).toEqual(want.events);
    expect(asText.issues).toEqual(want.issues);
  });
});
