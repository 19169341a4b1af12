/**
 * The intake's one CSV tokenizer (event logs and Synthea exports alike): RFC 4180 plus the exports
 * people actually have, streamed in chunks, handing back one record at a time with the exact
 * 1-based line it starts on. Handles a byte-order mark, any mix of CRLF / CR / LF (a line end is
 * CRLF, a lone CR or a lone LF, inside quoted fields too), quoted fields with delimiters, "" quotes
 * and line breaks, and picks the delimiter (comma, semicolon or tab) from the header line.
 *
 * A broken quote never swallows the rows after it. A quoted field that
 *   - runs across a line that reads as a row: read on its own, the line has at least as many fields
 *     as the header (`rowWidth`, set by the caller once the header is read),
 *   - spans lines and is closed by a quote with more text after it (`…"text`),
 *   - grows past `maxQuotedField` characters, or
 *   - is still open at the end of the file
 * is reported as a problem with the line its record starts on and the line the quote opened, and
 * reading resumes on the line after the opening one, so every later row is read on its own. A
 * record longer than `maxRecord` characters is reported and skipped up to its line end. Memory stays
 * bounded by `maxRecord` whatever the input.
 *
 * It reads bytes (UTF-8) as well as text: a file streams in as raw bytes and only the fields a
 * reader asks for become strings (`row` handler, CsvRow); text pushed in is encoded once and read
 * the same way, so both give the same records, lines and problems. The limits count characters
 * (UTF-16 code units, as a string's length does), whatever the bytes.
 *
 * Written here rather than taken from a library: papaparse and csv-parse report character offsets
 * or line counts, but none of them re-reads from the line after a broken quote, which is what keeps
 * other rows' text out of a published story.
 */

/** Characters one quoted field may hold. Far above any real field (stories stop at MAX_STORY, 1,000, in messages.ts). */
export const MAX_QUOTED_FIELD = 65_536;
/** Characters one record (row) may hold, quoted line breaks included. */
export const MAX_RECORD = 1_048_576;

export type CsvProblemCode = 'runaway-quote' | 'unterminated-quote' | 'field-too-long' | 'record-too-long';

/** A record the tokenizer could not read; it is not handed to `record`. */
export interface CsvProblem {
  code: CsvProblemCode;
  /** Line the record starts on. */
  line: number;
  /** Line the broken quoted field opens on (the record's line for record-too-long). */
  quoteLine: number;
  /** Line reading resumes on (0 when the file ended). */
  resumeLine: number;
  /** runaway-quote: the line inside the field that reads as a row, or where a quote closed it with text after it. */
  atLine?: number;
  reason?: 'row-like' | 'text-after-quote';
}

/**
 * One record as the tokenizer read it, valid only during the `row` call: each field's byte range in
 * `bytes` (inside the quotes for a quoted field), and its text on demand.
 */
export interface CsvRow {
  readonly bytes: Uint8Array;
  readonly count: number;
  start(k: number): number;
  end(k: number): number;
  /** The field's bytes are its value (no "" inside, no text after a closing quote). */
  plain(k: number): boolean;
  /** The field's value as text. */
  text(k: number): string;
}

export interface CsvHandlers {
  /** One record's fields (owned by the callee) and the line it starts on. A blank line arrives as `['']`. */
  record?(fields: string[], line: number): void;
  /** The same record without making its fields strings (given `row`, `record` is not called). */
  row?(row: CsvRow, line: number): void;
  problem(p: CsvProblem): void;
}

export interface CsvOptions {
  /** Fixed delimiter; by default picked from the header line. */
  delimiter?: string;
  maxQuotedField?: number;
  maxRecord?: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

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

/** Line ends in s[from, to): CRLF counts once, a lone CR or LF once each. */
export function countLineEnds(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  for (let i = s.indexOf('\r', from); i !== -1 && i < to; i = s.indexOf('\r', i + 1)) if (s.charCodeAt(i + 1) !== LF || i + 1 >= to) n++;
  return n;
}

/** How many fields s[from, to) holds read as a line on its own (a quote left open runs to the end). */
export function fieldCount(s: string, from: number, to: number, d: number): number {
  let count = 1;
  let inQuotes = false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) inQuotes = !inQuotes; // "" toggles twice: still inside
    else if (c === d && !inQuotes) count++;
  }
  return count;
}

