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
  // Each field's values as integer codes (code → name), so the tree works on typed arrays.
  const dict = qis.map((qi) => {
    const names: string[] = [];
    const index = new Map<string, number>();
    const codes = new Int32Array(J);
    for (let j = 0; j < J; j++) {
      const v = qi.values[j];
      let c = index.get(v);
      if (c === undefined) {
        c = names.length;
        index.set(v, c);
        names.push(v);
      }
      codes[j] = c;
    }
    return { names, codes, other: index.get(OTHER_GROUP) ?? -1 };
  });
  /** Published code per field and journey: a real value's code, or −1 for "other". */
  const published = qis.map(() => new Int32Array(J));
  const absorbedAt: Set<number>[] = qis.map(() => new Set<number>());
  const enough = (total: number, glowN: number) => total >= k && (glowN === 0 || glowN >= k);
  const classOf = new Uint32Array(J);
  const classKeys: string[] = [];
  let ok = true;

  // cells[from, to) are one node's journeys; `path` its published values so far.
  const split = (cells: Int32Array, level: number, path: string): void => {
    if (level === L) {
      const id = classKeys.length;
      classKeys.push(path);
      for (let i = 0; i < cells.length; i++) classOf[cells[i]] = id;
      return;
    }
    const { names, codes, other } = dict[level];
    // Group by code: counts, then the journeys of each code in one array (a counting sort).
    const count = new Map<number, { n: number; glow: number }>();
    for (let i = 0; i < cells.length; i++) {
      const c = codes[cells[i]];
      const x = count.get(c);
      if (x) {
        x.n++;
        x.glow += glow[cells[i]];
      } else count.set(c, { n: 1, glow: glow[cells[i]] });
    }
    const kept: Array<{ code: number; n: number; glow: number }> = [];
    let bucketN = 0;
    let bucketGlow = 0;
    const inBucket = new Set<number>();
    for (const [code, x] of count) {
      if (code !== other && enough(x.n, x.glow)) kept.push({ code, n: x.n, glow: x.glow });
      else {
        inBucket.add(code);
        bucketN += x.n;
        bucketGlow += x.glow;
      }
    }
    // "other" is held to k too: merge the smallest kept value in until it is (smallest by the count that falls short).
    while (bucketN > 0 && !enough(bucketN, bucketGlow) && kept.length > 0) {
      const short = bucketN < k ? 'total' : 'glow';
      let pick = -1;
      for (let i = 0; i < kept.length; i++) {
        const g = kept[i];
        if (short === 'glow' && g.glow === 0) continue;
        if (pick < 0 || g.n < kept[pick].n || (g.n === kept[pick].n && names[g.code] < names[kept[pick].code])) pick = i;
      }
      if (pick < 0) pick = 0;
      const [g] = kept.splice(pick, 1);
      absorbedAt[level].add(g.code);
      inBucket.add(g.code);
      bucketN += g.n;
      bucketGlow += g.glow;
    }
    if (bucketN > 0 && !enough(bucketN, bucketGlow)) ok = false;
    kept.sort((a, b) => (names[a.code] < names[b.code] ? -1 : names[a.code] > names[b.code] ? 1 : 0));
    const slot = new Map<number, number>(kept.map((g, i) => [g.code, i]));
    const parts = kept.map((g) => new Int32Array(g.n));
    const bucket = new Int32Array(bucketN);
    const fill = new Int32Array(kept.length);
    let b = 0;
    const out = published[level];
    for (let i = 0; i < cells.length; i++) {
      const j = cells[i];
      const at = slot.get(codes[j]);
      if (at === undefined) {
        bucket[b++] = j;
        out[j] = -1;
      } else {
        parts[at][fill[at]++] = j;
        out[j] = codes[j];
      }
    }
    const sep = level ? '\u0000' : '';
    kept.forEach((g, i) => split(parts[i], level + 1, path + sep + names[g.code]));
    if (bucketN) split(bucket, level + 1, path + sep + OTHER_GROUP);
  };

  let glowAll = 0;
  for (let i = 0; i < J; i++) glowAll += glow[i];
  if (J > 0 && !enough(J, glowAll)) ok = false;
  split(Int32Array.from({ length: J }, (_, i) => i), 0, '');

  const fields = qis.map((qi, level) => {
    const { names, codes: real, other: otherCode } = dict[level];
    const shown = new Uint8Array(names.length);
    let other = false;
    for (let j = 0; j < J; j++) {
      const c = published[level][j];
      if (c < 0) other = true;
      else shown[c] = 1;
    }
    const categories = names.filter((_, c) => shown[c]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (other) categories.push(OTHER_GROUP);
    const codeOf = new Map(categories.map((name, i) => [name, i]));
    const published2 = new Int32Array(names.length).fill(-1);
    names.forEach((name, c) => {
      if (shown[c]) published2[c] = codeOf.get(name)!;
    });
    const otherAt = other ? categories.length - 1 : -1;
    const codes = new Uint16Array(J);
    let withheld = 0;
    for (let j = 0; j < J; j++) {
      const c = published[level][j];
      codes[j] = c < 0 ? otherAt : published2[c];
      if (c < 0 && real[j] !== otherCode) withheld++;
    }
    // Values shown nowhere: merged everywhere they occur.
    let merged = 0;
    let absorbed = 0;
    names.forEach((name, c) => {
      if (shown[c] || c === otherCode || name === qi.missing) return;
      merged++;
      if (absorbedAt[level].has(c)) absorbed++;
    });
    return { name: qi.name, categories, codes, merged, absorbed, withheld };
  });
  return { fields, classOf, classKeys, ok };
}
