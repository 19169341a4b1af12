/**
 * JSON in data files (event-log JSON arrays and NDJSON, FHIR bundles and bulk exports): parsed with
 * the engine's JSON.parse for speed, nesting held to MAX_JSON_DEPTH, and every problem described by
 * its position alone. The engine's own messages quote the start of the text, which could be anyone's
 * record; these never do. Pure and browser-safe.
 */
import { JsonSyntaxError, MAX_JSON_DEPTH, parseJson } from '../config/json.ts';

export { MAX_JSON_DEPTH };

export type DataJson =
  | { ok: true; value: unknown }
  /** `reason` names what was wrong, never the text; line and column are 1-based within `text`. */
  | { ok: false; reason: string; line: number; column: number };

/** True when `value` nests objects or arrays more than `max` levels deep (walked without recursion). */
export function nestsDeeper(value: unknown, max = MAX_JSON_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  while (stack.length) {
    const v = stack.pop() as object;
    const d = depths.pop()!;
    if (d > max) return true;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const c of children) {
      if (c !== null && typeof c === 'object') {
        stack.push(c);
        depths.push(d + 1);
      }
    }
  }
  return false;
}

/** Line and column (1-based) of offset `at`; CRLF, CR and LF each end a line. */
function position(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let k = 0; k < at; k++) {
    const c = text.charCodeAt(k);
    if (c === 10 || (c === 13 && text.charCodeAt(k + 1) !== 10)) {
      line++;
      start = k + 1;
    }
  }
  return { line, column: at - start + 1 };
}

/** Offset of the bracket that opens nesting level max + 1 (outside strings), or −1. */
function tooDeepAt(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (inString) {
      if (c === 92) k++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return k;
    } else if (c === 125 || c === 93) depth--;
  }
  return -1;
}

/** The engine's reason without the text it quotes: `Unexpected token 'x', "…" is not valid JSON` → `Unexpected token 'x'`. */
function engineReason(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.replace(/, ".*$/s, '').replace(/ in JSON at position \d+.*$/s, '').replace(/ \(line \d+ column \d+\)$/, '').slice(0, 80);
}

/** Parse one JSON text from a data file. */
export function parseDataJson(text: string): DataJson {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    // Our own parser finds the position (it accepts exactly what JSON.parse accepts).
    try {
      parseJson(body, { positions: false });
    } catch (e) {
      if (e instanceof JsonSyntaxError) return { ok: false, reason: e.reason, line: e.position.line, column: e.position.column };
    }
    return { ok: false, reason: engineReason(err), line: 1, column: 1 };
  }
  if (nestsDeeper(value)) {
    const at = tooDeepAt(body, MAX_JSON_DEPTH);
    const where = position(body, Math.max(at, 0));
    return { ok: false, reason: `nested more than ${MAX_JSON_DEPTH} levels deep (objects and lists inside each other)`, ...where };
  }
  return { ok: true, value };
}

/** "line 3, column 14" when the text has several lines, else "column 14". */
export function describePosition(r: { line: number; column: number }, multiLine = true): string {
  return multiLine ? `line ${r.line}, column ${r.column}` : `column ${r.column}`;
}