/** UTF-16 code units of the UTF-8 bytes s[from, to): one per character, two for one past U+FFFF. */
function units(s: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const b = s[i];
    if ((b & 0xc0) !== 0x80) n += b >= 0xf0 ? 2 : 1;
  }
  return n;
}

/** s[from, to) holds more than `max` characters (counted only when its bytes could). */
function exceeds(s: Uint8Array, from: number, to: number, max: number): boolean {
  return to - from > max && units(s, from, to) > max;
}

/** Field count of the bytes s[from, to) read as a line on its own (fieldCount, on bytes). */
function byteFieldCount(s: Uint8Array, from: number, to: number, d: number): number {
  let count = 1;
  let inQuotes = false;
  for (let i = from; i < to; i++) {
    const c = s[i];
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (c === d && !inQuotes) count++;
  }
  return count;
}

const utf8 = new TextDecoder();
const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** Text of UTF-8 bytes: short ASCII directly, anything else through TextDecoder. */
export function decodeBytes(s: Uint8Array, from: number, to: number): string {
  const n = to - from;
  if (n === 0) return '';
  if (n <= 24) {
    let ascii = true;
    for (let i = from; i < to; i++) if (s[i] >= 0x80) {
      ascii = false;
      break;
    }
    if (ascii) return String.fromCharCode.apply(null, s.subarray(from, to) as unknown as number[]);
  }
  return utf8.decode(s.subarray(from, to));
}

/** The record being read: field ranges, and the text of fields whose bytes are not their value. */
class RowBuffer implements CsvRow {
  bytes: Uint8Array = EMPTY;
  count = 0;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private texts: (string | undefined)[] = [];
  private composite = false;

  reset(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.count = 0;
    if (this.composite) {
      this.texts.length = 0;
      this.composite = false;
    }
  }

  add(start: number, end: number, text?: string): void {
    const k = this.count++;
    if (k >= this.starts.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
    }
    this.starts[k] = start;
    this.ends[k] = end;
    if (text !== undefined) {
      this.texts[k] = text;
      this.composite = true;
    } else if (this.composite) this.texts[k] = undefined;
  }

  start(k: number): number {
    return this.starts[k];
  }
  end(k: number): number {
    return this.ends[k];
  }
  plain(k: number): boolean {
    return !this.composite || this.texts[k] === undefined;
  }
  text(k: number): string {
    return (this.composite ? this.texts[k] : undefined) ?? decodeBytes(this.bytes, this.starts[k], this.ends[k]);
  }
  fields(): string[] {
    const out = new Array<string>(this.count);
    for (let k = 0; k < this.count; k++) out[k] = this.text(k);
    return out;
  }
}

export class CsvTokenizer {
  /**
   * Set once the header is read, to its field count: a line inside a quoted field that holds at
   * least this many fields on its own reads as a row, and the quote as broken. A false alarm costs a
   * reported row; a miss could publish another row's text, so the test is deliberately wide.
   * Null (the default, and while reading the header): no such test.
   */
  rowWidth: number | null = null;
  delimiter: string | null;

  private buf: Uint8Array = EMPTY;
  /** Line of the first byte of `buf`. */
  private line = 1;
  private started = false;
  /** Dropping the rest of a record that is too long, up to its line end. */
  private skipping = false;
  private readonly maxQuoted: number;
  private readonly maxRecord: number;
  private readonly row = new RowBuffer();
  // Memo of the next LF / CR at or after a position in the current buffer (scans only move forward).
  private lfFrom = -1;
  private lfAt = -1;
  private crFrom = -1;
  private crAt = -1;

  constructor(
    private readonly on: CsvHandlers,
    opts: CsvOptions = {},
  ) {
    this.delimiter = opts.delimiter ?? null;
    this.maxQuoted = opts.maxQuotedField ?? MAX_QUOTED_FIELD;
    this.maxRecord = opts.maxRecord ?? MAX_RECORD;
  }

