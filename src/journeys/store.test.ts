import { describe, expect, it } from 'vitest';
import { JourneyStore } from './store';

describe('JourneyStore', () => {
  it('groups events by journey and sorts each journey by time, ties in arrival order', () => {
    const s = new JourneyStore();
    const add = (id: string, time: number, line: number) => s.add({ journeyId: id, time, kind: 'checkup', source: { file: 'f', line } });
    add('b', 5, 1);
    add('a', 3, 2);
    add('b', 1, 3);
    add('b', 5, 4);
    for (let i = 0; i < 100; i++) add('c', 100 - i, 5 + i); // long reversed journey
    const { order, offsets } = s.groupByJourney();
    expect([...offsets]).toEqual([0, 3, 4, 104]);
    expect([...order.subarray(0, 3)]).toEqual([2, 0, 3]);
    const c = [...order.subarray(4)].map((i) => s.time.data[i]);
    expect(c).toEqual([...c].sort((x, y) => x - y));
  });
  it('keeps story text only for consented rows', () => {
    const s = new JourneyStore();
    s.add({ journeyId: 'a', time: 0, kind: 'checkup', story: 'private', consentStory: false, source: { file: 'f', line: 1 } });
    s.add({ journeyId: 'a', time: 1, kind: 'checkup', story: 'unasked', source: { file: 'f', line: 2 } });
    s.add({ journeyId: 'a', time: 2, kind: 'checkup', story: 'shared', consentStory: true, source: { file: 'f', line: 3 } });
    expect(s.stories).toEqual(['shared']);
  });
});
