import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseJson, pathKey } from './json.ts';

describe('parseJson', () => {
  it('parses what JSON.parse parses', () => {
    const text = '{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"], "b": {"c": {}}, "d": []}';
    expect(parseJson(text).value).toEqual(JSON.parse(text));
  });

  it('remembers where each value starts', () => {
    const { positions } = parseJson('{\n  "look": {\n    "bloom": { "intensity": 2 }\n  },\n  "list": [1,\n 2]\n}');
    expect(positions.get(pathKey(['look']))).toEqual({ line: 2, column: 3 });
    expect(positions.get(pathKey(['look', 'bloom', 'intensity']))).toEqual({ line: 3, column: 16 });
    expect(positions.get(pathKey(['list', 1]))).toEqual({ line: 6, column: 2 });
  });

  it.each([
    ['{"a": 1,}', 1, 9],
    ['{"a" 1}', 1, 6],
    ['{"a": [1, 2,]}', 1, 13],
    ['{"a": tru}', 1, 7],
    ['{"a": "unterminated\n}', 1, 7],
    ['{\n"a": 1\n} x', 3, 3],
    ['{"a": 01}', 1, 8],
    ["{'a': 1}", 1, 2],
    ['{"a": 1', 1, 8],
  ])('%j fails at line %i, column %i', (text, line, column) => {
    try {
      parseJson(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(JsonSyntaxError);
      expect((e as JsonSyntaxError).position).toEqual({ line, column });
    }
  });

  it('skips a byte-order mark', () => {
    expect(parseJson('\ufeff{"a": 1}').value).toEqual({ a: 1 });
  });

  it('records duplicate keys and keeps the last value', () => {
    const r = parseJson('{"a": 1, "a": 2}');
    expect(r.value).toEqual({ a: 2 });
    expect(r.duplicates.map((d) => d.path)).toEqual([['a']]);
  });

  it('treats __proto__ as an ordinary key', () => {
    const r = parseJson('{"__proto__": {"polluted": true}}');
    expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
    expect(Object.keys(r.value as object)).toEqual(['__proto__']);
  });
});

describe('the same verdict as the page', () => {
  // The viewer reads installation.json with JSON.parse; validate and the studio with parseJson. A
  // string with a control character must be accepted or refused by both, and read the same.
  const codes = [...Array.from({ length: 32 }, (_, c) => c), 0x7f, 0x85, 0x2028, 0x202e];
  it.each(codes)('U+%s raw and escaped in a string', (code) => {
    const ch = String.fromCharCode(code);
    for (const text of [`{"title": "a${ch}b"}`, `{"title": "a\\u${code.toString(16).padStart(4, '0')}b"}`]) {
      let browser: unknown;
      let browserOk = true;
      try {
        browser = JSON.parse(text);
      } catch {
        browserOk = false;
      }
      let ours: unknown;
      let oursOk = true;
      try {
        ours = parseJson(text).value;
      } catch (e) {
        expect(e).toBeInstanceOf(JsonSyntaxError);
        oursOk = false;
      }
      expect(oursOk).toBe(browserOk);
      if (oursOk) expect(ours).toEqual(browser);
    }
  });

  it('deep nesting is a syntax error with a position, not a stack overflow', () => {
    const text = `{"a":\n${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    expect(() => parseJson(text)).toThrow(JsonSyntaxError);
    try {
      parseJson(text);
    } catch (e) {
      expect((e as JsonSyntaxError).position).toEqual({ line: 2, column: 64 });
      expect((e as JsonSyntaxError).reason).toMatch(/nested more than 64 levels deep/);
    }
  });
});

describe('a deeply nested installation.json', () => {
  it('gives the file, line and column', async () => {
    const { parseInstallationConfig } = await import('./parse.ts');
    const r = parseInstallationConfig(`{\n  "version": 1,\n  "look": ${'{"a":'.repeat(70_000)}1${'}'.repeat(70_000)}\n}`, 'installations/x/installation.json');
    expect(r.config).toBeNull();
    expect(r.errors.map((e) => e.text)).toEqual([expect.stringMatching(/^installations\/x\/installation\.json:3:\d+: invalid JSON: nested more than 64 levels deep/)]);
  });
});
