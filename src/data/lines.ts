/**
 * Text in chunks → lines with their exact 1-based numbers, for line-based formats (NDJSON event
 * logs, FHIR bulk exports). A line end is CRLF, a lone CR or a lone LF, in any mix, also when a CRLF
 * is split between two chunks. A line longer than `maxChars` is reported and dropped as it streams
 * in, so an endless line cannot fill the memory. Pure and browser-safe.
 */

/** Characters one line may hold (a FHIR resource can embed an attachment; 8 MiB is far above any). */
export const MAX_LINE = 8 * 1024 * 1024;

export interface LineHandlers {
  line(text: string, line: number): void;
  /** A line over the limit, dropped. */
  tooLong(line: number): void;
}

export class LineSplitter {
  private buf = '';
  private line = 0;
  /** The last chunk ended with a CR: an LF at the start of the next one belongs to it. */
  private afterCR = false;
  private skipping = false;

  constructor(
    private readonly on: LineHandlers,
    private readonly maxChars = MAX_LINE,
  ) {}

  push(chunk: string): void {
    if (chunk.length === 0) return;
    let start = 0;
    if (this.afterCR) {
      this.afterCR = false;
      if (chunk.charCodeAt(0) === 10) start = 1;
    }
    const text = this.buf.length ? this.buf + chunk.slice(start) : start ? chunk.slice(start) : chunk;
    this.buf = '';
    start = 0;
    const n = text.length;
    let lf = text.indexOf('\n');
    let cr = text.indexOf('\r');
    if (lf === -1) lf = n;
    if (cr === -1) cr = n;
    while (start < n) {
      if (lf < start) {
        lf = text.indexOf('\n', start);
        if (lf === -1) lf = n;
      }
      if (cr < start) {
        cr = text.indexOf('\r', start);
        if (cr === -1) cr = n;
      }
      const end = lf < cr ? lf : cr;
      if (end >= n) break;
      this.emit(text, start, end);
      if (end === cr) {
        if (end + 1 >= n) {
          this.afterCR = true;
          return;
        }
        start = text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
      } else start = end + 1;
    }
    if (start >= n) return;
    if (this.skipping) return; // still inside a line that was too long
    if (n - start > this.maxChars) {
      this.line++;
      this.on.tooLong(this.line);
      this.skipping = true;
      return;
    }
    this.buf = start === 0 ? text : text.slice(start);
  }

  end(): void {
    if (this.buf.length && !this.skipping) {
      this.line++;
      this.on.line(this.buf, this.line);
    }
    this.buf = '';
    this.skipping = false;
  }

  private emit(text: string, start: number, end: number): void {
    if (this.skipping) {
      // The end of a line already reported as too long.
      this.skipping = false;
      return;
    }
    this.line++;
    if (end - start > this.maxChars) this.on.tooLong(this.line);
    else this.on.line(text.slice(start, end), this.line);
  }
}
