/**
 * The event-log reader: CSV (comma, semicolon or tab) or JSON (an array of the same records, or
 * NDJSON, one record a line) → validated CareEvents pushed into an EventSink, one row at a time.
 *
 * Pure and browser-safe: `createEventLogParser` takes text in chunks and `parseEventLogText` takes a
 * whole string. Only `readEventLog` touches files, and it loads its Node helper lazily.
 */
import type { AccessKind, CareEvent, ConsentTier, DataSpec, EventKind, EventReader, EventSink, ReaderSummary, RowIssue } from './events';
import { CsvTokenizer, type CsvRow } from './csv';
import { parseDataJson } from './json';
import { LineSplitter, MAX_LINE } from './lines';
import { DataError, MAX_STORY, msg } from './messages';
import { eventKindReader, parseAccessKind, parseBoolean, parseConsent, parseEventKind, parseIsoDate, parseNumber } from './values';

/** Canonical columns of the event log, in documentation order. */
export const CANONICAL_COLUMNS = [
  'journey_id',
  'date',
  'event',
  'community',
  'age_band',
  'access',
  'cost_barrier',
  'pain',
  'sentiment',
  'consent',
  'consent_story',
  'story',
] as const;
export type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly CanonicalColumn[] = ['journey_id', 'date', 'event'];

export type EventLogSyntax = 'csv' | 'json' | 'ndjson';

/** How a file's columns map onto the canonical ones; the rest are extras. */
export interface ColumnPlan {
  /** Canonical column → index in the row (CSV) or key (JSON). */
  index: Partial<Record<CanonicalColumn, number>>;
  /** [name, index] of the extra columns, kept as text. */
  extras: Array<[string, number]>;
  header: string[];
}

function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/**
 * Match a header against the canonical columns: first an explicit mapping in `columns`
 * (canonical → file column), then the exact name, then a case/space-insensitive match.
 * Throws a DataError naming the missing column and the columns found.
 */
export function planColumns(header: string[], columns: Record<string, string>, file: string): ColumnPlan {
  const trimmed = header.map((h) => h.trim());
  const used = new Set<number>();
  const index: ColumnPlan['index'] = {};
  for (const canon of CANONICAL_COLUMNS) {
    const mapped = columns[canon];
    let at = -1;
    if (mapped !== undefined) {
      at = trimmed.indexOf(mapped.trim());
      if (at === -1) at = trimmed.findIndex((h) => normaliseName(h) === normaliseName(mapped));
    } else {
      at = trimmed.indexOf(canon);
      if (at === -1) at = trimmed.findIndex((h, k) => !used.has(k) && normaliseName(h) === canon);
    }
    if (at !== -1 && !used.has(at)) {
      index[canon] = at;
      used.add(at);
    } else if ((REQUIRED_COLUMNS as readonly string[]).includes(canon)) {
      throw new DataError(msg.missingColumn(file, canon, trimmed.filter((h) => h !== ''), mapped));
    }
  }
  const extras: Array<[string, number]> = [];
  trimmed.forEach((h, k) => {
    if (!used.has(k) && h !== '') extras.push([h, k]);
  });
  return { index, extras, header: trimmed };
}

function cellOf(cells: ArrayLike<string>, k: number | undefined): string {
  return k === undefined ? '' : (cells[k] ?? '');
}

/**
 * Validate one row (cells in header order) into a CareEvent, or return the error that skips it.
 * Warnings (unknown event kind, unknown access) are pushed to `warn` and the row is kept.
 */
