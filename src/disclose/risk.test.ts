import { describe, expect, it } from 'vitest';
import type { BakedMosaic } from '../bake/artefact';
import { createBaker } from '../bake/bake';
import type { CareEvent, ConsentTier } from '../data/events';
import { mulberry32, testSpec } from '../data/testing';
import { MS_PER_DAY, MS_PER_YEAR } from '../journeys/time';
import { rawJourneyCollector, type RawJourney } from './raw';
import { assessRisk } from './risk';
import { keyedOrder } from './secret';

const SECRET = 'feed'.repeat(16);

/** 600 journeys in 3 communities × 2 age bands, 70% glow tier, events on random days of 2140–2146. */
function data(): { events: CareEvent[]; raw: RawJourney[] } {
  const rnd = mulberry32(11);
  const events: CareEvent[] = [];
  let line = 0;
  for (let i = 0; i < 600; i++) {
    const consent: ConsentTier = rnd() < 0.7 ? 'glow' : rnd() < 0.6 ? 'card' : 'story';
    let t = Date.UTC(2140, 0, 1) + Math.floor(rnd() * 700) * MS_PER_DAY;
    const n = 3 + Math.floor(rnd() * 6);
    for (let e = 0; e < n; e++) {
      events.push({
        journeyId: `p${i}`,
        time: t,
        kind: rnd() < 0.15 ? 'emergency' : 'checkup',
        community: ['North', 'South', 'East'][i % 3],
        ageBand: i % 2 ? '18-34' : '35-64',
        consent,
        pain: e < 2 ? 2 + e * 3 : undefined,
        story: consent === 'story' && e === 0 ? `story of p${i}` : undefined,
        source: { file: 'j.csv', line: ++line },
      });
      t += Math.floor(90 + rnd() * 300) * MS_PER_DAY;
    }
  }
  const c = rawJourneyCollector();
  for (const e of events) c.sink.event(e);
  return { events, raw: c.finish() };
}

function bake(events: CareEvent[]): BakedMosaic {
  const b = createBaker(testSpec({ timelineSamples: 64, window: { start: '2140-01-01', end: '2146-12-31' } }), 'risk', { secret: SECRET });
  for (const e of events) b.event(e);
  return b.finish();
}

describe('the risk report', () => {
  const { events, raw } = data();
  const mapping = keyedOrder(
    raw.map((r) => r.id),
    SECRET,
  );

  it('finds nothing to report in a disclosed mosaic', () => {
    const r = assessRisk(bake(events), { raw, mapping });
    expect(r.violations).toEqual([]);
    expect(r.quasiIdentifiers).toEqual(['community', 'age_band']);
    expect(r.categorical.smallest).toBeGreaterThanOrEqual(11);
    expect(r.publishedNoCard.smallest).toBeGreaterThanOrEqual(11);
    expect(r.publishedNoCard.unique).toBe(0);
    expect(r.neighbour!.noCard).toBe(0);
    expect(r.dates.recovered).toBe('year');
    expect(r.storyLeaks).toBe(0);
    expect(r.tiers.glow + r.tiers.card + r.tiers.story).toBe(600);
  });

  it('finds exact durations: span_years as the real days between first and last event', () => {
    const b = bake(events);
    for (let c = 0; c < b.journeyCount; c++) {
      const t = raw[mapping[c]].time;
      b.measures.span_years[c] = (t[t.length - 1] - t[0]) / MS_PER_YEAR;
    }
    const r = assessRisk(b, { raw, mapping });
    expect(r.dates.recovered).toBe('day (span_years)');
    expect(r.violations.join('\n')).toMatch(/dates can be recovered to day \(span_years\), finer than the declared year/);
  });

  it('finds flashes at the real slice of each event', () => {
    const b = bake(events);
    const S = b.timelineSamples;
    const start = Date.UTC(2140, 0, 1);
    const w = (Date.UTC(2147, 0, 1) - start) / S;
    for (let c = 0; c < b.journeyCount; c++) {
      for (let s = 0; s < S; s++) b.timeline[2 * (c * S + s)] = 0;
      for (const t of raw[mapping[c]].time) b.timeline[2 * (c * S + Math.floor((t - start) / w))] = 128;
    }
    const r = assessRisk(b, { raw, mapping });
    const flashes = r.dates.channels.find((ch) => ch.name === 'timeline flashes')!;
    expect(flashes.days).toBeLessThan(60);
    expect(r.violations.join('\n')).toMatch(/finer than the declared year/);
  });

  it('finds a glow-tier cell that stands out from its group', () => {
    const b = bake(events);
    const S = b.timelineSamples;
    // One glow-tier cell with a wellness curve of its own.
    const cell = b.tier.indexOf(0);
    for (let s = 0; s < S; s++) b.timeline[2 * (cell * S + s) + 1] = s;
    const r = assessRisk(b, { raw, mapping });
    expect(r.publishedNoCard.smallest).toBe(1);
    expect(r.violations.join('\n')).toMatch(/cells without card consent: the smallest class over everything published has 1 cells/);
  });

  it('finds a combination of fields held by fewer than k', () => {
    const b = bake(events);
    const age = b.fields.age_band;
    if (age.kind !== 'categorical') throw new Error('age_band should be categorical');
    age.categories = [...age.categories, 'rare'];
    age.codes[0] = age.categories.length - 1;
    const r = assessRisk(b, { raw, mapping });
    expect(r.categorical.smallest).toBe(1);
    expect(r.violations[0]).toMatch(/the smallest class over community × age_band has 1 cells \(k = 11\)/);
  });

  it('finds the order recomputed from raw ids', () => {
    const b = bake(events);
    // Suppose the cells were in the order of the sorted ids: the attack names every one.
    const sorted = Uint32Array.from([...raw.keys()].sort((x, y) => (raw[x].id < raw[y].id ? -1 : 1)));
    const r = assessRisk(b, { raw, mapping: sorted });
    expect(r.order!.find((a) => a.name === 'ids sorted')!.agreement).toBe(1);
    expect(r.violations.join('\n')).toMatch(/the cell order is recomputed from raw ids by the ids sorted for 100.0% of cells/);
  });

  it('finds a story that no consenting row wrote', () => {
    const b = bake(events);
    const glowCell = b.tier.indexOf(0);
    b.stories[glowCell] = 'words of another row';
    const r = assessRisk(b, { raw, mapping });
    expect(r.storyLeaks).toBe(1);
  });

  it('refuses a k below 5 for real data, not for synthetic data', () => {
    const b = bake(events);
    expect(assessRisk(b, { k: 3 }).violations.join('\n')).toMatch(/k = 3 is below 5/);
    expect(assessRisk(b, { k: 3, synthetic: true }).violations.join('\n')).not.toMatch(/below 5/);
  });
});
