import { describe, expect, it } from 'vitest';
import { hash53, PUBLIC_ORDER_SALT_V1 } from './hash';
import { createSecret, Keyed, keyedOrder, parseSecret } from './secret';

const ids = Array.from({ length: 3000 }, (_, i) => `hm-${(Math.imul(i + 1, 2654435761) >>> 0).toString(16).padStart(8, '0')}`);

/** Position of each id in an order (indices into `ids`). */
function rankOf(order: Uint32Array): Float64Array {
  const rank = new Float64Array(order.length);
  order.forEach((id, pos) => (rank[id] = pos));
  return rank;
}

/** Spearman's rank correlation of two orders of the same ids. */
function spearman(a: Uint32Array, b: Uint32Array): number {
  const ra = rankOf(a);
  const rb = rankOf(b);
  const n = a.length;
  let d2 = 0;
  for (let i = 0; i < n; i++) d2 += (ra[i] - rb[i]) ** 2;
  return 1 - (6 * d2) / (n * (n * n - 1));
}

describe('the keyed permutation', () => {
  it('the same data with two secrets gives unrelated orders', () => {
    const a = keyedOrder(ids, createSecret());
    const b = keyedOrder(ids, createSecret());
    expect(Math.abs(spearman(a, b))).toBeLessThan(0.1);
    let same = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
    expect(same).toBeLessThan(8); // a random pair of orders shares about one position
  });

  it('the same secret gives the same order, whatever order the ids arrive in', () => {
    const secret = createSecret();
    const a = [...keyedOrder(ids, secret)].map((i) => ids[i]);
    const shuffled = [...ids].reverse();
    const b = [...keyedOrder(shuffled, secret)].map((i) => shuffled[i]);
    expect(b).toEqual(a);
  });

  it('is not the old public order, nor any order of the ids alone', () => {
    const order = keyedOrder(ids, createSecret());
    const attacks = [
      [...ids.keys()].sort((x, y) => hash53(PUBLIC_ORDER_SALT_V1 + ids[x]) - hash53(PUBLIC_ORDER_SALT_V1 + ids[y])),
      [...ids.keys()].sort((x, y) => hash53(ids[x]) - hash53(ids[y])),
      [...ids.keys()].sort((x, y) => (ids[x] < ids[y] ? -1 : 1)),
    ];
    for (const attack of attacks) expect(attack.filter((id, pos) => order[pos] === id).length).toBeLessThan(8);
  });

  it('keyed words differ by purpose and by secret, and repeat for the same pair', () => {
    const s = createSecret();
    const w = new Keyed(s, 'journeys').words(['a', 'b']);
    expect([...new Keyed(s, 'journeys').words(['a', 'b'])]).toEqual([...w]);
    expect([...new Keyed(s, 'glow').words(['a', 'b'])]).not.toEqual([...w]);
    expect([...new Keyed(createSecret(), 'journeys').words(['a', 'b'])]).not.toEqual([...w]);
    expect(w).toHaveLength(8);
  });

  it('a secret is 32 or more hex digits', () => {
    expect(createSecret()).toMatch(/^[0-9a-f]{64}$/);
    expect(parseSecret(' ABCDEF0123456789abcdef0123456789\n')).toBe('abcdef0123456789abcdef0123456789');
    expect(parseSecret('too short')).toBeNull();
    expect(parseSecret('')).toBeNull();
  });
});
