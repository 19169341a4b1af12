import { describe, expect, it } from 'vitest';
import { testBake } from '../encode/testBake.ts';
import { EVENT_KINDS } from '../data/events.ts';
import { dateLabel, journeyCard, journeyTimeline, timelineText, TIMELINE_MAX_ENTRIES } from './journey.ts';

const kind = (k: (typeof EVENT_KINDS)[number]) => EVENT_KINDS.indexOf(k);

/** Two journeys: 0 with a gap year and an emergency, 1 with a story. */
function bake() {
  const b = testBake(2, {
    events: [4, 1],
    first_date: [2141, 2143],
    last_date: [2144, 2143],
    span_years: [3.2, 0],
    visits_per_year: [1.1, 1],
    longest_gap_days: [2 * 365.2425, 0],
    emergency_share: [0.25, 0],
    missed_share: [0, 0],
    barrier_share: [NaN, NaN],
    pain_start: [6, NaN],
    pain_end: [2, NaN],
    wellness: [0.62, 0.2],
  });
  b.eventOffsets = Uint32Array.from([0, 4, 5]);
  b.eventDates = Float32Array.from([2141, 2141, 2143, 2144, 2143]);
  b.eventKinds = Uint8Array.from([kind('checkup'), kind('checkup'), kind('emergency'), kind('extraction'), kind('missed')]);
  b.stories = { 1: '<b>I could not get there</b>' };
  b.tier = Uint8Array.from([1, 2]);
  return b;
}

