/**
 * What a resident's preview may show. A preview is the real bake with the draft in it, and anyone
 * can ask for one, many times, before any moderator has looked. Were it to publish a mosaic in which
 * the draft regroups other residents (a community of k − 1 that one more journey brings out of
 * "other", an "other" that swallows the smallest community, a glow-tier class that one more glow
 * journey makes publishable), its artefact would show those residents in a class of k with one
 * member the asker invented: k − 1 real ones, and a difference from the published mosaic that
 * describes them. So a preview is shown only when every other cell is published exactly as it is
 * now, except the timing the draft's own glow-tier class shares (a mean and medians the draft joins,
 * which the asker can take back out with what they typed, and which name no cell: docs/PRIVACY.md,
 * guarantee 2). Otherwise the resident is told that the exact look waits for a moderator; the
 * moderator's preview (and the publication) shows it, under the disclosure stage as always.
 *
 * Cells are in keyed order (src/disclose/secret.ts): a journey's rank depends on its id and the
 * secret only, so with the draft at cell d, cell i of the current mosaic is cell i (i < d) or i + 1.
 */
import type { BakedMosaic } from '../../bake/artefact.ts';
import { MEASURES } from '../../bake/artefact.ts';
import { TIER_GLOW, TIMING_MEASURES } from '../../disclose/policy.ts';

const TIMING = new Set<string>(TIMING_MEASURES);

/** The published categorical fields (the quasi-identifiers), community first: name → (categories, codes). */
function categorical(b: BakedMosaic): Map<string, { categories: string[]; codes: Uint16Array }> {
  const out = new Map([['community', { categories: b.communities, codes: b.community }]]);
  for (const [name, f] of Object.entries(b.fields)) if (f.kind === 'categorical') out.set(name, { categories: f.categories, codes: f.codes });
  return out;
}

const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

/**
 * The cells of `current` that `withDraft` (the same bake with one more journey, at cell `draft`)
 * publishes differently, beyond what the draft's own glow-tier class shares; every cell when the two
 * cannot be lined up (another window, other fields). Empty: the preview shows nobody else anew.
 */
export function cellsChangedByDraft(current: BakedMosaic, withDraft: BakedMosaic, draft: number): number[] {
  const all = () => Array.from({ length: current.journeyCount }, (_, i) => i);
  if (draft < 0 || withDraft.journeyCount !== current.journeyCount + 1) return all();
  if (withDraft.timelineSamples !== current.timelineSamples || withDraft.window.start !== current.window.start || withDraft.window.end !== current.window.end || withDraft.precision !== current.precision) return all();
  const a = categorical(current);
  const b = categorical(withDraft);
  if ([...a.keys()].join('\u0000') !== [...b.keys()].join('\u0000')) return all();
  const numeric = Object.entries(current.fields).filter(([, f]) => f.kind === 'numeric').map(([n]) => n);
  for (const n of numeric) if (withDraft.fields[n]?.kind !== 'numeric') return all();
  const fields = [...a.keys()];
  const label = (m: Map<string, { categories: string[]; codes: Uint16Array }>, cell: number) => fields.map((f) => m.get(f)!.categories[m.get(f)!.codes[cell]]).join('\u0000');
  const draftClass = withDraft.tier[draft] === TIER_GLOW ? label(b, draft) : null;
  const S = current.timelineSamples * 2;
  const changed: number[] = [];
  for (let i = 0; i < current.journeyCount; i++) {
    const j = i < draft ? i : i + 1;
    const qi = label(a, i);
    if (current.tier[i] !== withDraft.tier[j] || qi !== label(b, j)) {
      changed.push(i);
      continue;
    }
    // A glow-tier cell of the draft's own class shares the class's timing, which now counts the draft.
    const shared = draftClass !== null && current.tier[i] === TIER_GLOW && qi === draftClass;
    let differs = MEASURES.some((m) => !(shared && TIMING.has(m)) && !same(current.measures[m][i], withDraft.measures[m][j]));
    if (!differs && !shared) {
      differs = numeric.some((n) => !same((current.fields[n] as { values: Float32Array }).values[i], (withDraft.fields[n] as { values: Float32Array }).values[j]));
      const t0 = current.timeline.subarray(i * S, i * S + S);
      const t1 = withDraft.timeline.subarray(j * S, j * S + S);
      for (let s = 0; s < S && !differs; s++) differs = t0[s] !== t1[s];
    }
    if (!differs) {
      const e0 = current.eventOffsets[i];
      const n0 = current.eventOffsets[i + 1] - e0;
      const e1 = withDraft.eventOffsets[j];
      differs = n0 !== withDraft.eventOffsets[j + 1] - e1;
      for (let e = 0; e < n0 && !differs; e++) differs = current.eventDates[e0 + e] !== withDraft.eventDates[e1 + e] || current.eventKinds[e0 + e] !== withDraft.eventKinds[e1 + e];
      differs ||= current.stories[i] !== withDraft.stories[j];
    }
    if (differs) changed.push(i);
  }
  return changed;
}
