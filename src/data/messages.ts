/**
 * Every message the intake shows to people, in one place (Vega-Lite's "warn and fall back"): the
 * event-log readers and the clinical importers (Synthea CSV, FHIR) alike. Each says what was wrong
 * and what happens now; a row issue's message starts with its file and line ("journeys.csv:12: …").
 * Issue codes and their meaning are listed in docs/DATA.md and docs/IMPORTS.md.
 */
import type { CsvProblem } from './csv';
import type { RowIssue } from './events';
import { terminalSafe } from './text';
import { MAX_QUOTED_FIELD, MAX_RECORD } from './csv';

/** Thrown when a whole file cannot be used (e.g. a required column is missing): the load stops. */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

/** Machine codes of row issues, with the label used in summaries (singular, plural). */
export const ISSUE_LABELS: Record<string, [string, string]> = {
  'bad-date': ['bad date', 'bad dates'],
  'missing-journey_id': ['missing journey_id', 'missing journey_id'],
  'pain-out-of-range': ['pain out of range', 'pain out of range'],
  'sentiment-out-of-range': ['sentiment out of range', 'sentiment out of range'],
  'bad-number': ['unparsable number', 'unparsable numbers'],
  'bad-boolean': ['unparsable yes/no value', 'unparsable yes/no values'],
  'wrong-column-count': ['wrong column count', 'wrong column counts'],
  'bad-record': ['record that is not an object', 'records that are not objects'],
  'bad-json': ['line that is not JSON', 'lines that are not JSON'],
  'unterminated-quote': ['unterminated quote', 'unterminated quotes'],
  'runaway-quote': ['quoted field running into the rows after it', 'quoted fields running into the rows after them'],
  'field-too-long': ['quoted field over the size limit', 'quoted fields over the size limit'],
  'record-too-long': ['row over the size limit', 'rows over the size limit'],
  'line-too-long': ['line over the size limit', 'lines over the size limit'],
  'story-too-long': ['story over 1,000 characters left out', 'stories over 1,000 characters left out'],
  'unknown-event': ['unknown event kind mapped to other', 'unknown event kinds mapped to other'],
  'missing-event': ['empty event kind mapped to other', 'empty event kinds mapped to other'],
  'unknown-access': ['unknown access kind ignored', 'unknown access kinds ignored'],
  'unknown-consent': ['unknown consent read as glow only', 'unknown consents read as glow only'],
  'empty-file': ['empty file', 'empty files'],
};

