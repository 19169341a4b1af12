/**
 * Input that cannot leak or vanish (issue 14): a broken quote never makes other rows part of a
 * field, every row read is loaded or reported with its own line, and line numbers stay exact with
 * any mix of CR, LF and CRLF. These tests go through the public intake (parseEventLogText and the
 * bake), so they say what a person sees, whatever the tokenizer inside.
 */
import { describe, expect, it } from 'vitest';
import { createBaker } from '../bake/bake';
import { CsvTokenizer, countLineEnds, fieldCount, type CsvProblem } from './csv';
import { createEventLogParser, parseEventLogText } from './eventLog';
import type { CareEvent, RowIssue } from './events';
import { collectingSink, mulberry32, testSpec } from './testing';

const HEADER = 'journey_id,date,event,consent_story,story';
const spec = testSpec({ privacy: { minCommunitySize: 1, datePrecision: 'year' } });

function parse(text: string, file = 'log.csv') {
  const sink = collectingSink();
  const summary = parseEventLogText(text, file, spec, sink);
  const errors = sink.issues.filter((i) => i.severity === 'error');
  return { ...sink, errors, summary };
}

/** The stories the bake would publish. */
function published(events: CareEvent[], issues: RowIssue[] = []): string[] {
  const baker = createBaker(spec, 'test');
  for (const e of events) baker.event(e);
  for (const i of issues) baker.issue(i);
  return Object.values(baker.finish().stories);
}

/** Parse in chunks of `size` characters (the streaming path). */
function parseChunked(text: string, size: number) {
  const sink = collectingSink();
  const p = createEventLogParser('log.csv', spec, sink);
  for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size));
  p.end();
  return sink;
}

describe('an unbalanced quote in the middle of a file', () => {
  // Row 2 opens a quote it never closes; rows 3–6 are good rows, one of them with a quoted story.
  const text = [
    HEADER,
    'j1,2140-01-01,checkup,true,"I was scared',
    'j2,2140-02-01,filling,false,Private words of j2',
    'j3,2140-03-01,checkup,true,"A story, with a comma"',
    'j4,2140-04-01,cleaning,false,secret of j4',
    'j5,2140-05-01,checkup,,',
  ].join('\n');

  it('reports the broken row with its line and loads every later row', () => {
    const { events, errors, summary } = parse(text);
    expect(errors.map((i) => i.line)).toEqual([2]);
    expect(errors[0].message).toMatch(/^log\.csv:2: .*quot/);
    expect(events.map((e) => [e.journeyId, e.source.line])).toEqual([
      ['j2', 3],
      ['j3', 4],
      ['j4', 5],
      ['j5', 6],
    ]);
    expect(summary.rowsRead).toBe(5);
  });

  it('publishes no text from another row', () => {
    const { events, issues } = parse(text);
    expect(published(events, issues)).toEqual(['A story, with a comma']);
    // No story holds a line break or another row's date: each is its own row's text.
    for (const e of events) expect(e.story ?? '').not.toMatch(/\n|2140-/);
  });

  it('a quote that closes on a later row does not carry that row into the story', () => {
    // The quote opened in row 2 is "closed" by the first quote of row 3: the field count even
    // matches, so a lenient reader would publish row 3's unconsented words as row 2's story.
    const tricky = [HEADER, 'j1,2140-01-01,checkup,true,"I was scared', 'j2,2140-02-01,filling,false,"Private words of j2"', 'j3,2140-03-01,checkup,,'].join('\n');
    const { events, issues, errors } = parse(tricky);
    expect(errors.map((i) => i.line)).toEqual([2]);
    expect(events.map((e) => [e.journeyId, e.source.line, e.story])).toEqual([
      ['j2', 3, 'Private words of j2'],
      ['j3', 4, undefined],
    ]);
    expect(published(events, issues)).toEqual([]);
  });

  it('a quoted field running across lines that look like rows is cut at its opening line, even when it closes', () => {
    const runaway = [HEADER, 'j1,2140-01-01,checkup,true,"I was scared', 'j2,2140-02-01,filling,false,plain', 'and then it ended",', 'j3,2140-03-01,checkup,,'].join('\n');
    const { events, errors } = parse(runaway);
    expect(events.map((e) => [e.journeyId, e.source.line])).toEqual([
      ['j2', 3],
      ['j3', 5],
    ]);
    expect(errors.map((i) => i.line)).toEqual([2, 4]);
  });

  it('a real multi-line story (no line of it looks like a row) is kept whole', () => {
    const story = [HEADER, 'j1,2140-01-01,checkup,true,"Line one, with a comma', 'line two; and ""quoted""', 'line three"', 'j2,2140-02-01,filling,,'].join('\r\n');
    const { events, errors } = parse(story);
    expect(errors).toEqual([]);
    expect(events.map((e) => [e.journeyId, e.source.line])).toEqual([
      ['j1', 2],
      ['j2', 5],
    ]);
    expect(events[0].story).toBe('Line one, with a comma\nline two; and "quoted"\nline three');
  });

  it('a quoted field past the size limit is reported at its start and the rows after it load', () => {
    const long = [HEADER, 'j1,2140-01-01,checkup,true,"' + 'x'.repeat(200_000), 'j2,2140-02-01,filling,,', 'j3,2140-03-01,checkup,,'].join('\n');
    const { events, errors } = parse(long);
    expect(errors.map((i) => i.line)).toEqual([2]);
    expect(events.map((e) => [e.journeyId, e.source.line])).toEqual([
      ['j2', 3],
      ['j3', 4],
    ]);
  });

  it('the same result in any chunking', () => {
    const whole = parse(text);
    for (const size of [1, 2, 5, 17, 64]) {
      const sink = parseChunked(text, size);
      expect(sink.events).toEqual(whole.events);
      expect(sink.issues).toEqual(whole.issues);
    }
  });
});

