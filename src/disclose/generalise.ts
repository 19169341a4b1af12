/**
 * k over the combination of quasi-identifiers, by local recoding in the manner of ARX and sdcMicro:
 * the fields form a tree in order of importance (community first: the layout groups by it), and at
 * every node the values held by too few journeys merge into "other". A merged "other" is itself held
 * to k: while it is too small, the smallest kept value merges into it too. Then each value (and
 * "other") is split by the next field the same way. Every leaf, a combination of published values, is
 * an equivalence class, and every class is large enough:
 *
 *   at least k journeys, and either no glow-tier journeys or at least k of them
 *
 * (a glow-tier cell carries its class's timeline, so its class among glow-tier cells must be ≥ k too).
 * Only a population smaller than that as a whole cannot be helped; `ok` says so. Pure.
 */

/** The group merged values join, in every field. A value literally named so merges into it. */
export const OTHER_GROUP = 'other';

export interface QuasiIdentifier {
  name: string;
  /** Value per journey; journeys without one carry `missing` (held to k like any other value). */
  values: readonly string[];
  /** The name of "no value" (e.g. "unknown"): not counted among merged values in reports. */
  missing?: string;
}

export interface Generalised {
  /**
   * Per field: the published category names (sorted, "other" last when used), each journey's code,
   * how many distinct values are shown nowhere (`merged`; `absorbed` of them were large enough alone
   * and merged only to hold "other" to k), and how many journeys carry "other" instead of their value.
   */
  fields: Array<{ name: string; categories: string[]; codes: Uint16Array; merged: number; absorbed: number; withheld: number }>;
  /** Equivalence class of each journey (0 … classCount − 1) and each class's published values joined by "\u0000". */
  classOf: Uint32Array;
  classKeys: string[];
  /** Whether every class meets the rule (false only when the whole population is too small). */
  ok: boolean;
}

export function generalise(qis: readonly QuasiIdentifier[], glow: Uint8Array, k: number): Generalised {
  const J = glow.length;
  const L = qis.length;
  const published: string[][] = qis.map(() => new Array<string>(J));
  const absorbedAt: Set<string>[] = qis.map(() => new Set<string>());
  const enough = (total: number, glowN: number) => total >= k && (glowN === 0 || glowN >= k);
  let ok = true;

  const split = (cells: number[], level: number): void => {
    if (level === L) return;
    const values = qis[level].values;
    const groups = new Map<string, number[]>();
    for (const c of cells) {
      const v = values[c];
      let g = groups.get(v);
      if (!g) groups.set(v, (g = []));
      g.push(c);
    }
    const glowOf = (g: number[]) => {
      let n = 0;
      for (const c of g) n += glow[c];
      return n;
    };
    const kept: Array<{ value: string; cells: number[]; glow: number }> = [];
    const bucket: number[] = [];
    let bucketGlow = 0;
    for (const [value, g] of groups) {
      const n = glowOf(g);
      if (value !== OTHER_GROUP && enough(g.length, n)) kept.push({ value, cells: g, glow: n });
      else {
        for (const c of g) bucket.push(c);
        bucketGlow += n;
      }
    }
    // "other" is held to k too: merge the smallest kept value in until it is (smallest by the count that falls short).
    while (bucket.length > 0 && !enough(bucket.length, bucketGlow) && kept.length > 0) {
      const short = bucket.length < k ? 'total' : 'glow';
      let pick = -1;
      for (let i = 0; i < kept.length; i++) {
        const g = kept[i];
        if (short === 'glow' && g.glow === 0) continue;
        if (pick < 0 || g.cells.length < kept[pick].cells.length || (g.cells.length === kept[pick].cells.length && g.value < kept[pick].value)) pick = i;
      }
      if (pick < 0) pick = 0;
      const [g] = kept.splice(pick, 1);
      absorbedAt[level].add(g.value);
      for (const c of g.cells) bucket.push(c);
      bucketGlow += g.glow;
    }
    if (bucket.length > 0 && !enough(bucket.length, bucketGlow)) ok = false;
    const out = published[level];
    for (const g of kept) {
      for (const c of g.cells) out[c] = g.value;
      split(g.cells, level + 1);
    }
    if (bucket.length) {
      for (const c of bucket) out[c] = OTHER_GROUP;
      split(bucket, level + 1);
    }
  };

  const everyone = Array.from({ length: J }, (_, i) => i);
  let glowAll = 0;
  for (let i = 0; i < J; i++) glowAll += glow[i];
  if (J > 0 && !enough(J, glowAll)) ok = false;
  split(everyone, 0);

  const fields = qis.map((qi, level) => {
    const names = new Set<string>();
    let other = false;
    for (let j = 0; j < J; j++) {
      const v = published[level][j];
      if (v === OTHER_GROUP) other = true;
      else names.add(v);
    }
    const categories = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (other) categories.push(OTHER_GROUP);
    const codeOf = new Map(categories.map((name, i) => [name, i]));
    const codes = new Uint16Array(J);
    const seen = new Set<string>();
    const mergedValues = new Set<string>();
    let absorbed = 0;
    let withheld = 0;
    for (let j = 0; j < J; j++) {
      codes[j] = codeOf.get(published[level][j])!;
      const real = qi.values[j];
      seen.add(real);
      if (published[level][j] !== real && real !== OTHER_GROUP) withheld++;
    }
    // Values shown nowhere: merged everywhere they occur.
    for (const v of seen) {
      if (v === OTHER_GROUP || v === qi.missing || codeOf.has(v)) continue;
      mergedValues.add(v);
      if (absorbedAt[level].has(v)) absorbed++;
    }
    return { name: qi.name, categories, codes, merged: mergedValues.size, absorbed, withheld };
  });

  const classOf = new Uint32Array(J);
  const classIndex = new Map<string, number>();
  const classKeys: string[] = [];
  for (let j = 0; j < J; j++) {
    let key = '';
    for (let level = 0; level < L; level++) key += (level ? '\u0000' : '') + published[level][j];
    let id = classIndex.get(key);
    if (id === undefined) {
      id = classKeys.length;
      classIndex.set(key, id);
      classKeys.push(key);
    }
    classOf[j] = id;
  }
  return { fields, classOf, classKeys, ok };
}