export function rowToEvent(
  cells: ArrayLike<string>,
  plan: ColumnPlan,
  file: string,
  line: number,
  warn: (code: string, message: string, line: number) => void,
  /** The event cell → kind (the config's own names first: eventKindReader); null: unknown, read as "other". */
  kindOf: (text: string) => EventKind | null = parseEventKind,
  /** Told each unknown event name, for the tally `noctiluca inspect` turns into a config snippet. */
  unknown?: (name: string) => void,
): CareEvent | { code: string; message: string } {
  const ix = plan.index;
  const journeyId = cellOf(cells, ix.journey_id).trim();
  if (journeyId === '') return { code: 'missing-journey_id', message: msg.missingJourneyId() };
  const dateText = cellOf(cells, ix.date);
  const time = parseIsoDate(dateText);
  if (Number.isNaN(time)) return { code: 'bad-date', message: msg.badDate(dateText.trim()) };

  let pain: number | undefined;
  const painText = cellOf(cells, ix.pain);
  if (painText !== '') {
    pain = parseNumber(painText);
    if (pain !== undefined && Number.isNaN(pain)) return { code: 'bad-number', message: msg.badNumber('pain', painText.trim()) };
    if (pain !== undefined && (pain < 0 || pain > 10)) return { code: 'pain-out-of-range', message: msg.painOutOfRange(pain) };
  }
  let sentiment: number | undefined;
  const sentText = cellOf(cells, ix.sentiment);
  if (sentText !== '') {
    sentiment = parseNumber(sentText);
    if (sentiment !== undefined && Number.isNaN(sentiment)) return { code: 'bad-number', message: msg.badNumber('sentiment', sentText.trim()) };
    if (sentiment !== undefined && (sentiment < -1 || sentiment > 1)) {
      return { code: 'sentiment-out-of-range', message: msg.sentimentOutOfRange(sentiment) };
    }
  }
  const barrierText = cellOf(cells, ix.cost_barrier);
  const costBarrier = parseBoolean(barrierText);
  if (costBarrier === null) return { code: 'bad-boolean', message: msg.badBoolean('cost_barrier', barrierText.trim()) };
  const consentText = cellOf(cells, ix.consent_story);
  const consentStory = parseBoolean(consentText);
  if (consentStory === null) return { code: 'bad-boolean', message: msg.badBoolean('consent_story', consentText.trim()) };
  let consent: ConsentTier | undefined;
  const tierText = cellOf(cells, ix.consent);
  if (tierText.trim() !== '') {
    const c = parseConsent(tierText);
    if (c === null) {
      warn('unknown-consent', msg.unknownConsent(tierText.trim()), line);
      consent = 'glow';
    } else consent = c;
  }

  const eventText = cellOf(cells, ix.event);
  let kind: EventKind;
  if (eventText.trim() === '') {
    kind = 'other';
    warn('missing-event', msg.missingEvent(), line);
  } else {
    const k = kindOf(eventText);
    if (k === null) {
      warn('unknown-event', msg.unknownEvent(eventText.trim()), line);
      unknown?.(eventText.trim());
    }
    kind = k ?? 'other';
  }
  let access: AccessKind | undefined;
  const accessText = cellOf(cells, ix.access);
  if (accessText.trim() !== '') {
    const a = parseAccessKind(accessText);
    if (a === null) warn('unknown-access', msg.unknownAccess(accessText.trim()), line);
    else access = a;
  }

  const e: CareEvent = { journeyId, time, kind, source: { file, line } };
  const community = cellOf(cells, ix.community).trim();
  if (community) e.community = community;
  const ageBand = cellOf(cells, ix.age_band).trim();
  if (ageBand) e.ageBand = ageBand;
  if (access) e.access = access;
  if (costBarrier !== undefined) e.costBarrier = costBarrier;
  if (pain !== undefined) e.pain = pain;
  if (sentiment !== undefined) e.sentiment = sentiment;
  if (consent !== undefined) e.consent = consent;
  if (consentStory !== undefined) e.consentStory = consentStory;
  const story = cellOf(cells, ix.story).trim().replace(/\r\n?/g, '\n');
  // A story over the limit is left out whole: cutting it would publish words its teller did not end on.
  if (story.length > MAX_STORY) {
    if (consentStory || consent === 'story') warn('story-too-long', msg.storyTooLong(story.length), line);
  } else if (story) e.story = story;
  if (plan.extras.length) {
    // No prototype: a column named "__proto__" or "constructor" is a column like any other.
    const extra: Record<string, string> = Object.create(null);
    for (const [name, k] of plan.extras) extra[name] = (cells[k] ?? '').trim();
    e.extra = extra;
  }
  return e;
}

