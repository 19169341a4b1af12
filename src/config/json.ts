/**
 * A small JSON parser that remembers where every value starts, so config messages can give the
 * line and column of a syntax error and of the value at a JSON path. JSON.parse reports neither
 * portably (browsers and Node word positions differently). Strict JSON only, exactly what JSON.parse
 * (and so the page) accepts: no comments, no trailing commas, no raw control characters in strings
 * (editors following installation.schema.json flag them the same way). Nesting is held to
 * MAX_JSON_DEPTH, so a hostile file gives a message with its position, never a stack overflow.
 */
import { msg } from './messages.ts';

export interface JsonPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export class JsonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly position: JsonPosition,
  ) {
    super(reason);
  }
}

export interface ParsedJson {
  value: unknown;
  /** JSON path key (see pathKey) → where the value (or, for object members, the key) starts. */
  positions: Map<string, JsonPosition>;
  /** Keys that occur twice in one object: the last one wins, as in JSON.parse. */
  duplicates: { path: (string | number)[]; position: JsonPosition }[];
}

/** The key positions are stored under: path segments joined with a separator JSON keys rarely hold. */
export function pathKey(path: readonly PropertyKey[]): string {
  return path.map(String).join('\u0000');
}

/** Objects and lists inside each other; configs nest 5 deep, FHIR resources about 10. */
export const MAX_JSON_DEPTH = 64;

export interface ParseJsonOptions {
  /** Record where every value starts (default true); off for only checking a large text. */
  positions?: boolean;
}

export function parseJson(text: string, options: ParseJsonOptions = {}): ParsedJson {
  const record = options.positions ?? true;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let depth = 0;
  const positions = new Map<string, JsonPosition>();
  const duplicates: ParsedJson['duplicates'] = [];

  // Line starts, so a position is a binary search away.
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) {
    const ch = text.charCodeAt(k);
    if (ch === 10 || (ch === 13 && text.charCodeAt(k + 1) !== 10)) lineStarts.push(k + 1); // LF, CRLF or a lone CR
  }
  const where = (at: number): JsonPosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - lineStarts[lo] + 1 };
  };
  const describe = (at: number): string => (at >= text.length ? msg.jsonEnd() : JSON.stringify(text[at]));
  const fail = (expected: string, at = i): never => {
    throw new JsonSyntaxError(msg.jsonExpected(expected, describe(at)), where(at));
  };
  const skip = () => {
    while (i < text.length) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
      else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
        throw new JsonSyntaxError(msg.jsonComment(), where(i));
      } else break;
    }
  };

  const parseString = (): string => {
    const start = i;
    i++; // opening quote
    let out = '';
    while (true) {
      if (i >= text.length) throw new JsonSyntaxError(msg.jsonUnterminatedString(), where(start));
      const c = text[i];
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\n') throw new JsonSyntaxError(msg.jsonUnterminatedString(), where(start));
      if (c < ' ') throw new JsonSyntaxError(msg.jsonControlCharacter(c.charCodeAt(0)), where(i));
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          throw new JsonSyntaxError(msg.jsonBadEscape(), where(i));
        }
        continue;
      }
      out += c;
      i++;
    }
  };

  const parseValue = (path: (string | number)[]): unknown => {
    skip();
    if (record && !positions.has(pathKey(path))) positions.set(pathKey(path), where(i));
    const c = text[i];
    if (c === '{' || c === '[') {
      if (++depth > MAX_JSON_DEPTH) throw new JsonSyntaxError(msg.jsonTooDeep(MAX_JSON_DEPTH), where(i));
      const v = c === '{' ? parseObject(path) : parseArray(path);
      depth--;
      return v;
    }
    if (c === '"') return parseString();
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (m && m[0].length > 0 && (c === '-' || (c >= '0' && c <= '9'))) {
      i += m[0].length;
      return Number(m[0]);
    }
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    return fail(msg.jsonExpectValue());
  };

  const parseObject = (path: (string | number)[]): Record<string, unknown> => {
    i++;
    const obj: Record<string, unknown> = {};
    skip();
    if (text[i] === '}') {
      i++;
      return obj;
    }
    while (true) {
      skip();
      if (text[i] !== '"') fail(msg.jsonExpectKey());
      const keyAt = i;
      const key = parseString();
      const memberPath = [...path, key];
      if (Object.prototype.hasOwnProperty.call(obj, key)) duplicates.push({ path: memberPath, position: where(keyAt) });
      if (record) positions.set(pathKey(memberPath), where(keyAt));
      skip();
      if (text[i] !== ':') fail('":"');
      i++;
      const v = parseValue(memberPath);
      if (record) positions.set(pathKey(memberPath), where(keyAt));
      // Every key is an own property, "__proto__" included: no prototype is ever set from a file.
      Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
      skip();
      if (text[i] === ',') {
        i++;
        skip();
        if (text[i] === '}') fail(msg.jsonExpectKeyNotTrailing());
        continue;
      }
      if (text[i] === '}') {
        i++;
        return obj;
      }
      fail('"," or "}"');
    }
  };

  const parseArray = (path: (string | number)[]): unknown[] => {
    i++;
    const arr: unknown[] = [];
    skip();
    if (text[i] === ']') {
      i++;
      return arr;
    }
    while (true) {
      arr.push(parseValue([...path, arr.length]));
      skip();
      if (text[i] === ',') {
        i++;
        skip();
        if (text[i] === ']') fail(msg.jsonExpectValueNotTrailing());
        continue;
      }
      if (text[i] === ']') {
        i++;
        return arr;
      }
      fail('"," or "]"');
    }
  };

  skip();
  if (i >= text.length) throw new JsonSyntaxError(msg.emptyFile(), where(i));
  const value = parseValue([]);
  skip();
  if (i < text.length) fail(msg.jsonEndExpected());
  return { value, positions, duplicates };
}
