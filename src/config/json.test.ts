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