describe('every row read is either loaded or reported with its line', () => {
  // A clean file, one row per line; then a stray quote inserted at a random place. Every data line
  // must end up as exactly one event or one error on that line, and every event must carry its own
  // line's id and story.
  const rows = Array.from({ length: 40 }, (_, k) => {
    const story = k % 3 === 0 ? `"story of r${k}, told"` : k % 3 === 1 ? `plain story of r${k}` : '';
    return `r${k},2140-01-${String((k % 28) + 1).padStart(2, '0')},checkup,${k % 2 === 0},${story}`;
  });
  const clean = [HEADER, ...rows].join('\n');

  it.each(Array.from({ length: 30 }, (_, s) => s + 1))('stray quote, seed %i', (seed) => {
    const rnd = mulberry32(seed);
    // Insert 1–3 quotes after the header: at the start of a field (where a quote opens a quoted
    // field) or anywhere.
    let text = clean;
    const n = 1 + Math.floor(rnd() * 3);
    for (let q = 0; q < n; q++) {
      let at = HEADER.length + 1 + Math.floor(rnd() * (text.length - HEADER.length - 1));
      if (rnd() < 0.7) at = text.indexOf(',', at) + 1 || at;
      text = text.slice(0, at) + '"' + text.slice(at);
    }
    const { events, errors } = parse(text);
    const lines = text.split('\n');
    const seen = new Map<number, string>();
    for (const e of events) {
      expect(seen.has(e.source.line)).toBe(false);
      seen.set(e.source.line, 'event');
      // The event's text comes from its own line only.
      const own = lines[e.source.line - 1];
      expect(own.replace(/"/g, '')).toContain(e.journeyId.replace(/"/g, ''));
      if (e.story) expect(own.replace(/"/g, '')).toContain(e.story.replace(/"/g, ''));
    }
    for (const i of errors) {
      expect(seen.has(i.line)).toBe(false);
      seen.set(i.line, 'error');
    }
    // Every data line is accounted for: no row vanishes.
    for (let line = 2; line <= lines.length; line++) expect([line, seen.get(line)]).toEqual([line, expect.any(String)]);
  });
});