export const msg = {
  // ---- what the published mosaic shows ----
  /**
   * Privacy merging left fewer than two communities: why, and what the artist can change (a coarser
   * grouping, more data, or a smaller k, with what that costs).
   */
  fewCommunities: (a: { kept: string[]; before: [string, number][]; k: number; journeys: number; clinical: boolean; synthetic: boolean }) => {
    const shown = a.kept.length === 0 ? 'no community' : `1 community ("${a.kept[0]}", ${a.journeys.toLocaleString('en-US')} journeys)`;
    const [largest, second] = a.before;
    const why =
      a.before.length === 1
        ? `its one community, "${largest[0]}", has ${largest[1]} journeys, fewer than data.privacy.minCommunitySize (k = ${a.k})`
        : `each of its ${a.before.length} communities has fewer than data.privacy.minCommunitySize (k = ${a.k}) journeys (the largest, "${largest[0]}", has ${largest[1]})`;
    const ways = [
      a.clinical
        ? 'group coarser: data.communityFrom "income-band" (five bands), or a patients.csv column with fewer, larger values'
        : 'group coarser: give the data\'s community column fewer, larger communities',
      'read more journeys (a larger export)',
    ];
    if (second && second[1] >= 2)
      ways.push(
        `lower data.privacy.minCommunitySize to ${second[1]}, which keeps "${largest[0]}" and "${second[0]}" apart` +
          (a.synthetic ? ' (synthetic data: no resident is exposed)' : ' (each group then stands for fewer residents, who are easier to single out: docs/PRIVACY.md)'),
      );
    return `after privacy merging the mosaic shows ${shown}: ${why}, so they merge into "other" and residents see one undivided group. To show communities: ${ways.join('; or ')}.`;
  },
  /**
   * Fewer journeys than k: no group can hold k, so the mosaic cannot be published (the build refuses
   * it; residents see a notice instead). What the artist can change.
   */
  tooSmall: (a: { journeys: number; k: number; minK: number; synthetic: boolean; windowed: boolean }) => {
    const ways = ['read more journeys (a larger export, or more residents)'];
    if (a.windowed) ways.push('widen data.window, or set data.window.keep "all" (journeys with no care inside it are left out)');
    if (a.synthetic) ways.push(`lower data.privacy.minCommunitySize to ${a.journeys} (synthetic data: no resident is exposed)`);
    else if (a.journeys >= a.minK)
      ways.push(`lower data.privacy.minCommunitySize to ${a.journeys} (each group then stands for fewer residents, who are easier to single out: docs/PRIVACY.md; below ${a.minK} is refused for real data)`);
    return (
      `too small to publish: the mosaic holds ${a.journeys.toLocaleString('en-US')} ${a.journeys === 1 ? 'journey' : 'journeys'}, fewer than data.privacy.minCommunitySize (k = ${a.k}), so no group can hold k: ` +
      `\`npm run build\` refuses it and residents see a notice instead of the mosaic. To publish it: ${ways.join('; or ')}.`
    );
  },

  // ---- event logs (CSV, JSON, NDJSON) ----
  missingColumn: (file: string, column: string, found: string[], mappedFrom?: string) =>
    `${file}: missing required column "${column}"` +
    (mappedFrom ? ` (mapped to "${mappedFrom}" in data.columns)` : '') +
    `; columns found: ${foundColumns(found)}. ` +
    `Rename the column or map it in the installation's data.columns, e.g. "columns": { "${column}": "<your column>" }. Nothing was loaded.`,
  badDate: (v: string) => `date "${v}" is not an ISO 8601 date (YYYY-MM-DD, optionally with a time); row skipped`,
  missingJourneyId: () => `journey_id is empty; row skipped`,
  painOutOfRange: (v: number) => `pain ${v} is outside 0–10; row skipped`,
  sentimentOutOfRange: (v: number) => `sentiment ${v} is outside −1 to 1; row skipped`,
  badNumber: (column: string, v: string) => `${column} "${v}" is not a number; row skipped`,
  badBoolean: (column: string, v: string) =>
    `${column} "${v}" is not a yes/no value (true/false, yes/no, 1/0); row skipped`,
  unknownEvent: (v: string) => `unknown event kind "${v}"; read as "other"`,
  missingEvent: () => `event is empty; read as "other"`,
  unknownConsent: (v: string) => `unknown consent "${v}" (expected glow, card, story); read as glow only`,
  unknownAccess: (v: string) => `unknown access "${v}" (expected clinic, mobile-unit, tele, nanobot, none); ignored`,
  // ---- every reader ----
  wrongColumnCount: (got: number, expected: number) => `has ${got} fields but the header has ${expected}; row skipped`,
  /** A record the CSV tokenizer could not read (src/data/csv.ts); shared by every CSV reader. */
  csvProblem: (p: CsvProblem) => {
    const resume = p.resumeLine ? `reading resumes on line ${p.resumeLine}` : 'the file ends there';
    switch (p.code) {
      case 'runaway-quote':
        return p.reason === 'row-like'
          ? `the quoted field opened on line ${p.quoteLine} runs on into line ${p.atLine}, which reads as a row of its own (a closing quote is probably missing); row skipped, ${resume}`
          : `the quoted field opened on line ${p.quoteLine} is closed on line ${p.atLine} by a quote with more text after it (a closing quote is probably missing); row skipped, ${resume}`;
      case 'unterminated-quote':
        return `the quoted field opened on line ${p.quoteLine} is never closed; row skipped, ${resume}`;
      case 'field-too-long':
        return `the quoted field opened on line ${p.quoteLine} runs past ${MAX_QUOTED_FIELD.toLocaleString('en-US')} characters (a closing quote is probably missing); row skipped, ${resume}`;
      case 'record-too-long':
        return `the row is longer than ${MAX_RECORD.toLocaleString('en-US')} characters; skipped, ${resume}`;
    }
  },
  /** The header row cannot be read; `then`: what happens now (an event log stops, an import skips the file). */
  brokenHeader: (p: CsvProblem, then: string) => `the header cannot be read: ${msg.csvProblem(p).replace(/; row skipped.*$/, '')}; ${then}`,
  lineTooLong: (max: number) => `the line is longer than ${max.toLocaleString('en-US')} characters; skipped`,
  storyTooLong: (length: number) =>
    `the story is ${length.toLocaleString('en-US')} characters long, over the limit of ${MAX_STORY.toLocaleString('en-US')}; the story is left out (never cut short), the event is kept`,
  badRecord: () => `record is not a JSON object; skipped`,
  badJson: (reason: string, column: number) => `line is not valid JSON (${reason}, at column ${column}); skipped`,
  emptyFile: () => `the file is empty; no rows read`,
  notJsonArray: (file: string) => `${file}: a JSON event log must be an array of records ([{ "journey_id": …, "date": …, "event": … }, …])`,
  invalidJson: (file: string, reason: string, line: number, column: number) => `${file}:${line}:${column}: not valid JSON (${reason}); nothing was loaded`,

  // ---- clinical imports: whole files and folders ----
  noPatientsFile: (folder: string) =>
    `synthea-csv: no patients.csv in ${folder}; a Synthea CSV export folder holds patients.csv, encounters.csv, procedures.csv and conditions.csv. Nothing was loaded.`,
  noFhirFiles: (path: string) =>
    `fhir: no .json bundles or .ndjson files at ${path}; point data.source at a Bundle file, a folder of bundles or a bulk-export folder. Nothing was loaded.`,
  missingFile: (name: string, folder: string) => `no ${name} in ${folder}; importing without it`,
  missingColumns: (columns: string[]) =>
    `no ${columns.join(', ')} column (looked for these names and their aliases in any case); the file is skipped`,
  notJsonFile: (reason: string, line: number, column: number) => `not valid JSON (${reason}, at line ${line}, column ${column}); the file is skipped`,
  notABundle: () => 'expected a FHIR Bundle with an entry array; the file is skipped',

  // ---- clinical imports: rows and resources that are skipped ----
  missingValue: (what: string, field: string) => `${what} has no ${field}; it is skipped`,
  badRecordDate: (field: string, value: string | undefined) =>
    value === undefined
      ? `${field} is missing; the record is skipped`
      : `${field} "${value}" is not a date or date-time; the record is skipped`,
  unknownPatient: (what: string, patient: string) =>
    `${what} names patient "${patient}", who is not among the patients read; it is skipped`,
  duplicatePatient: (id: string) => `patient "${id}" was already read; this second record is skipped`,
  notAResource: () => 'line is not a FHIR resource (no resourceType); it is skipped',
  emptyBundleEntry: (index: number) => `Bundle entry ${index} has no resource with a resourceType; it is skipped`,
  notDone: (type: string, status: string) => `${type} is marked "${status}"; it is not an event`,

  // ---- clinical imports: kept, with a fallback ----
  badBirthDate: (field: string, value: string) =>
    `${field} "${value}" is not a date (YYYY-MM-DD); the patient's events get no age band`,
  badDeathDate: (field: string, value: string) =>
    `${field} "${value}" is not a date (YYYY-MM-DD); the patient is treated as living`,
  identifyingCommunity: (from: string, fallback: string) =>
    `communityFrom "${from}" would identify people; using ${fallback} instead`,
  missingCommunityColumn: (from: string) =>
    `communityFrom names column "${from}", which patients.csv lacks; communities are left empty`,
  noIncomeColumn: () => 'communityFrom is "income-band" but patients.csv has no INCOME column; communities are left empty',
  noIncomeInFhir: () =>
    'communityFrom "income-band" needs Synthea\'s INCOME column, which FHIR Patient resources do not carry; communities are left empty',
  countyFallback: () =>
    "Patient.address has no district (county), which Synthea's FHIR export never writes; using address.city as the community for such patients",
};

