/**
 * Streaming CSV rows with their line numbers, and header lookup by canonical name with aliases, for
 * clinical exports whose column spelling and order vary between builds.
 */
import { createReadStream } from 'node:fs';
import Papa from 'papaparse';
import { normaliseName } from './clinical.ts';

export interface CsvRow {
  /** 1-based line where the row starts (the header is line 1). */
  line: number;
  fields: string[];
}

/**
 * Call `onRow` for every row of a CSV file, header first, parsed by papaparse's Node stream over a
 * read stream. `pipe` gives backpressure, so memory stays flat however large the file; a synchronous
 * callback per row is ten times faster than async iteration. `onRow` returns false to stop reading.
 */
export function eachCsvRow(file: string, onRow: (row: CsvRow) => boolean | void): Promise<void> {
  return new Promise((resolve, reject) => {
    const input = createReadStream(file, { encoding: 'utf8' });
    const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { header: false, skipEmptyLines: false });
    let line = 1;
    let stopped = false;
    const stop = () => {
      stopped = true;
      input.unpipe(parser);
      input.destroy();
      parser.destroy();
      resolve();
    };
    input.on('error', reject);
    parser.on('error', reject);
    parser.on('end', () => resolve());
    parser.on('data', (fields: string[]) => {
      if (stopped) return;
      const more = onRow({ line, fields });
      // A quoted field may span lines; count them so later rows keep their true line numbers.
      let extra = 0;
      for (const f of fields) for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) extra += 1;
      line += 1 + extra;
      if (more === false) stop();
    });
    input.pipe(parser);
  });
}

/** A blank line, which papaparse hands over as one empty field. */
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
