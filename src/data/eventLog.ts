/**
 * The event-log reader: CSV (comma, semicolon or tab) or JSON (an array of the same records, or
 * NDJSON, one record a line) → validated CareEvents pushed into an EventSink, one row at a time.
 *
 * Pure and browser-safe: `createEventLogParser` takes text in chunks and `parseEventLogText` takes a
 * whole string. Only `readEventLog` touches files, and it loads its Node helper lazily.
 */
import type { AccessKind, CareEvent, ConsentTier, DataSpec, EventKind, EventReader, EventSink, ReaderSummary, RowIssue } from './events';
import { CsvTokenizer } from './csv';
import { parseDataJson } from './json';
import { LineSplitter, MAX_LINE } from './lines';
import { DataError, MAX_STORY, msg } from './messages';
import { parseAccessKind, parseBoolean, parseConsent, parseEventKind, parseIsoDate, parseNumber } from './values';

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
    const k = parseEventKind(eventText);
    if (k === null) warn('unknown-event', msg.unknownEvent(eventText.trim()), line);
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

/** Incremental parser: push text chunks, then `end()` for the reader summary. */
export interface EventLogParser {
  push(chunk: string): void;
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
  const handleCells = (cells: ArrayLike<string>, line: number, plan: ColumnPlan) => {
    rowsRead++;
    const r = rowToEvent(cells, plan, file, line, warn);
    if ('code' in r) issue('error', r.code, line, r.message);
    else {
      eventsOut++;
      sink.event(r);
    }
  };

  // CSV
  let plan: ColumnPlan | null = null;
  const csv = new CsvTokenizer({
    record(fields, line) {
      if (fields.length === 1 && fields[0].trim() === '') return; // blank line
      if (plan === null) {
        plan = planColumns(fields, spec.columns, file);
        csv.rowWidth = plan.header.length;
        return;
      }
      let n = fields.length;
      while (n > plan.header.length && fields[n - 1].trim() === '') n--; // trailing delimiters
      if (n !== plan.header.length) {
        rowsRead++;
        issue('error', 'wrong-column-count', line, msg.wrongColumnCount(fields.length, plan.header.length));
        return;
      }
      handleCells(fields, line, plan);
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

  return {
    push(chunk: string) {
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
    },
    end() {
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
      return { rowsRead, counts: { events: eventsOut, rowsSkipped: skipped }, tallies: {} };
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