describe('exact line numbers with any mix of CR, LF and CRLF', () => {
  it('record ends and line breaks inside quoted fields, mixed', () => {
    const text =
      `${HEADER}\r\n` + // 1
      'a,2140-01-01,checkup,true,"one\rtwo\nthree\r\nfour"\n' + // 2–5
      'b,bad-date,checkup,,\r' + // 6
      'c,2140-01-01,checkup,,\n' + // 7
      'd,nope,checkup,,\r\n' + // 8
      '\r' + // 9 (blank)
      'e,2140-01-01,checkup,,\r' + // 10
      'f,2140-13-01,checkup,,'; // 11
    const { events, errors } = parse(text);
    expect(events.map((e) => [e.journeyId, e.source.line])).toEqual([
      ['a', 2],
      ['c', 7],
      ['e', 10],
    ]);
    expect(events[0].story).toBe('one\ntwo\nthree\nfour');
    expect(errors.map((i) => [i.code, i.line])).toEqual([
      ['bad-date', 6],
      ['bad-date', 8],
      ['bad-date', 11],
    ]);
    for (const size of [1, 2, 3, 7]) expect(parseChunked(text, size).issues).toEqual(parse(text).issues);
  });

  it('NDJSON with CR, LF and CRLF line ends', () => {
    const rec = (id: string, date = '2140-01-01') => JSON.stringify({ journey_id: id, date, event: 'checkup' });
    const text = `${rec('a')}\r${rec('b', 'soon')}\n${rec('c')}\r\n{oops\r\n\n${rec('e', 'nope')}`;
    const { events, errors } = parse(text, 'log.ndjson');
    expect(events.map((e) => [e.journeyId, e.source.line])).toEqual([
      ['a', 1],
      ['c', 3],
    ]);
    expect(errors.map((i) => [i.code, i.line])).toEqual([
      ['bad-date', 2],
      ['bad-json', 4],
      ['bad-date', 6],
    ]);
  });
});

/** Tokenize text or UTF-8 bytes in chunks of `chunk` (characters or bytes); `width` is set after the header. */
function tokenize(text: string | Uint8Array, opts: ConstructorParameters<typeof CsvTokenizer>[1] = {}, width: number | null = null, chunk = text.length || 1) {
  const records: [number, string[]][] = [];
  const problems: CsvProblem[] = [];
  let first = true;
  const t = new CsvTokenizer(
    {
      record: (f, line) => {
        records.push([line, f]);
        if (first) {
          first = false;
          t.rowWidth = width;
        }
      },
      problem: (p) => problems.push(p),
    },
    opts,
  );
  for (let i = 0; i < text.length; i += chunk) t.push(text.slice(i, i + chunk));
  t.end();
  return { records, problems };
}

