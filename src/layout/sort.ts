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
  const vals = items.slice();
  radixRange(quantise(items, key), vals, 0, m, 0, 31);
  items.set(vals);
}

/**
 * `items` in the order sortBy gives, sorted a top digit's worth at a time as they are read: for a
 * caller that reads only the first few of many (balancing regions reads a few per boundary).
 */
export class SortedLazily {
  private readonly keys: Uint32Array;
  private readonly vals: Uint32Array;
  /** Per top digit (key bits 21–30), where its items start in keys / vals. */
  private readonly start: Uint32Array;
  /** Positions below this are in their final order. */
  private ready = 0;
  private digit = 0;

  constructor(items: Uint32Array, key: (i: number) => number) {
    const m = items.length;
    const q = m < 2 ? new Uint32Array(m) : quantise(items, key);
    this.keys = new Uint32Array(m);
    this.vals = new Uint32Array(m);
    // One stable MSD pass on the top digit; each digit's run is sorted on its low bits when reached.
    const start = (this.start = new Uint32Array(1025));
    for (let k = 0; k < m; k++) start[(q[k] >>> 21) + 1]++;
    for (let d = 0; d < 1024; d++) start[d + 1] += start[d];
    const fill = start.slice(0, 1024);
    for (let k = 0; k < m; k++) {
      const to = fill[q[k] >>> 21]++;
      this.keys[to] = q[k];
      this.vals[to] = items[k];
    }
  }

  get length(): number {
    return this.vals.length;
  }

  /** The r-th item in order (r < length). */
  at(r: number): number {
    while (r >= this.ready) {
      const lo = this.start[this.digit];
      const hi = this.start[this.digit + 1];
      if (hi - lo > 1) radixRange(this.keys, this.vals, lo, hi, 0, 21);
      this.ready = hi;
      this.digit++;
    }
    return this.vals[r];
  }
}

/** Keys of `items` quantised to 2^31 steps over their finite range (non-finite: the last step). */
function quantise(items: Uint32Array, key: (i: number) => number): Uint32Array {
  const m = items.length;
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
  const keys = new Uint32Array(m);
  for (let k = 0; k < m; k++) {
    const v = raw[k];
    keys[k] = Number.isFinite(v) ? Math.min(KEY_STEPS - 2, Math.floor(((v - lo) / span) * (KEY_STEPS - 2))) : KEY_STEPS - 1;
  }
  return keys;
}

/** Stable LSD radix sort of keys[lo, hi) (with vals alongside) on key bits [fromBit, toBit). */
function radixRange(keys: Uint32Array, vals: Uint32Array, lo: number, hi: number, fromBit: number, toBit: number): void {
  const m = hi - lo;
  let k0: Uint32Array = keys.subarray(lo, hi);
  let v0: Uint32Array = vals.subarray(lo, hi);
  let k1: Uint32Array = new Uint32Array(m);
  let v1: Uint32Array = new Uint32Array(m);
  const count = new Uint32Array(1 << 11);
  let passes = 0;
  for (let d = 0; d + 1 < DIGITS.length; d++) {
    const shift = Math.max(DIGITS[d], fromBit);
    const top = Math.min(DIGITS[d + 1], toBit);
    if (top <= shift) continue;
    const mask = (1 << (top - shift)) - 1;
    count.fill(0);
    for (let k = 0; k < m; k++) count[(k0[k] >>> shift) & mask]++;
    let at = 0;
    for (let b = 0; b <= mask; b++) {
      const c = count[b];
      count[b] = at;
      at += c;
    }
    for (let k = 0; k < m; k++) {
      const to = count[(k0[k] >>> shift) & mask]++;
      k1[to] = k0[k];
      v1[to] = v0[k];
    }
    [k0, k1] = [k1, k0];
    [v0, v1] = [v1, v0];
    passes++;
  }
  // An odd number of passes leaves the result in the scratch.
  if (passes % 2 === 1) {
    keys.set(k0, lo);
    vals.set(v0, lo);
  }
}
