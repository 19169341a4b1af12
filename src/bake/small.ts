/**
 * A mosaic too small for its privacy guarantee (docs/PRIVACY.md), read from the artefact alone: every
 * mode can tell, and what it says uses only what the artefact publishes (never a community's size
 * below k). Two cases:
 * - too small to publish: fewer journeys than k, so no group can hold k; `npm run build` refuses it,
 *   and the residents' view says why instead of drawing it;
 * - one group: privacy merging put every community into "other" (each had fewer than k journeys),
 *   so the mosaic is one undivided group; residents are told why there are no communities.
 * The artist's full advice (sizes, what to change) is `noctiluca validate` and `inspect`'s
 * (src/data/messages.ts fewCommunities, tooSmall), made from the raw data on the artist's machine.
 */
import type { BakedMosaic } from './artefact.ts';
import { OTHER_GROUP } from '../disclose/generalise.ts';

type Published = Pick<BakedMosaic, 'journeyCount' | 'privacy' | 'communities' | 'report'>;

export type SmallMosaic = { kind: 'too-small'; journeys: number; k: number } | { kind: 'one-group'; journeys: number; k: number; merged: number };

/** Whether the mosaic is too small to publish, or merged into one group; null when neither. */
export function smallMosaic(b: Published): SmallMosaic | null {
  const k = b.privacy.k;
  if (b.journeyCount > 0 && b.journeyCount < k) return { kind: 'too-small', journeys: b.journeyCount, k };
  if (b.communities.length === 1 && b.communities[0] === OTHER_GROUP && b.report.mergedCommunities > 0)
    return { kind: 'one-group', journeys: b.journeyCount, k, merged: b.report.mergedCommunities };
  return null;
}

const n = (x: number) => x.toLocaleString('en');

/** For residents: why this mosaic is not shown, or why it shows no communities. */
export function smallForResidents(s: SmallMosaic): string {
  return s.kind === 'too-small'
    ? `This mosaic is not shown yet: it holds fewer than ${n(s.k)} residents' journeys, and each journey is only shown among at least ${n(s.k)} others like it, so that nobody can be recognised. It will appear once more residents' journeys are gathered.`
    : `Its residents are shown as one group: no community here has the ${n(s.k)} residents it takes to be shown on its own without making them easier to recognise.`;
}

/** For the artist (the page's message area, the build): what happened, and where the advice is. */
export function smallForArtists(s: SmallMosaic, installation: string): string {
  const check = `\`npx noctiluca validate ${installation}\` says what to change (docs/PRIVACY.md).`;
  return s.kind === 'too-small'
    ? `Too small to publish: ${n(s.journeys)} ${s.journeys === 1 ? 'journey' : 'journeys'}, fewer than data.privacy.minCommunitySize (k = ${n(s.k)}), so no group can hold k. \`npm run build\` refuses it, and residents see a notice instead of the mosaic. ${check}`
    : `Privacy merging left one community: each of the ${n(s.merged)} communities had fewer than data.privacy.minCommunitySize (k = ${n(s.k)}) journeys, so all ${n(s.journeys)} are shown as "${OTHER_GROUP}" and residents read that there are no communities. ${check}`;
}
