import { describe, expect, it } from 'vitest';
import { LineSplitter } from './lines';

function split(text: string, chunk: number, max?: number) {
  const lines: [number, string][] = [];
  const tooLong: number[] = [];
  const s = new LineSplitter({ line: (t, n) => lines.push([n, t]), tooLong: (n) => tooLong.push(n) }, max);
  for (let i = 0; i < text.length; i += chunk) s.push(text.slice(i, i + chunk));
  s.end();
  return { lines, tooLong };
}

describe('LineSplitter', () => {
  it('CR, LF and CRLF in any mix and any chunking give the same numbered lines', () => {
    const text = 'a\rb\nc\r\nd\n\re\r\n\r\nf';
    const expected = [
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
      [5, ''],
      [6, 'e'],
      [7, ''],
      [8, 'f'],
    ];
    for (const chunk of [1, 2, 3, 5, 100]) expect(split(text, chunk).lines).toEqual(expected);
  });

  it('a line over the limit is reported and dropped as it streams, the next line keeps its number', () => {
    const text = `short\n${'x'.repeat(50)}\nafter\n${'y'.repeat(50)}`;
    for (const chunk of [4, 7, 1000]) {
      const r = split(text, chunk, 20);
      expect(r.lines).toEqual([
        [1, 'short'],
        [3, 'after'],
      ]);
      expect(r.tooLong).toEqual([2, 4]);
    }
  });
});