// ——— CSV rows from bytes ———
// A CSV row's fields stay bytes until a value needs them: dates and numbers are read from the
// bytes, short repeated texts (event kinds, communities, age bands, access, extra columns) are
// looked up by their bytes and made strings once, a journey's id is reused while its rows follow
// each other. Whatever the fast path does not handle exactly the way rowToEvent does (anything
// that would be an error or a warning, quoted text with "" inside, unusual dates, numbers and
// yes/no values), it hands back, and the row goes through rowToEvent as text: the same events,
// the same messages, whichever way a row is read.

/** Strings for short byte sequences, made once per distinct sequence (a bounded table; longer or later ones are made each time). */
class ByteInterner<T> {
  private readonly table = new Map<number, { bytes: Uint8Array; value: T }[]>();
  private entries = 0;
  /** The last sequence looked up (a journey's rows repeat their community, age band, access). */
  private last: { bytes: Uint8Array; value: T } | null = null;

  constructor(
    private readonly make: (text: string) => T,
    private readonly maxEntries = 4096,
    private readonly maxBytes = 64,
  ) {}

  get(row: CsvRow, k: number): T {
    const s = row.bytes;
    const a = row.start(k);
    const n = row.end(k) - a;
    if (n > this.maxBytes) return this.make(row.text(k));
    const last = this.last;
    if (last !== null && last.bytes.length === n) {
      let same = true;
      for (let i = 0; i < n; i++) {
        if (last.bytes[i] !== s[a + i]) {
          same = false;
          break;
        }
      }
      if (same) return last.value;
    }
    let h = 0x811c9dc5;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ s[a + i], 0x01000193);
    const bucket = this.table.get(h);
    if (bucket) {
      next: for (const e of bucket) {
        if (e.bytes.length !== n) continue;
        for (let i = 0; i < n; i++) if (e.bytes[i] !== s[a + i]) continue next;
        this.last = e;
        return e.value;
      }
    }
    const value = this.make(row.text(k));
    if (this.entries < this.maxEntries) {
      this.entries++;
      const entry = { bytes: s.slice(a, a + n), value };
      if (bucket) bucket.push(entry);
      else this.table.set(h, [entry]);
      this.last = entry;
    }
    return value;
  }
}

const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** A plain decimal (optional sign, at most 15 digits, one optional point) read from bytes; NaN for anything else. Exactly Number(text). */
function byteNumber(s: Uint8Array, a: number, b: number): number {
  let i = a;
  let neg = false;
  if (s[i] === 45) {
    neg = true;
    i++;
  } else if (s[i] === 43) i++;
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (; i < b; i++) {
    const c = s[i];
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0) frac = 0;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  // Both integers are exact, and IEEE division rounds correctly: the same double as Number(text).
  const v = frac > 0 ? m / POW10[frac] : m;
  return neg ? -v : v;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digit = (c: number) => (c >= 48 && c <= 57 ? c - 48 : -1000);

/** A YYYY-MM-DD date (year ≥ 1000) read from bytes as parseIsoDate reads it; NaN when the bytes are anything else. */
function byteDate(s: Uint8Array, a: number, b: number): number {
  if (b - a !== 10 || s[a + 4] !== 45 || s[a + 7] !== 45) return NaN;
  const y = digit(s[a]) * 1000 + digit(s[a + 1]) * 100 + digit(s[a + 2]) * 10 + digit(s[a + 3]);
  const mo = digit(s[a + 5]) * 10 + digit(s[a + 6]);
  const d = digit(s[a + 8]) * 10 + digit(s[a + 9]);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1) return NaN;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (mo === 2 && leap ? 29 : DAYS[mo - 1])) return NaN;
  return Date.UTC(y, mo - 1, d);
}

