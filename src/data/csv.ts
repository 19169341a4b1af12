/**
 * A small streaming CSV tokenizer (RFC 4180 plus the exports people actually have): fed text in
 * chunks, it hands back one record at a time with the 1-based line the record starts on, so
 * messages can name the line even when quoted fields contain newlines. Handles a byte-order mark,
 * CRLF / CR / LF line ends, quoted fields with delimiters, quotes ("") and newlines, and picks the
 * delimiter (comma, semicolon or tab) from the header line.
 *
 * Written here rather than using papaparse's streaming mode because papaparse reports character
 * offsets, not lines, and line numbers are what the messages need.
 */

export interface CsvRecordHandler {
  /** `fields` is owned by the callee; `unterminated` is set when the file ended inside a quoted field. */
  (fields: string[], line: number, unterminated: boolean): void;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  // Lone CR line ends inside quoted fields are rare; count them only when there is no LF at all.
  if (n === 0) for (let i = s.indexOf('\r', from); i !== -1 && i < to; i = s.indexOf('\r', i + 1)) n++;
  return n;
}

/** Pick the delimiter that occurs most often in the header line (outside quotes); comma by default. */
export function detectDelimiter(headerLine: string): string {
  let comma = 0;
  let semi = 0;
  let tab = 0;
  let inQuotes = false;
  for (let i = 0; i < headerLine.length; i++) {
    const c = headerLine.charCodeAt(i);
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (!inQuotes) {
      if (c === 44) comma++;
      else if (c === 59) semi++;
      else if (c === 9) tab++;
    }
  }
  if (semi > comma && semi >= tab) return ';';
  if (tab > comma && tab > semi) return '\t';
  return ',';
}

export class CsvTokenizer {
  private buf = '';
  private line = 1;
  private started = false;
  delimiter: string | null;

  constructor(
    private readonly onRecord: CsvRecordHandler,
    opts: { delimiter?: string } = {},
  ) {
    this.delimiter = opts.delimiter ?? null;
  }

  push(chunk: string): void {
    if (!this.started) {
      if (chunk.length === 0) return;
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.buf = this.buf.length ? this.buf + chunk : chunk;
    this.drain(false);
  }

  end(): void {
    this.drain(true);
    this.buf = '';
  }

  private drain(final: boolean): void {
    const s = this.buf;
    if (this.delimiter === null) {
      const nl = s.search(/[\r\n]/);
      if (nl === -1 && !final) return;
      this.delimiter = detectDelimiter(nl === -1 ? s : s.slice(0, nl));
    }
    const d = this.delimiter.charCodeAt(0);
    let pos = 0;
    while (pos < s.length) {
      const next = this.record(s, pos, final, d);
      if (next < 0) break;
      pos = next;
    }
    this.buf = pos === 0 ? s : s.slice(pos);
  }

  /** Parse one record starting at `pos`; emit it and return the position after it, or −1 if incomplete. */
  private record(s: string, pos: number, final: boolean, d: number): number {
    const fields: string[] = [];
    let i = pos;
    let newlines = 0;
    let unterminated = false;
    const n = s.length;
    for (;;) {
      if (i < n && s.charCodeAt(i) === QUOTE) {
        let j = i + 1;
        let val = '';
        for (;;) {
          const k = s.indexOf('"', j);
          if (k === -1) {
            if (!final) return -1;
            val += s.slice(j);
            newlines += countNewlines(s, j, n);
            i = n;
            unterminated = true;
            break;
          }
          if (k + 1 >= n && !final) return -1;
          if (s.charCodeAt(k + 1) === QUOTE) {
            val += s.slice(j, k + 1);
            newlines += countNewlines(s, j, k);
            j = k + 2;
            continue;
          }
          val += s.slice(j, k);
          newlines += countNewlines(s, j, k);
          i = k + 1;
          break;
        }
        // Stray text after a closing quote (a"b"c) is kept, as spreadsheets do.
        const start = i;
        while (i < n) {
          const c = s.charCodeAt(i);
          if (c === d || c === LF || c === CR) break;
          i++;
        }
        if (i > start) val += s.slice(start, i);
        fields.push(val);
      } else {
        let j = i;
        while (j < n) {
          const c = s.charCodeAt(j);
          if (c === d || c === LF || c === CR) break;
          j++;
        }
        fields.push(s.slice(i, j));
        i = j;
      }
      if (i >= n) {
        if (!final) return -1;
        this.emit(fields, newlines, unterminated);
        return n;
      }
      const c = s.charCodeAt(i);
      if (c === d) {
        i++;
        continue;
      }
      if (c === CR) {
        if (i + 1 >= n && !final) return -1;
        i += s.charCodeAt(i + 1) === LF ? 2 : 1;
      } else i++;
      newlines++;
      this.emit(fields, newlines, unterminated);
      return i;
    }
  }

  private emit(fields: string[], newlines: number, unterminated: boolean): void {
    const line = this.line;
    this.line += newlines;
    this.onRecord(fields, line, unterminated);
  }
}
