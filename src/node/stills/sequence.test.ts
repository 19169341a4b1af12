import { describe, expect, it } from 'vitest';
import { frameName, frameTime, shardRange } from './sequence.ts';
import { Progress, formatDuration } from './progress.ts';

describe('shardRange', () => {
  it('splits frames into contiguous shards that together are the whole, sizes differing by at most one', () => {
    for (const [start, end, n] of [[0, 300, 8], [5, 12, 3], [0, 2, 5], [0, 5, 2]]) {
      const parts = Array.from({ length: n }, (_, i) => shardRange({ start, end }, { index: i + 1, count: n }));
      const frames = parts.flatMap((p) => Array.from({ length: p.end - p.start }, (_, k) => p.start + k));
      expect(frames).toEqual(Array.from({ length: end - start }, (_, k) => start + k));
      const sizes = parts.map((p) => p.end - p.start);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(shardRange({ start: 0, end: 5 }, { index: 1, count: 2 })).toEqual({ start: 0, end: 3 });
    expect(shardRange({ start: 0, end: 5 }, { index: 2, count: 2 })).toEqual({ start: 3, end: 5 });
    expect(shardRange({ start: 0, end: 5 }, null)).toEqual({ start: 0, end: 5 });
  });
});

describe('frames', () => {
  it('are named for ffmpeg and timed exactly at k / fps', () => {
    expect(frameName(7)).toBe('000007.png');
    expect(frameName(123456)).toBe('123456.png');
    expect(frameTime(45, 30)).toBe(1.5);
    expect(frameTime(0, 24)).toBe(0);
  });
});

describe('Progress', () => {
  it('redraws one bar with rate and ETA on a terminal', () => {
    const out: string[] = [];
    let now = 0;
    const p = new Progress(4, { write: (s) => out.push(s), isTTY: true, columns: 100 }, 'frames', () => now);
    p.skip();
    now = 2000;
    p.rendered(2);
    expect(out.at(-1)).toMatch(/^\r\x1b\[K\[#+\.+\] 2\/4 frames {2}50% {2}1 already done {2}2\.00 s\/frame {2}ETA 4\.0s$/);
    p.rendered(2);
    p.rendered(2);
    expect(out.at(-1)).toMatch(/4\/4 frames {2}100%.*took .*\n$/);
  });

  it('writes plain lines at most every five seconds elsewhere, and always the last', () => {
    const out: string[] = [];
    let now = 10_000;
    const p = new Progress(3, { write: (s) => out.push(s) }, 'frames', () => now);
    p.rendered(1);
    now += 1000;
    p.rendered(1);
    now += 1000;
    p.rendered(1);
    expect(out).toHaveLength(2);
    expect(out.every((l) => !l.includes('\r') && l.endsWith('\n'))).toBe(true);
    expect(out[1]).toMatch(/^3\/3 frames {2}100%/);
  });

  it('takes the rate from recent frames, leaving out the first (it also opened the page)', () => {
    const p = new Progress(20, null);
    p.rendered(30);
    expect(p.secondsPerFrame).toBe(30);
    p.rendered(2);
    p.rendered(4);
    expect(p.secondsPerFrame).toBe(3);
    for (let k = 0; k < 12; k++) p.rendered(1);
    expect(p.secondsPerFrame).toBe(1);
  });

  it('formats durations', () => {
    expect(formatDuration(12.34)).toBe('12.3s');
    expect(formatDuration(245)).toBe('4m05s');
    expect(formatDuration(3725)).toBe('1h02m');
  });
});
