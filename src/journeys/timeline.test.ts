import { describe, expect, it } from 'vitest';
import { journeyEventsFrom } from './measures';
import { writeTimeline } from './timeline';

const D = (y: number, m = 1, d = 1) => Date.UTC(y, m - 1, d);

describe('timeline', () => {
  const start = D(2140);
  const end = D(2150); // 10 samples of one year each
  const sample = (events: Parameters<typeof journeyEventsFrom>[0]) => {
    const out = new Uint8Array(20);
    writeTimeline(journeyEventsFrom(events), start, end, 10, out, 0);
    return { activity: [...out].filter((_, i) => i % 2 === 0), wellness: [...out].filter((_, i) => i % 2 === 1) };
  };

  it('activity: 0, 128 for one visit, 255 for two or more; missed events do not flash; a day of care is one visit', () => {
    const { activity } = sample([
      { time: D(2141, 3), kind: 'checkup' },
      { time: D(2141, 3), kind: 'cleaning' },
      { time: D(2141, 3), kind: 'screening' },
      { time: D(2143, 2), kind: 'checkup' },
      { time: D(2143, 8), kind: 'filling' },
      { time: D(2145, 5), kind: 'missed' },
    ]);
    expect(activity).toEqual([0, 128, 0, 255, 0, 0, 0, 0, 0, 0]);
  });

  it('events outside the window do not flash but count towards wellness', () => {
    const { activity, wellness } = sample([{ time: D(2139, 6), kind: 'checkup', pain: 0 }]);
    expect(activity.every((a) => a === 0)).toBe(true);
    expect(wellness[0]).toBeGreaterThan(0);
  });

  it('wellness falls when care stops and recovers when it resumes; held before the first event', () => {
    const events = [];
    for (let y = 2142; y < 2145; y++) events.push({ time: D(y, 2), kind: 'checkup' as const, pain: 1 }, { time: D(y, 8), kind: 'cleaning' as const, pain: 1 });
    events.push({ time: D(2148, 2), kind: 'checkup' as const, pain: 1 }, { time: D(2148, 8), kind: 'checkup' as const, pain: 1 });
    const { wellness } = sample(events);
    expect(wellness[0]).toBe(wellness[2]); // held
    expect(wellness[3]).toBeGreaterThan(wellness[6]); // no visits for a while
    expect(wellness[8]).toBeGreaterThan(wellness[6]); // back in care
    expect(Math.max(...wellness)).toBeLessThanOrEqual(255);
  });

  it('writes at the given offset only', () => {
    const out = new Uint8Array(44).fill(7);
    writeTimeline(journeyEventsFrom([{ time: D(2141), kind: 'checkup' }]), start, end, 10, out, 2);
    expect(out[0]).toBe(7);
    expect(out[1]).toBe(7);
    expect(out[22]).toBe(7);
  });
});
