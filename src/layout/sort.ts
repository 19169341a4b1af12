/**
 * Sorting the layout's index arrays fast: at a million cells a comparator sort is several times
 * slower than a native typed-array sort, and a radix sort of quantised keys is faster still.
 */

const KEY_STEPS = 2 ** 31;
/** The three radix passes' bit boundaries over a 31-bit key (11 + 10 + 10 bits: counts fit in L1). */
const DIGITS = [0, 11, 21, 31];

/**
 * Sorts `items` in place by key (smaller first, non-finite last, ties by position: stable). Keys are
 * quantised to 2^31 steps over their range, then sorted by a stable LSD radix sort (three passes).
 */
export function sortBy(items: Uint32Array, key: (i: number) => number): void {
  const m = items.length;
  if (m < 2) return;
  const raw = new Float64Array(m);
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < m; k++) {
    const v = key(items[k]);
    raw[k] = v;
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const span = hi > lo ? hi - lo : 1;
  let keys = new Uint32Array(m);
  for (let k = 0; k < m; k++) {
    const v = raw[k];
    keys[k] = Number.isFinite(v) ? Math.min(KEY_STEPS - 2, Math.floor(((v - lo) / span) * (KEY_STEPS - 2))) : KEY_STEPS - 1;
  }
  let vals = items.slice();
  let keysB = new Uint32Array(m);
  let valsB = new Uint32Array(m);
  const count = new Uint32Array(1 << 11);
  for (let d = 0; d + 1 < DIGITS.length; d++) {
    const shift = DIGITS[d];
    const mask = (1 << (DIGITS[d + 1] - shift)) - 1;
    count.fill(0);
    for (let k = 0; k < m; k++) count[(keys[k] >>> shift) & mask]++;
    let at = 0;
    for (let b = 0; b <= mask; b++) {
      const c = count[b];
      count[b] = at;
      at += c;
    }
    for (let k = 0; k < m; k++) {
      const to = count[(keys[k] >>> shift) & mask]++;
      keysB[to] = keys[k];
      valsB[to] = vals[k];
    }
    [keys, keysB] = [keysB, keys];
    [vals, valsB] = [valsB, vals];
  }
  items.set(vals);
}