  /** More of the file: text, or UTF-8 bytes (a multi-byte character may be split between pushes). */
  push(chunk: string | Uint8Array): void {
    let bytes: Uint8Array;
    if (typeof chunk === 'string') {
      if (!this.started && chunk.length === 0) return;
      bytes = encoder.encode(chunk);
    } else bytes = chunk;
    if (!this.started) {
      if (bytes.length === 0) return;
      this.started = true;
      if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    if (this.buf.length) {
      const joined = new Uint8Array(this.buf.length + bytes.length);
      joined.set(this.buf);
      joined.set(bytes, this.buf.length);
      bytes = joined;
    }
    this.buf = bytes;
    this.drain(false);
  }

  end(): void {
    this.drain(true);
    this.buf = EMPTY;
  }

  private nextLF(s: Uint8Array, from: number): number {
    if (from < this.lfFrom || from > this.lfAt) {
      this.lfFrom = from;
      const k = s.indexOf(LF, from);
      this.lfAt = k === -1 ? s.length : k;
    }
    return this.lfAt;
  }

  private nextCR(s: Uint8Array, from: number): number {
    if (from < this.crFrom || from > this.crAt) {
      this.crFrom = from;
      const k = s.indexOf(CR, from);
      this.crAt = k === -1 ? s.length : k;
    }
    return this.crAt;
  }

  /** Index of the next line end at or after `from` (s.length when none). */
  private nextBreak(s: Uint8Array, from: number): number {
    return Math.min(this.nextLF(s, from), this.nextCR(s, from));
  }

  /** Index after the line end at `at` (a CRLF is one), or −1 when a CR ends the buffer and more may follow. */
  private afterBreak(s: Uint8Array, at: number, final: boolean): number {
    if (s[at] !== CR) return at + 1;
    if (at + 1 >= s.length) return final ? at + 1 : -1;
    return s[at + 1] === LF ? at + 2 : at + 1;
  }

  private drain(final: boolean): void {
    const s = this.buf;
    this.lfFrom = this.crFrom = -1;
    this.lfAt = this.crAt = -1;
    let pos = 0;
    if (this.skipping) {
      const b = this.nextBreak(s, 0);
      if (b >= s.length) {
        this.buf = EMPTY;
        return;
      }
      const after = this.afterBreak(s, b, final);
      if (after < 0) {
        this.buf = s.subarray(b);
        return;
      }
      this.skipping = false;
      this.line++;
      pos = after;
    }
    if (this.delimiter === null) {
      const nl = this.nextBreak(s, pos);
      if (nl >= s.length && !final && !exceeds(s, pos, s.length, this.maxRecord)) return;
      this.delimiter = detectDelimiter(decodeBytes(s, pos, nl));
    }
    const d = this.delimiter.charCodeAt(0);
    while (pos < s.length) {
      const next = this.record(s, pos, final, d);
      if (next < 0) break;
      pos = next;
      if (this.skipping) break;
    }
    this.buf = this.skipping ? EMPTY : pos === 0 ? s : s.subarray(pos);
  }

  /** A problem with the quoted field opened at `quoteAt` on `quoteLine`: report it and resume on the line after. */
  private recover(s: Uint8Array, quoteAt: number, quoteLine: number, final: boolean, p: Omit<CsvProblem, 'line' | 'quoteLine' | 'resumeLine'>): number {
    const b = this.nextBreak(s, quoteAt);
    const line = this.line;
    if (b >= s.length) {
      // No line end after the quote (yet): the rest of this line is dropped as it arrives.
      this.on.problem({ ...p, line, quoteLine, resumeLine: final ? 0 : quoteLine + 1 });
      this.line = quoteLine;
      this.skipping = !final;
      return s.length;
    }
    const after = this.afterBreak(s, b, final);
    if (after < 0) return -1;
    this.on.problem({ ...p, line, quoteLine, resumeLine: quoteLine + 1 });
    this.line = quoteLine + 1;
    return after;
  }

  /**
   * Read one record starting at `pos`: emit it (or its problem) and return the position after it,
   * or −1 when the buffer ends before the record does and more text may follow.
   */
  private record(s: Uint8Array, pos: number, final: boolean, d: number): number {
    const row = this.row;
    row.reset(s);
    let i = pos;
    /** Line ends inside the record so far. */
    let newlines = 0;
    const n = s.length;
    for (;;) {
      if (i < n && s[i] === QUOTE) {
        const quoteAt = i;
        const quoteLine = this.line + newlines;
        let j = i + 1;
        // The value is s[quoteAt + 1, k) unless it holds "" or text after its closing quote.
        let val: string | null = null;
        let multiLine = false;
        let close: number;
        for (;;) {
          const k = s.indexOf(QUOTE, j);
          const end = k === -1 ? n : k;
          // Line ends inside the quoted text: no following line may read as a row.
          for (let b = this.nextBreak(s, j); b < end; ) {
            multiLine = true;
            newlines++;
            const start = s[b] === CR && s[b + 1] === LF ? b + 2 : b + 1;
            const lineEnd = this.nextBreak(s, start);
            if (this.rowWidth !== null && this.rowWidth > 1) {
              if (lineEnd >= n && !final && !exceeds(s, quoteAt, n, this.maxQuoted) && !exceeds(s, pos, n, this.maxRecord)) return -1;
              if (byteFieldCount(s, start, lineEnd, d) >= this.rowWidth) {
                return this.recover(s, quoteAt, quoteLine, final, { code: 'runaway-quote', atLine: this.line + newlines, reason: 'row-like' });
              }
            }
            b = lineEnd;
          }
          if (exceeds(s, quoteAt, end, this.maxQuoted) || exceeds(s, pos, end, this.maxRecord)) {
            return this.recover(s, quoteAt, quoteLine, final, { code: 'field-too-long' });
          }
          if (k === -1) {
            if (!final) return -1;
            return this.recover(s, quoteAt, quoteLine, final, { code: 'unterminated-quote' });
          }
          if (k + 1 >= n && !final) return -1;
          if (s[k + 1] === QUOTE) {
            val = (val ?? '') + decodeBytes(s, j, k + 1);
            j = k + 2;
            continue;
          }
          if (val !== null) val += decodeBytes(s, j, k);
          close = k;
          i = k + 1;
          break;
        }
        const start = i;
        while (i < n) {
          const c = s[i];
          if (c === d || c === LF || c === CR) break;
          i++;
        }
        if (i > start) {
          // Text after a closing quote: kept on one line (a"b"c, as spreadsheets do); across lines it
          // means the quote that "closed" the field opened one in a later row (blanks aside).
          if (multiLine) {
            for (let b = start; b < i; b++) {
              if (s[b] !== 32 && s[b] !== 9) {
                return this.recover(s, quoteAt, quoteLine, final, { code: 'runaway-quote', atLine: this.line + newlines, reason: 'text-after-quote' });
              }
            }
          }
          val = (val ?? decodeBytes(s, quoteAt + 1, close)) + decodeBytes(s, start, i);
        }
        if (val === null) row.add(quoteAt + 1, close);
        else row.add(quoteAt + 1, close, val);
      } else {
        let j = i;
        while (j < n) {
          const c = s[j];
          if (c === d || c === LF || c === CR) break;
          j++;
        }
        row.add(i, j);
        i = j;
      }
      if (exceeds(s, pos, i, this.maxRecord)) {
        // Too long: report it and drop the rest of its line.
        this.on.problem({ code: 'record-too-long', line: this.line, quoteLine: this.line, resumeLine: this.line + newlines + 1 });
        this.line += newlines;
        const b = this.nextBreak(s, i);
        if (b >= n) {
          this.skipping = !final;
          return n;
        }
        const after = this.afterBreak(s, b, final);
        if (after < 0) {
          this.skipping = true;
          return n;
        }
        this.line++;
        return after;
      }
      if (i >= n) {
        if (!final) return -1;
        this.emit(newlines);
        return n;
      }
      const c = s[i];
      if (c === d) {
        i++;
        continue;
      }
      const after = this.afterBreak(s, i, final);
      if (after < 0) return -1;
      this.emit(newlines + 1);
      return after;
    }
  }

  private emit(newlines: number): void {
    const line = this.line;
    this.line += newlines;
    if (this.on.row) this.on.row(this.row, line);
    else this.on.record?.(this.row.fields(), line);
  }
}
