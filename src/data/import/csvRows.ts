/**
 * Streaming CSV rows with their line numbers, and header lookup by canonical name with aliases, for
 * clinical exports whose column spelling and order vary between builds. The rows come from the
 * intake's one CSV tokenizer (src/data/csv.ts), so a broken quote is reported here exactly as in an
 * event log, and never swallows the rows after it.
 */
import { CsvTokenizer, type CsvProblem } from '../csv.ts';
import { streamDataFile } from '../files.ts';
import { normaliseName } from './clinical.ts';

export interface CsvRow {
  /** 1-based line where the row starts (the header is line 1). */
  line: number;
  fields: string[];
}

export interface CsvRowHandlers {
  /** Each row, header first; return false to stop reading. */
  row(row: CsvRow): boolean | void;
  /** A row the tokenizer could not read (reported with its line; reading goes on after it). */
  problem(p: CsvProblem): void;
}

/**
 * Call `row` for every row of a CSV file, header first. The file is checked and streamed by
 * src/data/files.ts (a regular file inside `within`, within the size limit), so memory stays flat
 * however large it is. The header's width tells the tokenizer what a row looks like.
 */
export async function eachCsvRow(file: string, within: string, label: string, on: CsvRowHandlers): Promise<void> {
  let stopped = false;
  let header = true;
  const csv = new CsvTokenizer({
    record(fields, line) {
      if (stopped) return;
      if (header && !isBlankRow(fields)) {
        header = false;
        csv.rowWidth = fields.length;
      }
      if (on.row({ line, fields }) === false) stopped = true;
    },
    problem(p) {
      if (!stopped) on.problem(p);
    },
  });
  await streamDataFile(file, within, (text) => {
    csv.push(text);
    return !stopped;
  }, { label });
  if (!stopped) csv.end();
}

/** A blank line, which the tokenizer hands over as one empty field. */
export function isBlankRow(fields: string[]): boolean {
  return fields.length === 0 || (fields.length === 1 && fields[0].trim() === '');
}

export interface ColumnSpec {
  /** Canonical name, as the readers ask for it. */
  name: string;
  /** Other spellings seen in exports; matched like the name, case- and punctuation-insensitively. */
  aliases?: readonly string[];
  required?: boolean;
}

/** A parsed header: which field holds which canonical column. */
export class Header {
  private readonly index = new Map<string, number>();
  /** Every header field by normalised name (first occurrence wins). */
  private readonly positions: Map<string, number>;
  readonly width: number;
  /** Required columns the header lacks, by canonical name. */
  readonly missing: string[] = [];

  constructor(fields: string[], columns: readonly ColumnSpec[]) {
    this.width = fields.length;
    const positions = new Map<string, number>();
    fields.forEach((f, i) => {
      const key = normaliseName(f);
      if (!positions.has(key)) positions.set(key, i);
    });
    for (const col of columns) {
      const at = [col.name, ...(col.aliases ?? [])].map(normaliseName).find((n) => positions.has(n));
      if (at !== undefined) this.index.set(col.name, positions.get(at)!);
      else if (col.required) this.missing.push(col.name);
    }
    this.positions = positions;
  }

  /** Find any column by its name in the file (case-insensitive), for configured columns. */
  locate(name: string): number | undefined {
    return this.positions.get(normaliseName(name));
  }

  has(name: string): boolean {
    return this.index.has(name);
  }

  /** The trimmed value of a canonical column in a row; undefined when the column is absent or the cell empty. */
  get(fields: string[], name: string): string | undefined {
    const i = this.index.get(name);
    return i === undefined ? undefined : cell(fields, i);
  }
}

/** The trimmed cell at `i`, or undefined when empty. */
export function cell(fields: string[], i: number): string | undefined {
  const v = fields[i];
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}
