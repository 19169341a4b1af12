/**
 * The mosaic described in words, for people who cannot see it: how many journeys and communities,
 * what the visual channels mean, and the notable pattern in the data (the year when care went
 * quiet, and which communities it hit hardest). Derived from the baked artefact and the
 * installation's encoding only; plain text, computed once per bake.
 *
 * Small cells (docs/PRIVACY.md): every number and every statement about a group comes from at least
 * k journeys (the artefact's `privacy.k`), as in CMS's cell-size rule; a count below k reads
 * "fewer than k", a group below k is left out.
 */
import type { BakedMosaic } from '../bake/artefact.ts';
import { smallForResidents, smallMosaic } from '../bake/small.ts';
import { legendModel, type LegendConfig } from '../legend/model.ts';

/** The parts of an installation config the description reads (the raw JSON is enough). */
export interface DescribedConfig extends LegendConfig {
  title?: string;
  description?: string;
  motion?: { loopSeconds?: number };
}

export interface QuietYear {
  year: number;
  /** Mean activity that year / mean activity of the other years, over journeys that had begun and not ended. */
  ratio: number;
  /** Per community, the same ratio, hardest hit first. */
  communities: { name: string; ratio: number }[];
  /** The first later year back at 80 % of the usual activity, or null. */
  recoveredIn: number | null;
}

/**
 * The year with the lowest mean care activity against the rest, overall and per community. Activity
 * counts only journeys under way that year (first_date ≤ year ≤ last_date). Null when the window
 * holds fewer than three years.
 */
export function quietestYear(bake: BakedMosaic): QuietYear | null {
  const { start, end } = bake.window;
  const firstYear = Math.floor(start);
  const years = Math.ceil(end - 1e-6) - firstYear;
  if (years < 3) return null;
  const S = bake.timelineSamples;
  const C = bake.communities.length;
  // sums[(c * years + y) * 2] = activity sum, +1 = sample count; c = C is everyone.
  const sums = new Float64Array((C + 1) * years * 2);
  // active[c * years + y]: journeys under way in year y (c = C is everyone), for the small-cell rule.
  const active = new Float64Array((C + 1) * years);
  const k = bake.privacy.k;
  const yearOf = new Int32Array(S);
  for (let s = 0; s < S; s++) yearOf[s] = Math.min(years - 1, Math.floor(start + ((s + 0.5) * (end - start)) / S) - firstYear);
  for (let j = 0; j < bake.journeyCount; j++) {
    const from = Math.floor(bake.measures.first_date[j]) - firstYear;
    const to = Math.floor(bake.measures.last_date[j]) - firstYear;
    const c = bake.community[j];
    for (let y = Math.max(0, from); y <= Math.min(years - 1, to); y++) {
      active[c * years + y]++;
      active[C * years + y]++;
    }
    for (let s = 0; s < S; s++) {
      const y = yearOf[s];
      if (!(y >= from && y <= to)) continue;
      const a = bake.timeline[2 * (j * S + s)];
      for (const k of [(c * years + y) * 2, (C * years + y) * 2]) {
        sums[k] += a;
        sums[k + 1]++;
      }
    }
  }
  const ratioOf = (c: number, y: number): number => {
    const at = (c * years + y) * 2;
    // A ratio only from a year with at least k journeys under way (and k in the years it is compared with).
    if (sums[at + 1] === 0 || active[c * years + y] < k) return NaN;
    let rest = 0;
    let restN = 0;
    let restActive = 0;
    for (let o = 0; o < years; o++) {
      if (o === y) continue;
      rest += sums[(c * years + o) * 2];
      restN += sums[(c * years + o) * 2 + 1];
      restActive = Math.max(restActive, active[c * years + o]);
    }
    if (restActive < k) return NaN;
    const others = restN ? rest / restN : 0;
    return others > 0 ? sums[at] / sums[at + 1] / others : NaN;
  };
  let best = -1;
  let bestRatio = Infinity;
  for (let y = 0; y < years; y++) {
    const r = ratioOf(C, y);
    if (Number.isFinite(r) && r < bestRatio) {
      bestRatio = r;
      best = y;
    }
  }
  if (best < 0) return null;
  const big = bigCommunities(bake);
  const communities = bake.communities
    .map((name, c) => ({ name, ratio: big[c] ? ratioOf(c, best) : NaN }))
    .filter((x) => Number.isFinite(x.ratio))
    .sort((a, b) => a.ratio - b.ratio);
  let recoveredIn: number | null = null;
  for (let y = best + 1; y < years && recoveredIn === null; y++) if (ratioOf(C, y) >= 0.8) recoveredIn = firstYear + y;
  return { year: firstYear + best, ratio: bestRatio, communities, recoveredIn };
}

/**
 * Communities large enough to compare: at least k journeys (the small-cell rule), 10, and 2 % of
 * the journeys (tiny groups are too noisy to single out).
 */
