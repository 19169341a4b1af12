import { describe, expect, it } from 'vitest';
import { journeysInWindow } from './window.ts';

// Three journeys: a (events 0, 1 at t 5 and 15), b (event 2 at t 30), c (events 3, 4 at t 1 and 50).
const grouping = { ids: ['a', 'b', 'c'], order: Uint32Array.from([0, 1, 2, 3, 4]), offsets: Uint32Array.from([0, 2, 3, 5]) };
const time = [5, 15, 30, 1, 50];

describe('journeysInWindow', () => {
  it('keeps every journey with an event inside [start, end), with all its events', () => {
    const g = journeysInWindow(grouping, time, 10, 40);
    expect(g.ids).toEqual(['a', 'b']);
    expect([...g.order]).toEqual([0, 1, 2]);
    expect([...g.offsets]).toEqual([0, 2, 3]);
    expect(g.left).toBe(1);
  });
  it('the window end is exclusive, its start inclusive', () => {
    expect(journeysInWindow(grouping, time, 30, 50).ids).toEqual(['b']);
  });
  it('returns the same grouping when every journey has care inside', () => {
    const g = journeysInWindow(grouping, time, 0, 100);
    expect(g.left).toBe(0);
    expect(g.order).toBe(grouping.order);
  });
  it('can leave none', () => {
    const g = journeysInWindow(grouping, time, 60, 70);
    expect(g.ids).toEqual([]);
    expect([...g.offsets]).toEqual([0]);
    expect(g.left).toBe(3);
  });
});