/** A yes/no cell: from the bytes when it reads true or false, else as parseBoolean reads its text. */
function byteBoolean(row: CsvRow, k: number | undefined): boolean | undefined | null {
  if (k === undefined) return undefined;
  const s = row.bytes;
  const a = row.start(k);
  const n = row.end(k) - a;
  if (n === 0) return undefined;
  if (n === 4 && s[a] === 116 && s[a + 1] === 114 && s[a + 2] === 117 && s[a + 3] === 101) return true;
  if (n === 5 && s[a] === 102 && s[a + 1] === 97 && s[a + 2] === 108 && s[a + 3] === 115 && s[a + 4] === 101) return false;
  return parseBoolean(row.text(k));
}

/** A number cell, or null where rowToEvent would skip the row (not a number, out of range). */
function byteMeasure(row: CsvRow, k: number | undefined, min: number, max: number): number | undefined | null {
  if (k === undefined) return undefined;
  const a = row.start(k);
  const b = row.end(k);
  if (a === b) return undefined;
  let v: number | undefined = byteNumber(row.bytes, a, b);
  if (Number.isNaN(v)) v = parseNumber(row.text(k));
  if (v === undefined) return undefined;
  return Number.isNaN(v) || v < min || v > max ? null : v;
}

/** Printable ASCII other than a space: an edge that trim() leaves alone. */
const solid = (c: number) => c > 32 && c < 127;

/** Event-log rows read from their bytes into CareEvents; null hands a row back to rowToEvent. */
class CsvEvents {
  private readonly used: number[];
  private readonly kinds: ByteInterner<EventKind | null>;
  private readonly access = new ByteInterner((t): AccessKind | null | undefined => (t.trim() === '' ? undefined : parseAccessKind(t)));
  private readonly consent = new ByteInterner((t): ConsentTier | null | undefined => (t.trim() === '' ? undefined : parseConsent(t)));
  private readonly communities = new ByteInterner((t) => t.trim());
  private readonly ageBands = new ByteInterner((t) => t.trim());
  private readonly extras: [string, number, ByteInterner<string>][];
  private idBytes = new Uint8Array(0);
  private idText = '';

  constructor(
    private readonly plan: ColumnPlan,
    private readonly file: string,
    /** The config's names first (data.codes.events), as rowToEvent reads them; unknown ones go to rowToEvent. */
    kindOf: (text: string) => EventKind | null = parseEventKind,
  ) {
    this.kinds = new ByteInterner((t) => (t.trim() === '' ? null : kindOf(t)));
    this.used = [...Object.values(plan.index), ...plan.extras.map(([, k]) => k)];
    this.extras = plan.extras.map(([name, k]) => [name, k, new ByteInterner((t) => t.trim())]);
  }