describe('journey cards', () => {
  it.each([
    [2141, 'year', '2141'],
    [2141 + 2 / 12, 'month', 'Mar 2141'],
    [2141 + 11 / 12, 'month', 'Dec 2141'],
  ] as const)('dateLabel(%d, %s) = %s', (y, p, label) => expect(dateLabel(y, p)).toBe(label));

  it('groups events by coarsened date and shows whole years without care', () => {
    expect(timelineText(journeyTimeline(bake(), 0))).toBe('2141: 2 checkups · 2142: no visits · 2143: emergency visit · 2144: extraction');
    expect(timelineText(journeyTimeline(bake(), 1))).toBe('2143: missed appointment, no visits');
  });

  it('puts measures in plain, rounded words', () => {
    const c = journeyCard(bake(), 0);
    expect(c.community).toBe('north');
    expect(c.measures).toContain('4 care events from 2141 to 2144.');
    expect(c.measures).toContain('Longest time without a visit: 1 whole year.');
    expect(c.tier).toBe('card');
    expect(c.measures).toContain('1 emergency visit.');
    expect(c.measures).toContain('Pain went from 6 to 2 out of 10.');
    expect(c.measures.join(' ')).toContain('Oral health at the end: good (62 out of 100)');
    expect(c.brief).toBe('Journey 1 of 2, north, 2141–2144, 4 events, oral health good');
    expect(c.story).toBeNull();
  });

  it('counts visits as days with care, and says what the cost flag records', () => {
    // A Synthea patient: care in 2019 and 2022, 16 procedure rows on 2 visit days, the bill large at 6 of 10.
    const b = testBake(1, { events: [16], first_date: [2019], last_date: [2022], span_years: [3], visits_per_year: [2 / 3], barrier_share: [0.6], missed_share: [0] });
    b.costFlag = 'large-bill';
    const m = journeyCard(b, 0).measures;
    expect(m).toContain('16 care events from 2019 to 2022.');
    expect(m).toContain('2 visits (days with care) over 3 years: fewer than one a year.');
    expect(m).toContain('A large bill (the payer covered less than half) for 60% of the care events with costs recorded.');
    expect(m.join(' ')).not.toMatch(/stood in the way|5\.5/);
    // An event log's cost_barrier column says cost stood in the way.
    b.costFlag = 'barrier';
    expect(journeyCard(b, 0).measures).toContain('Cost stood in the way at 60% of the care events where it was recorded.');
    // Visits within one year: the count alone.
    const one = testBake(1, { events: [6], first_date: [2019], last_date: [2019], span_years: [0], visits_per_year: [3] });
    expect(journeyCard(one, 0).measures).toContain('3 visits (days with care).');
  });

  it('keeps a consented story as text', () => {
    const c = journeyCard(bake(), 1);
    expect(c.story).toBe('<b>I could not get there</b>');
    expect(c.brief).toContain('has a story');
  });

  it('shortens a long timeline', () => {
    const b = testBake(1);
    const n = 40;
    b.eventOffsets = Uint32Array.from([0, n]);
    b.eventDates = Float32Array.from({ length: n }, (_, i) => 2100 + i);
    b.eventKinds = new Uint8Array(n);
    const t = journeyTimeline(b, 0);
    expect(t).toHaveLength(TIMELINE_MAX_ENTRIES);
    expect(t[TIMELINE_MAX_ENTRIES - 2]).toEqual({ when: '…', what: `${n - TIMELINE_MAX_ENTRIES + 1} more entries` });
    expect(t[TIMELINE_MAX_ENTRIES - 1].when).toBe('2139');
  });

  it('at year precision, no gap reads finer than a year; at month precision, in months', () => {
    const b = bake();
    for (const [days, text] of [
      [0, null],
      [365.2425, 'No whole year without a visit between the first and the last.'],
      [3 * 365.2425, 'Longest time without a visit: 2 whole years.'],
    ] as const) {
      b.measures.longest_gap_days[0] = days;
      const m = journeyCard(b, 0).measures;
      expect(m.filter((x) => /visit between|without a visit|between visits/.test(x))).toEqual(text ? [text] : []);
      expect(m.join(' ')).not.toMatch(/\bmonths?\b/);
    }
    b.precision = 'month';
    b.measures.longest_gap_days[0] = 7 * (365.2425 / 12);
    expect(journeyCard(b, 0).measures).toContain('Longest time between visits: about 7 months.');
  });

  it('a glow-tier card says only what is true of its group', () => {
    const n = 14;
    const b = testBake(n, { first_date: Array(n).fill(2140), last_date: Array(n).fill(2145), visits_per_year: Array(n).fill(1.4), wellness: Array.from({ length: n }, (_, i) => (i < 12 ? 0.5 : 0.9)), emergency_share: Array(n).fill(0.1), barrier_share: Array(n).fill(NaN) });
    b.privacy = { k: 5, synthetic: false };
    // Cells 0–11: glow tier, all in north; access clinic for 0–5, other for the rest; 12–13 card tier.
    b.tier = Uint8Array.from({ length: n }, (_, i) => (i < 12 ? 0 : 1));
    b.community = Uint16Array.from({ length: n }, () => 0);
    b.fields = { access: { kind: 'categorical', categories: ['clinic', 'other'], codes: Uint16Array.from({ length: n }, (_, i) => (i < 6 ? 0 : 1)) } };
    b.stories = { 3: 'should never show' };
    b.eventOffsets = new Uint32Array(n + 1);
    const c = journeyCard(b, 3);
    expect(c.tier).toBe('glow');
    expect(c.story).toBeNull();
    expect(c.timeline).toEqual([]);
    expect(c.group).toEqual({
      label: ['north', 'access: clinic'],
      size: 6,
      facts: [
        'Their care typically runs from 2140 to 2145.',
        'About 1.5 visits a year on average.',
        'Oral health at the end: fair on average (50 out of 100).',
        'About 10% of their care events were emergencies.',
      ],
    });
    expect(journeyCard(b, 8).group?.label).toEqual(['north', 'any access']);
    expect(c.brief).toBe('Journey 4 of 14, north, glows with its group of 6');
    expect(journeyCard(b, 12).tier).toBe('card');
  });

  it('a synthetic installation says so on every card', () => {
    const b = bake();
    b.privacy = { k: 11, synthetic: true };
    expect(journeyCard(b, 0).synthetic).toBe(true);
  });
});
