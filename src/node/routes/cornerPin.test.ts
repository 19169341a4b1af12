import { describe, expect, it } from 'vitest';
import { readPinBody, withCornerPin } from './cornerPin.ts';

const pin = [[0.02, 0.01], [0.98, 0], [1, 1], [0, 0.97]];

describe('readPinBody', () => {
  it.each([
    [{ output: 1, pin }, null],
    [{ output: -1, pin }, /output: expected a whole number/],
    [{ output: 0, pin: pin.slice(0, 3) }, /four \[x, y\] corners/],
    [{ output: 0, pin: [[0, 0], [1, 1], [1, 0], [0, 1]] }, /fold over/],
    [null, /JSON object/],
  ])('%j', (body, error) => {
    const r = readPinBody(body);
    if (error) expect('error' in r && r.error).toMatch(error);
    else expect('error' in r).toBe(false);
  });
});

describe('withCornerPin', () => {
  it('fills earlier outputs with the identity and keeps everything else', () => {
    const out = withCornerPin(JSON.stringify({ title: 'x', display: { targetFps: 30 } }), 2, pin as never) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(out.title).toBe('x');
    expect(out.display.targetFps).toBe(30);
    expect(out.display.venue.cornerPin).toHaveLength(3);
    expect(out.display.venue.cornerPin[0]).toEqual([[0, 0], [1, 0], [1, 1], [0, 1]]);
    expect(out.display.venue.cornerPin[2]).toEqual(pin);
  });
});
