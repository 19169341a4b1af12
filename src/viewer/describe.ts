/**
 * The mosaic described in words, for people who cannot see it: how many journeys and communities,
 * what the visual channels mean, and the notable pattern in the data (the year when care went
 * quiet, and which communities it hit hardest). Derived from the baked artefact and the
 * installation's encoding only; plain text, computed once per bake.
 */
import type { BakedMosaic } from '../bake/artefact.ts';
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
  const yearOf = new Int32Array(S);
  for (let s = 0; s < S; s++) yearOf[s] = Math.min(years - 1, Math.floor(start + ((s + 0.5) * (end - start)) / S) - firstYear);
  for (let j = 0; j < bake.journeyCount; j++) {
    const from = Math.floor(bake.measures.first_date[j]) - firstYear;
    const to = Math.floor(bake.measures.last_date[j]) - firstYear;
    const c = bake.community[j];
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
    const k = (c * years + y) * 2;
    if (sums[k + 1] === 0) return NaN;
    let rest = 0;
    let restN = 0;
    for (let o = 0; o < years; o++) {
      if (o === y) continue;
      rest += sums[(c * years + o) * 2];
      restN += sums[(c * years + o) * 2 + 1];
    }
    const others = restN ? rest / restN : 0;
    return others > 0 ? sums[k] / sums[k + 1] / others : NaN;
  };
  let best = -1;
  let bestRatio = Infinity;
  for (let y = 0; y < years; y++) {
    const r = ratioOf(C, y);
    if (r < bestRatio) {
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
 * Communities large enough to compare (at least 2 % of the journeys and 10 of them): the "other"
 * group of merged small communities and other tiny groups are too noisy to single out.
 */
function bigCommunities(bake: BakedMosaic): boolean[] {
  const counts = new Array<number>(bake.communities.length).fill(0);
  for (let j = 0; j < bake.journeyCount; j++) counts[bake.community[j]]++;
  return counts.map((n) => n >= Math.max(10, 0.02 * bake.journeyCount));
}

const pct = (r: number) => `${Math.round(r * 100)}%`;
const fmt = (n: number) => n.toLocaleString('en');

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
  const communityList = bake.communities.map((name, c) => `${name} (${fmt(counts[c])})`).join(', ');
  const startYear = Math.floor(bake.window.start);
  const endYear = Math.ceil(bake.window.end - 1e-6) - 1;
  const summary =
    `A mosaic of ${fmt(bake.journeyCount)} oral-health journeys, one glowing cell per resident, ` +
    `in ${bake.communities.length} ${bake.communities.length === 1 ? 'community' : 'communities'}: ${communityList}. ` +
    `Cells of a community sit together. The timeline plays ${startYear} to ${endYear}` +
    (config.motion?.loopSeconds ? ` every ${Math.round(config.motion.loopSeconds)} seconds` : '') +
    '; a cell flashes when its resident receives care and dims when care stops.';

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
  const stories = Object.keys(bake.stories).length;
  if (stories > 0) patterns.push(`${fmt(stories)} ${stories === 1 ? 'resident shares a story' : 'residents share their stories'}.`);
  return { summary, channels, patterns };
}