/** The characters a story may have: about 150–200 words, what a card holds. Longer stories are left out whole. */
export const MAX_STORY = 1000;

const MAX_COLUMNS_SHOWN = 20;
const MAX_COLUMN_CHARS = 40;

/** Header names quoted in a message: a few, each short, control characters made visible. */
function foundColumns(found: string[]): string {
  if (found.length === 0) return '(none)';
  const shown = found.slice(0, MAX_COLUMNS_SHOWN).map((c) => {
    const t = terminalSafe(c);
    return JSON.stringify(t.length > MAX_COLUMN_CHARS ? `${t.slice(0, MAX_COLUMN_CHARS - 1)}…` : t);
  });
  return shown.join(', ') + (found.length > MAX_COLUMNS_SHOWN ? `, … (${found.length} in all)` : '');
}

const MAX_LINES_SHOWN = 5;

/** Running tally of issues by code: counts and the first few positions, without keeping every issue. */
export class IssueTally {
  private byCode = new Map<string, { severity: RowIssue['severity']; count: number; where: string[]; files: Set<string> }>();
  errors = 0;
  warnings = 0;

  add(i: RowIssue): void {
    let t = this.byCode.get(i.code);
    if (!t) {
      t = { severity: i.severity, count: 0, where: [], files: new Set() };
      this.byCode.set(i.code, t);
    }
    t.count++;
    t.files.add(i.file);
    if (t.where.length < MAX_LINES_SHOWN) t.where.push(`${i.file}\u0000${i.line}`);
    if (i.severity === 'error') this.errors++;
    else this.warnings++;
  }