function bigCommunities(bake: BakedMosaic): boolean[] {
  const counts = new Array<number>(bake.communities.length).fill(0);
  for (let j = 0; j < bake.journeyCount; j++) counts[bake.community[j]]++;
  return counts.map((n) => n >= Math.max(bake.privacy.k, 10, 0.02 * bake.journeyCount));
}

const pct = (r: number) => `${Math.round(r * 100)}%`;
const fmt = (n: number) => n.toLocaleString('en');
/** A count as published: the number when it is at least k, else "fewer than k" (a small cell). */
export const countText = (n: number, k: number) => (n >= k ? fmt(n) : `fewer than ${fmt(k)}`);

export interface MosaicDescription {
  /** One sentence: what the mosaic is. */
  summary: string;
  /** What the colours and the other channels mean. */
  channels: string[];
  /** Notable patterns, e.g. the quiet year. */
  patterns: string[];
}

export function describeMosaic(bake: BakedMosaic, config: DescribedConfig): MosaicDescription {
  const counts = new Array<number>(bake.communities.length).fill(0);
  for (let j = 0; j < bake.journeyCount; j++) counts[bake.community[j]]++;
  const k = bake.privacy.k;
  const communityList = bake.communities.map((name, c) => `${name} (${countText(counts[c], k)})`).join(', ');
  const startYear = Math.floor(bake.window.start);
  const endYear = Math.ceil(bake.window.end - 1e-6) - 1;
  // Too small for its guarantee (src/bake/small.ts): say why, not "in 1 community: other (16)".
  const small = smallMosaic(bake);
  if (small?.kind === 'too-small') return { summary: smallForResidents(small), channels: [], patterns: [] };
  const groups =
    small?.kind === 'one-group'
      ? `. ${smallForResidents(small)} `
      : `, in ${bake.communities.length} ${bake.communities.length === 1 ? 'community' : 'communities'}: ${communityList}. Cells of a community sit together. `;
  const summary =
    `A mosaic of ${countText(bake.journeyCount, k)} oral-health journeys, one glowing cell per resident` +
    groups +
    `The timeline plays ${startYear} to ${endYear}` +
    (config.motion?.loopSeconds ? ` every ${Math.round(config.motion.loopSeconds)} seconds` : '') +
    '; a cell flashes when its resident receives care and dims when care stops.' +
    (bake.privacy.synthetic
      ? ' The residents are synthetic: generated data, not real people, so every cell\'s card can be opened.'
      : '');

  // What the channels mean: the legend's own sentences, with the data's ends.
  const channels = legendModel(config, null, bake).rows.map((r) => r.sentence);

  const patterns: string[] = [];
  const quiet = quietestYear(bake);
  if (quiet && quiet.ratio < 0.75) {
    let line = `In ${quiet.year} care went quiet: activity fell to ${pct(quiet.ratio)} of the other years' average`;
    const hit = quiet.communities;
    if (hit.length > 1) {
      const worst = hit[0];
      const least = hit[hit.length - 1];
      line += `. Hardest hit: ${worst.name} (${pct(worst.ratio)})`;
      if (least.ratio - worst.ratio > 0.1) line += `; least affected: ${least.name} (${pct(least.ratio)})`;
    }
    line += quiet.recoveredIn !== null ? `. Care recovered in ${quiet.recoveredIn}.` : '.';
    patterns.push(line);
  }
  // Mean oral health per community, lowest and highest.
  if (bake.communities.length > 1) {
    const sum = new Float64Array(bake.communities.length);
    for (let j = 0; j < bake.journeyCount; j++) sum[bake.community[j]] += bake.measures.wellness[j];
    const big = bigCommunities(bake);
    const means = bake.communities.map((name, c) => ({ name, mean: big[c] ? sum[c] / counts[c] : NaN })).filter((x) => Number.isFinite(x.mean));
    means.sort((a, b) => a.mean - b.mean);
    if (means.length > 1 && means[means.length - 1].mean - means[0].mean > 0.05) {
      patterns.push(
        `Oral health is lowest in ${means[0].name} (${Math.round(means[0].mean * 100)} out of 100 on average) ` +
          `and highest in ${means[means.length - 1].name} (${Math.round(means[means.length - 1].mean * 100)}).`,
      );
    }
  }
  if (!bake.privacy.synthetic) {
    let carded = 0;
    for (let j = 0; j < bake.journeyCount; j++) if (bake.tier[j] > 0) carded++;
    if (carded > 0 && carded < bake.journeyCount) {
      const n = countText(carded, k);
      patterns.push(
        `${n[0].toUpperCase()}${n.slice(1)} residents chose to show their journey on its cell's card; the other cells glow with their own light and their group's rhythm, and their cards speak for the group.`,
      );
    }
  }
  const stories = Object.keys(bake.stories).length;
  if (stories >= k) patterns.push(`${fmt(stories)} ${stories === 1 ? 'resident shares a story' : 'residents share their stories'}.`);
  else if (stories > 0) patterns.push(`Fewer than ${fmt(k)} residents share their stories.`);
  return { summary, channels, patterns };
}
