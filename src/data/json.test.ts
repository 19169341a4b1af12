import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeper, parseDataJson } from './json';

describe('parseDataJson', () => {
  it('deep nesting is refused with its position, never a stack overflow', () => {
    const deep = `{"a":\n  ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const r = parseDataJson(deep);
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/nested more than 64 levels deep/), line: 2, column: 3 + MAX_JSON_DEPTH - 1 });
  });

  it('nesting up to the limit is fine', () => {
    const ok = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(parseDataJson(ok).ok).toBe(true);
    expect(nestsDeeper(JSON.parse(ok))).toBe(false);
    expect(nestsDeeper(JSON.parse(`[${ok}]`))).toBe(true);
  });

  it('invalid JSON: a position and a reason, never the text itself', () => {
    const secret = 'Jane Q. Resident, 12 Harbour Lane';
    const r = parseDataJson(`{"name": "${secret}",\r\n  "ssn": 999-12}`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([r.line, r.column]).toEqual([2, 13]);
    expect(r.reason).not.toContain('Jane');
    expect(JSON.stringify(r)).not.toContain(secret);
  });

  it('a byte-order mark is allowed', () => {
    expect(parseDataJson('\uFEFF{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
  });
});