describe('the tokenizer itself', () => {
  it('a CRLF split between chunks is one line end', () => {
    const text = 'a,b\r\n1,2\r\n3,4';
    for (const chunk of [1, 2, 3, 4]) {
      expect(tokenize(text, {}, 2, chunk).records).toEqual([
        [1, ['a', 'b']],
        [2, ['1', '2']],
        [3, ['3', '4']],
      ]);
    }
  });

  it('an unterminated quote at the end of the file: reported, and the lines after it re-read', () => {
    const { records, problems } = tokenize('a,b\n1,"x\n2,3', {}, null);
    // Without a row width nothing reads as a row, so the field runs to the end; then it is re-read.
    expect(problems).toEqual([{ code: 'unterminated-quote', line: 2, quoteLine: 2, resumeLine: 3 }]);
    expect(records).toEqual([
      [1, ['a', 'b']],
      [3, ['2', '3']],
    ]);
  });

  it('a record over the record limit is reported and skipped to its line end, however it arrives', () => {
    const long = `h1,h2\nok,1\n${'y'.repeat(5000)},2\nafter,3\n`;
    for (const chunk of [7, 100, 10_000]) {
      const { records, problems } = tokenize(long, { maxRecord: 1000 }, 2, chunk);
      expect(problems).toEqual([{ code: 'record-too-long', line: 3, quoteLine: 3, resumeLine: 4 }]);
      expect(records.map((r) => r[0])).toEqual([1, 2, 4]);
    }
  });

  it('an endless quoted field keeps memory bounded and resumes on the line after its start', () => {
    const text = `h1,h2\n1,"${'z'.repeat(3000)}\n2,b\n`;
    const { records, problems } = tokenize(text, { maxQuotedField: 1000 }, null, 64);
    expect(problems).toMatchObject([{ code: 'field-too-long', line: 2, quoteLine: 2, resumeLine: 3 }]);
    expect(records.map((r) => r[0])).toEqual([1, 3]);
  });

  it('a broken quote inside a record that started on an earlier line: the record is reported from its first line', () => {
    // Row 2 has a real two-line field, then a broken quote on line 3.
    const text = 'a,b,c\n"one\ntwo",x,"broken\n3,4,5\n';
    const { records, problems } = tokenize(text, {}, 3);
    expect(problems).toMatchObject([{ code: 'runaway-quote', line: 2, quoteLine: 3, resumeLine: 4, atLine: 4 }]);
    expect(records.map((r) => r[0])).toEqual([1, 4]);
  });

  it('blanks after a closing quote on a later line are allowed', () => {
    const { records, problems } = tokenize('a,b\n"x\ny"  ,2\n', {}, 2);
    expect(problems).toEqual([]);
    expect(records[1]).toEqual([2, ['x\ny  ', '2']]);
  });

  it('counts line ends as CRLF, CR or LF, once each', () => {
    expect(countLineEnds('a\r\nb\rc\nd\n\re', 0, 12)).toBe(5);
    expect(countLineEnds('\r', 0, 1)).toBe(1);
  });

  it('counts fields of a line on its own, quotes respected', () => {
    expect(fieldCount('a,"b,c",d', 0, 9, 44)).toBe(3);
    expect(fieldCount('a,"b,c', 0, 6, 44)).toBe(2);
  });
});

describe('bytes read like text', () => {
  // The intake streams a file's bytes; a chunk may end inside a character or a CRLF. Whatever the
  // cut, the records, their lines and every problem are the text's.
  const text =
    '\uFEFFid,ort,story\r\n' +
    'ß-1,Søndre Ålesund,"歯科 😀, ""quoted""\rsecond line"\n' +
    '2,Zürich,"broken\n' +
    '3,Øst,plain 😀\r' +
    '4,"a"b,"x\r\ny"  \r\n' +
    '\r' +
    '5,"never closed 歯';

  it('any chunking of the bytes, cut inside characters, gives the records and problems of the text', () => {
    const whole = tokenize(text, {}, 3);
    expect(whole.records.map((r) => r[0])).toEqual([1, 2, 5, 6, 8]);
    expect(whole.records[1][1]).toEqual(['ß-1', 'Søndre Ålesund', '歯科 😀, "quoted"\rsecond line']);
    expect(whole.problems.map((p) => [p.code, p.line])).toEqual([
      ['runaway-quote', 4],
      ['unterminated-quote', 9],
    ]);
    const bytes = new TextEncoder().encode(text);
    for (const chunk of [1, 2, 3, 5, 7, 64]) expect(tokenize(bytes, {}, 3, chunk)).toEqual(whole);
  });

  it('the limits count characters, not bytes', () => {
    // 'ø' is two bytes: 900 of them are 1,800 bytes but 900 characters, under a 1,000 limit.
    const under = `h\n${'ø'.repeat(900)}\nok\n`;
    const over = `h\n${'ø'.repeat(1100)}\nok\n`;
    for (const chunk of [7, 4096]) {
      expect(tokenize(new TextEncoder().encode(under), { maxRecord: 1000 }, 1, chunk).problems).toEqual([]);
      expect(tokenize(new TextEncoder().encode(over), { maxRecord: 1000 }, 1, chunk).problems).toEqual([{ code: 'record-too-long', line: 2, quoteLine: 2, resumeLine: 3 }]);
      const quoted = `h\n"${'ø'.repeat(1100)}"\nok\n`;
      expect(tokenize(new TextEncoder().encode(quoted), { maxQuotedField: 1000 }, 1, chunk).problems).toMatchObject([{ code: 'field-too-long', line: 2 }]);
    }
  });
});
