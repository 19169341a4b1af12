import { describe, expect, it } from 'vitest';
import { testBake } from '../encode/testBake.ts';
import { countText, describeMosaic, quietestYear } from './describe.ts';

/**
 * 30 journeys over 2140–2146 (6 years, 8 samples): every journey active every year, activity 128 in
 * every sample except in 2143, where "north" has none and "south" half of its usual.
 */
function outageBake(k = 5) {
  const n = 30;
  const b = testBake(n, { first_date: Array(n).fill(2140), last_date: Array(n).fill(2145), wellness: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0.3 : 0.8)) });
  b.privacy = { k, synthetic: false };
  const S = b.timelineSamples;
  for (let j = 0; j < n; j++)
    for (let s = 0; s < S; s++) {
      const year = Math.floor(2140 + ((s + 0.5) * 6) / S);
      const c = b.communities[b.community[j]];
      b.timeline[2 * (j * S + s)] = year !== 2143 ? 128 : c === 'north' ? 0 : c === 'south' ? 64 : 128;
    }
  return b;
}

describe('the mosaic in words', () => {
  it('finds the quiet year and who it hit hardest', () => {
    const q = quietestYear(outageBake())!;
    expect(q.year).toBe(2143);
    expect(q.ratio).toBeCloseTo((0 + 64 + 128) / 3 / 128, 5);
    expect(q.communities.map((c) => c.name)).toEqual(['north', 'south', 'other']);
    expect(q.communities[0].ratio).toBe(0);
    expect(q.recoveredIn).toBe(2144);
  });

  it('says what the mosaic is, what the channels mean and what stands out', () => {
    const d = describeMosaic(outageBake(), {
      encoding: { hue: { field: 'wellness', legend: { title: 'Oral health' } }, glow: { field: 'visits_per_year' }, size: { value: 1 } },
      motion: { loopSeconds: 48 },
    });
    expect(d.summary).toContain('30 oral-health journeys');
    expect(d.summary).toContain('3 communities: north (10), south (10), other (10)');
    expect(d.summary).toContain('2140 to 2145 every 48 seconds');
    // The legend's own sentences, with the data's ends in the field's own terms.
    expect(d.channels).toEqual([
      'Colour shows oral health: deep blue is low (30 out of 100), pale cyan is high (80 out of 100).',
      'Brightness shows visits per year: dim is low (0 visits a year), bright is high (1 visit a year).',
    ]);
    expect(d.patterns[0]).toBe(
      "In 2143 care went quiet: activity fell to 50% of the other years' average. Hardest hit: north (0%); least affected: other (100%). Care recovered in 2144.",
    );
    expect(d.patterns[1]).toContain('Oral health is lowest in north (30 out of 100');
  });

  it('says nothing about a quiet year when there is none', () => {
    const b = outageBake();
    for (let k = 0; k < b.timeline.length; k += 2) b.timeline[k] = 128;
    expect(quietestYear(b)!.ratio).toBeCloseTo(1);
    expect(describeMosaic(b, {}).patterns.some((p) => p.includes('quiet'))).toBe(false);
  });

  it('small cells: statements about a group come only from groups of at least k', () => {
    // The same mosaic with k = 11: each community holds 10 journeys, too few to be described on its own.
    const b = outageBake(11);
    const q = quietestYear(b)!;
    expect(q.year).toBe(2143);
    expect(q.communities).toEqual([]);
    const d = describeMosaic(b, {});
    expect(d.summary).toContain('3 communities: north (fewer than 11), south (fewer than 11), other (fewer than 11)');
    expect(d.patterns[0]).toBe("In 2143 care went quiet: activity fell to 50% of the other years' average. Care recovered in 2144.");
    expect(d.patterns.join(' ')).not.toMatch(/north|south|lowest/);
    // The whole mosaic's activity is a statement about everyone under way that year: also held to k.
    for (let j = 0; j < b.journeyCount; j++) if (j >= 10) b.measures.first_date[j] = 2144;
    expect(quietestYear(b)?.year).not.toBe(2143);
  });

  it('small cells: a count below k is never printed', () => {
    expect(countText(10, 11)).toBe('fewer than 11');
    expect(countText(11, 11)).toBe('11');
    const b = outageBake(11);
    b.stories = { 0: 'a', 1: 'b', 2: 'c' };
    expect(describeMosaic(b, {}).patterns).toContain('Fewer than 11 residents share their stories.');
    b.stories = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [i, 's']));
    expect(describeMosaic(b, {}).patterns).toContain('12 residents share their stories.');
    // Tiers: how many chose a card, as a count held to k.
    b.tier.fill(0);
    b.tier.fill(1, 0, 4);
    expect(describeMosaic(b, {}).patterns.join(' ')).toContain('Fewer than 11 residents chose to show their journey');
    b.tier.fill(1, 0, 12);
    expect(describeMosaic(b, {}).patterns.join(' ')).toContain('12 residents chose to show their journey');
  });

  it('says when the residents are synthetic', () => {
    const b = outageBake();
    expect(describeMosaic(b, {}).summary).not.toContain('synthetic');
    b.privacy.synthetic = true;
    expect(describeMosaic(b, {}).summary).toContain('The residents are synthetic: generated data, not real people');
  });

  it('a mosaic privacy merged into one group says why, not "in 1 community: other (16)"', () => {
    const b = testBake(16, { first_date: Array(16).fill(2140), last_date: Array(16).fill(2145) });
    b.privacy = { k: 11, synthetic: false };
    b.communities = ['other'];
    b.community.fill(0);
    b.report.mergedCommunities = 4;
    const d = describeMosaic(b, {});
    expect(d.summary).toContain('A mosaic of 16 oral-health journeys, one glowing cell per resident. Its residents are shown as one group: no community here has the 11 residents');
    expect(d.summary).not.toMatch(/1 community|other \(16\)|Cells of a community/);
    // A mosaic that never had communities (no community column) is not said to be merged.
    b.report.mergedCommunities = 0;
    expect(describeMosaic(b, {}).summary).toContain('in 1 community');
  });

  it('a mosaic with fewer journeys than k says it is not shown, and why, with no counts', () => {
    const b = testBake(8, { first_date: Array(8).fill(2140), last_date: Array(8).fill(2145) });
    b.privacy = { k: 11, synthetic: false };
    const d = describeMosaic(b, {});
    expect(d.summary).toMatch(/^This mosaic is not shown yet: it holds fewer than 11 residents' journeys.*nobody can be recognised/);
    expect(d.summary).not.toMatch(/\b8\b/);
    expect([...d.channels, ...d.patterns]).toEqual([]);
  });
});