  /** An independent copy of the tally so far. */
  clone(): IssueTally {
    const copy = new IssueTally();
    for (const [code, t] of this.byCode) copy.byCode.set(code, { severity: t.severity, count: t.count, where: [...t.where], files: new Set(t.files) });
    copy.errors = this.errors;
    copy.warnings = this.warnings;
    return copy;
  }

  /** One phrase per code, e.g. "9 bad dates (lines 4, 19, …)", errors or warnings only. */
  phrases(severity: RowIssue['severity']): string[] {
    const out: string[] = [];
    const entries = [...this.byCode.entries()].filter(([, t]) => t.severity === severity);
    entries.sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
    for (const [code, t] of entries) {
      const [one, many] = ISSUE_LABELS[code] ?? [code, code];
      const multiFile = t.files.size > 1;
      const places = t.where.map((w) => {
        const [file, line] = w.split('\u0000');
        return multiFile ? `${file}:${line}` : line;
      });
      const more = t.count > t.where.length ? ', …' : '';
      const word = multiFile ? '' : places.length === 1 && !more ? 'line ' : 'lines ';
      out.push(`${t.count} ${t.count === 1 ? one : many} (${word}${places.join(', ')}${more})`);
    }
    return out;
  }

  /**
   * The human summary, e.g. "12 rows skipped: 9 bad dates (lines 4, 19, …), 3 missing journey_id (lines 2, 5)".
   * Warnings follow after a semicolon.
   */
  summary(rowsRead: number): string {
    const errs = this.phrases('error');
    const warns = this.phrases('warning');
    const parts: string[] = [];
    if (this.errors === 0) parts.push(`all ${rowsRead} ${rowsRead === 1 ? 'row' : 'rows'} loaded`);
    else parts.push(`${this.errors} ${this.errors === 1 ? 'row' : 'rows'} skipped: ${errs.join(', ')}`);
    if (this.warnings > 0) parts.push(`${this.warnings} ${this.warnings === 1 ? 'warning' : 'warnings'}: ${warns.join(', ')}`);
    return parts.join('; ');
  }
}

/** Summarise a list of issues (see IssueTally.summary). */
export function summarizeIssues(issues: RowIssue[], rowsRead: number): string {
  const t = new IssueTally();
  for (const i of issues) t.add(i);
  return t.summary(rowsRead);
}
