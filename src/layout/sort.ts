/**
 * Sorting the layout's index arrays fast: at a million cells a comparator sort is several times
 * slower than a native typed-array sort, so keys are packed with the index into one float64.
 */

/** Largest run a packed sort key can index (the rest of a float64's 53 bits hold the key). */
const PACK = 2 ** 21;
const KEY_STEPS = 2 ** 31;

/**
 * Sorts `items` in place by key (smaller first, non-finite last, ties by position: stable). Keys are
 * quantised to 2^31 steps and packed with the position into one float64, so the sort is a native
 * typed-array sort (a comparator sort of a million is several times slower).
 */
export function sortBy(items: Uint32Array, key: (i: number) => number): void {
  const m = items.length;
  if (m < 2) return;
  const keys = new Float64Array(m);
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < m; k++) {
    const v = key(items[k]);
    keys[k] = v;
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (m > PACK) {
    const idx = Array.from(items.keys());
    const at = (k: number) => (Number.isFinite(keys[k]) ? keys[k] : Infinity);
    idx.sort((a, b) => at(a) - at(b) || a - b);
    const copy = items.slice();
    idx.forEach((k, r) => (items[r] = copy[k]));
    return;
  }
  const span = hi > lo ? hi - lo : 1;
  for (let k = 0; k < m; k++) {
    const v = keys[k];
    const q = Number.isFinite(v) ? Math.min(KEY_STEPS - 2, Math.floor(((v - lo) / span) * (KEY_STEPS - 2))) : KEY_STEPS - 1;
    keys[k] = q * PACK + k;
  }
  keys.sort();
  const copy = items.slice();
  for (let r = 0; r < m; r++) items[r] = copy[keys[r] % PACK];
}
