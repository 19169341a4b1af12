import { describe, expect, it } from 'vitest';
import { EVENT_KINDS } from '../data/events.ts';
import { bakeWith } from './testing.ts';
import { SUMMARY_TOP_DEGREE, summaryIntro, summaryPhrases } from './summary.ts';

const checkup = EVENT_KINDS.indexOf('checkup');

describe('the sonified summary', () => {
  it('phrases each community\'s care per resident year by year: higher notes for more, silence for none', () => {
    // 60 journeys: north, south, other by j % 3 (20 each). North: care every year; south: none in 2142.
    const events: { journey: number; date: number; kind: number }[] = [];
    for (let j = 0; j < 60; j++)
      for (let y = 2140; y < 2146; y++) {
        if (j % 3 === 1 && y === 2142) continue;
        const times = j % 3 === 0 && y === 2144 ? 2 : 1;
        for (let k = 0; k < times; k++) events.push({ journey: j, date: y + 0.1 + 0.3 * k, kind: checkup });
      }
    const phrases = summaryPhrases(bakeWith(60, events, 12));
    // "other" is never spoken of, as in the written description.
    expect(phrases.map((p) => p.community)).toEqual(['north', 'south']);
    const [north, south] = phrases;
    expect(north.years).toEqual([2140, 2141, 2142, 2143, 2144, 2145]);
    expect(north.perResident).toEqual([1, 1, 1, 1, 2, 1]);
    expect(north.degrees[4]).toBe(SUMMARY_TOP_DEGREE);
    expect(north.degrees[0]).toBeLessThan(north.degrees[4]);
    expect(south.degrees[2]).toBe(-1);
    expect(south.words).toBe('south, 20 residents: most care in 2140 (1.0 care events per resident), least in 2142 (0.0).');
    expect(summaryIntro(phrases)).toMatch(/year by year from 2140 to 2145: one note per year, higher notes for more care per resident, silence for a year without care\. 2 communities\./);
  });

  it('says so when no community is large enough', () => {
    const phrases = summaryPhrases(bakeWith(6, [{ journey: 0, date: 2141, kind: checkup }]));
    expect(phrases).toEqual([]);
    expect(summaryIntro(phrases)).toMatch(/no community large enough/);
  });
});