  private journeyId(row: CsvRow, k: number): string | null {
    const s = row.bytes;
    const a = row.start(k);
    const n = row.end(k) - a;
    if (n === 0 || !solid(s[a]) || !solid(s[a + n - 1])) return null;
    const last = this.idBytes;
    if (last.length === n) {
      let same = true;
      for (let i = 0; i < n; i++) {
        if (last[i] !== s[a + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.idText;
    }
    this.idBytes = s.slice(a, a + n);
    this.idText = row.text(k);
    return this.idText;
  }

  event(row: CsvRow, line: number): CareEvent | null {
    const ix = this.plan.index;
    for (const k of this.used) if (!row.plain(k)) return null;
    const journeyId = this.journeyId(row, ix.journey_id!);
    if (journeyId === null) return null;
    const dk = ix.date!;
    let time = byteDate(row.bytes, row.start(dk), row.end(dk));
    if (Number.isNaN(time)) time = parseIsoDate(row.text(dk));
    if (Number.isNaN(time)) return null;
    const pain = byteMeasure(row, ix.pain, 0, 10);
    if (pain === null) return null;
    const sentiment = byteMeasure(row, ix.sentiment, -1, 1);
    if (sentiment === null) return null;
    const costBarrier = byteBoolean(row, ix.cost_barrier);
    if (costBarrier === null) return null;
    const consentStory = byteBoolean(row, ix.consent_story);
    if (consentStory === null) return null;
    const kind = this.kinds.get(row, ix.event!);
    if (kind === null) return null;
    const access = ix.access === undefined ? undefined : this.access.get(row, ix.access);
    if (access === null) return null;
    const consent = ix.consent === undefined ? undefined : this.consent.get(row, ix.consent);
    if (consent === null) return null;

    const e: CareEvent = { journeyId, time, kind, source: { file: this.file, line } };
    const community = ix.community === undefined ? '' : this.communities.get(row, ix.community);
    if (community) e.community = community;
    const ageBand = ix.age_band === undefined ? '' : this.ageBands.get(row, ix.age_band);
    if (ageBand) e.ageBand = ageBand;
    if (access) e.access = access;
    if (costBarrier !== undefined) e.costBarrier = costBarrier;
    if (pain !== undefined) e.pain = pain;
    if (sentiment !== undefined) e.sentiment = sentiment;
    if (consent !== undefined) e.consent = consent;
    if (consentStory !== undefined) e.consentStory = consentStory;
    const sk = ix.story;
    if (sk !== undefined && row.end(sk) > row.start(sk)) {
      const story = row.text(sk).trim().replace(/\r\n?/g, '\n');
      if (story.length > MAX_STORY) return null; // rowToEvent says why
      if (story) e.story = story;
    }
    if (this.extras.length) {
      const extra: Record<string, string> = Object.create(null);
      for (const [name, k, strings] of this.extras) extra[name] = strings.get(row, k);
      e.extra = extra;
    }
    return e;
  }
}

const rowFields = (row: CsvRow): string[] => Array.from({ length: row.count }, (_, k) => row.text(k));

/** Index where the last UTF-8 character of `b` that may be incomplete starts (b.length when none is). */
function completeUtf8(b: Uint8Array): number {
  const n = b.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const c = b[n - back];
    if ((c & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

const textOf = new TextDecoder();

/** Incremental parser: push text or UTF-8 byte chunks, then `end()` for the reader summary. */
export interface EventLogParser {
  push(chunk: string | Uint8Array): void;
  end(): ReaderSummary;
}

/** Pick CSV, JSON or NDJSON from the file name, or from the first character when the extension says nothing. */
export function syntaxOf(file: string, firstText = ''): EventLogSyntax {
  const lower = file.toLowerCase();
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv') || lower.endsWith('.tsv') || lower.endsWith('.txt')) return 'csv';
  return firstText.replace(/^\uFEFF/, '').trimStart().startsWith('[') ? 'json' : 'csv';
}

/**
 * Create a streaming parser for one file. CSV and NDJSON are parsed as chunks arrive; a JSON array is
 * collected and parsed at `end()` (use CSV or NDJSON for very large logs).
 */
/** The ReaderSummary tally of event names no kind was found for (read as "other"). */
export const UNKNOWN_EVENT_NAMES = 'unknown event names';

export function createEventLogParser(file: string, spec: DataSpec, sink: EventSink, syntax?: EventLogSyntax): EventLogParser {
  let rowsRead = 0;
  let eventsOut = 0;
  let skipped = 0;
  let sawAnything = false;
  let mode: EventLogSyntax | undefined = syntax;
  const issue = (severity: RowIssue['severity'], code: string, line: number, message: string) => {
    if (severity === 'error') skipped++;
    sink.issue({ severity, code, file, line, message: `${file}:${line}: ${message}` });
  };
  const warn = (code: string, message: string, line: number) => issue('warning', code, line, message);
  const kindOf = eventKindReader(spec.codes?.events);
  // Keyed by data: no prototype, so an event named "constructor" counts like any other.
  const unknownNames: Record<string, number> = Object.create(null);
  const unknown = (name: string) => (unknownNames[name] = (unknownNames[name] ?? 0) + 1);
  const handleCells = (cells: ArrayLike<string>, line: number, plan: ColumnPlan) => {
    rowsRead++;
    const r = rowToEvent(cells, plan, file, line, warn, kindOf, unknown);
    if ('code' in r) issue('error', r.code, line, r.message);
    else {
      eventsOut++;
      sink.event(r);
    }
  };

  // CSV: rows as bytes, events through CsvEvents (rowToEvent for what it hands back).
  let plan: ColumnPlan | null = null;
  let events: CsvEvents | null = null;
  const csv = new CsvTokenizer({
    row(row, line) {
      if (row.count === 1 && row.text(0).trim() === '') return; // blank line
      if (plan === null) {
        plan = planColumns(rowFields(row), spec.columns, file);
        csv.rowWidth = plan.header.length;
        events = new CsvEvents(plan, file, kindOf);
        return;
      }
      let n = row.count;
      while (n > plan.header.length && row.text(n - 1).trim() === '') n--; // trailing delimiters
      if (n !== plan.header.length) {
        rowsRead++;
        issue('error', 'wrong-column-count', line, msg.wrongColumnCount(row.count, plan.header.length));
        return;
      }
      const e = events!.event(row, line);
      if (e) {
        rowsRead++;
        eventsOut++;
        sink.event(e);
      } else handleCells(rowFields(row), line, plan);
    },
    problem(p) {
      if (plan === null) throw new DataError(`${file}:${p.line}: ${msg.brokenHeader(p, 'nothing was loaded')}`);
      rowsRead++;
      issue('error', p.code, p.line, msg.csvProblem(p));
    },
  });

  // NDJSON: one record a line, any line ends. JSON array: collected, parsed at the end.
  let pendingText = '';
  const jsonKeys = new Map<string, number>();
  const jsonPlanFor = (records: unknown[]): ColumnPlan => {
    for (const r of records) if (r && typeof r === 'object' && !Array.isArray(r)) for (const k of Object.keys(r)) if (!jsonKeys.has(k)) jsonKeys.set(k, jsonKeys.size);
    return planColumns([...jsonKeys.keys()], spec.columns, file);
  };
  // Own keys only: a record without "constructor" has no constructor column, whatever Object.prototype holds.
  const recordCells = (r: Record<string, unknown>, header: string[]): string[] =>
    header.map((h) => {
      if (!Object.hasOwn(r, h)) return '';
      const v = r[h];
      if (v === undefined || v === null) return '';
      if (typeof v === 'object') return JSON.stringify(v);
      return String(v);
    });
  let ndPlan: ColumnPlan | null = null;
  const ndRecord = (text: string, line: number) => {
    if (text.trim() === '') return;
    const parsed = parseDataJson(text);
    if (!parsed.ok) {
      rowsRead++;
      issue('error', 'bad-json', line, msg.badJson(parsed.reason, parsed.column));
      return;
    }
    const rec = parsed.value;
    if (!rec || typeof rec !== 'object' || Array.isArray(rec)) {
      rowsRead++;
      issue('error', 'bad-record', line, msg.badRecord());
      return;
    }
    // NDJSON columns come from the first record; later records may add keys (kept as extras from then on).
    const keys = Object.keys(rec);
    if (ndPlan === null || keys.some((k) => !jsonKeys.has(k))) ndPlan = jsonPlanFor([rec]);
    handleCells(recordCells(rec as Record<string, unknown>, ndPlan.header), line, ndPlan);
  };
  const nd = new LineSplitter({
    line: (text, line) => ndRecord(text, line),
    tooLong: (line) => {
      rowsRead++;
      issue('error', 'line-too-long', line, msg.lineTooLong(MAX_LINE));
    },
  });

  /** Text: the syntax picked from the first text that is not blank, then the chunk to its reader. */
  const pushText = (chunk: string) => {
    if (chunk.length === 0) return;
    if (!sawAnything) {
      sawAnything = chunk.replace(/^\uFEFF/, '').trim().length > 0;
      if (mode === undefined) {
        if (!sawAnything && chunk.length < 4096) {
          pendingText += chunk; // cannot tell the syntax from whitespace yet
          return;
        }
        mode = syntaxOf(file, pendingText + chunk);
      }
      if (pendingText) {
        chunk = pendingText + chunk;
        pendingText = '';
      }
      if (mode === 'ndjson' && chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (mode === 'csv') csv.push(chunk);
    else if (mode === 'json') pendingText += chunk;
    else nd.push(chunk);
  };
  // Bytes: straight to the CSV tokenizer once the file reads as CSV; until then, and for JSON, as
  // text (whole characters only: a character split between chunks waits in `carry`).
  let carry: Uint8Array = new Uint8Array(0);
  const withCarry = (b: Uint8Array) => {
    if (!carry.length) return b;
    const joined = new Uint8Array(carry.length + b.length);
    joined.set(carry);
    joined.set(b, carry.length);
    carry = new Uint8Array(0);
    return joined;
  };

  return {
    push(chunk: string | Uint8Array) {
      if (typeof chunk === 'string') return pushText(chunk);
      if (chunk.length === 0) return;
      const bytes = withCarry(chunk);
      if (mode === 'csv' && sawAnything) return csv.push(bytes);
      const cut = completeUtf8(bytes);
      carry = bytes.slice(cut);
      pushText(textOf.decode(bytes.subarray(0, cut)));
    },
    end() {
      if (carry.length) {
        const rest = withCarry(new Uint8Array(0));
        if (mode === 'csv' && sawAnything) csv.push(rest);
        else pushText(textOf.decode(rest));
      }
      if (!sawAnything) {
        sawAnything = pendingText.replace(/^\uFEFF/, '').trim().length > 0;
        if (sawAnything && mode === undefined) mode = syntaxOf(file, pendingText);
        if (sawAnything && mode !== 'json') {
          const text = pendingText;
          pendingText = '';
          if (mode === 'csv') csv.push(text);
          else nd.push(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
        }
      }
      if (!sawAnything) {
        issue('warning', 'empty-file', 1, msg.emptyFile());
      } else if (mode === 'csv') {
        csv.end();
        if (plan === null) issue('warning', 'empty-file', 1, msg.emptyFile());
      } else if (mode === 'ndjson') {
        nd.end();
      } else {
        const parsed = parseDataJson(pendingText);
        pendingText = '';
        if (!parsed.ok) throw new DataError(msg.invalidJson(file, parsed.reason, parsed.line, parsed.column));
        const data = parsed.value;
        if (!Array.isArray(data)) throw new DataError(msg.notJsonArray(file));
        if (data.length === 0) issue('warning', 'empty-file', 1, msg.emptyFile());
        else {
          const p = jsonPlanFor(data);
          data.forEach((rec, k) => {
            if (!rec || typeof rec !== 'object' || Array.isArray(rec)) {
              rowsRead++;
              issue('error', 'bad-record', k + 1, msg.badRecord());
            } else handleCells(recordCells(rec as Record<string, unknown>, p.header), k + 1, p);
          });
        }
      }
      const tallies: ReaderSummary['tallies'] = {};
      if (Object.keys(unknownNames).length) tallies[UNKNOWN_EVENT_NAMES] = { ...unknownNames };
      return { rowsRead, counts: { events: eventsOut, rowsSkipped: skipped }, tallies };
    },
  };
}

/** Parse a whole event-log text (CSV, JSON array or NDJSON, chosen by `file`'s extension) into `sink`. */
export function parseEventLogText(text: string, file: string, spec: DataSpec, sink: EventSink): ReaderSummary {
  const p = createEventLogParser(file, spec, sink);
  p.push(text);
  return p.end();
}

/**
 * EventReader for event logs: `path` is a file, or a folder whose .csv/.tsv/.json/.ndjson files are
 * read in name order. Node only (loads its file helper on first use).
 */
export const readEventLog: EventReader = async (path, spec, sink) => {
  const { readEventLogFiles } = await import('../node/intakeFiles');
  return readEventLogFiles(path, spec, sink);
};
