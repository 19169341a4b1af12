/** Privacy rules of the bake: opaque journey order and k-anonymous groups. Pure. */

/** Fixed salt of the journey order: changing it reshuffles every baked mosaic. */
export const ORDER_SALT = 'noctiluca/journey-order/v1';

/** cyrb53: a fast 53-bit string hash (public domain, bryc). Not cryptographic; used only to shuffle. */
export function hash53(str: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * The order journeys take in the artefact: by a salted hash of the id (ties by id), so the index is
 * stable across runs and input order but says nothing about the id. Returns store indices in output order.
 */
export function journeyOrder(ids: readonly string[]): Uint32Array {
  const keys = ids.map((id) => hash53(ORDER_SALT + id));
  const order = Array.from({ length: ids.length }, (_, i) => i);
  order.sort((a, b) => keys[a] - keys[b] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  return Uint32Array.from(order);
}

export const OTHER_GROUP = 'other';

/**
 * k-anonymous grouping: values held by fewer than `k` journeys merge into "other" (as does a value
 * literally named "other"). `exempt` (the "unknown" group, which names no place) is never merged. Returns the kept names (sorted, "other" last if used), the code of each
 * input value, and how many distinct values were merged.
 */
export function mergeSmallGroups(
  counts: Map<string, number>,
  k: number,
  exempt?: string,
): { names: string[]; codeOf: Map<string, number>; merged: number } {
  const kept: string[] = [];
  let merged = 0;
  let needOther = false;
  for (const [name, c] of counts) {
    if (c <= 0) continue;
    if (name === OTHER_GROUP) needOther = true;
    else if (c >= k || name === exempt) kept.push(name);
    else {
      merged++;
      needOther = true;
    }
  }
  kept.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const names = needOther ? [...kept, OTHER_GROUP] : kept;
  const codeOf = new Map<string, number>();
  kept.forEach((name, i) => codeOf.set(name, i));
  const other = names.length - 1;
  for (const [name, c] of counts) if (c > 0 && !codeOf.has(name)) codeOf.set(name, other);
  return { names, codeOf, merged };
}
