import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/testing';
import { generalise, OTHER_GROUP, type QuasiIdentifier } from './generalise';

/** Journeys from rows of [community, access, …]; every journey glow tier unless `glow` says otherwise. */
function table(rows: string[][], names = ['community', 'access']): QuasiIdentifier[] {
  return names.map((name, f) => ({ name, values: rows.map((r) => r[f]) }));
}
const repeat = (n: number, row: string[]) => Array.from({ length: n }, () => row);

/** Every class (combination of published values) with its size and glow-tier count. */
function classes(g: ReturnType<typeof generalise>, glow: Uint8Array) {
  const out = new Map<string, { n: number; glow: number }>();
  for (let j = 0; j < glow.length; j++) {
    const key = g.fields.map((f) => f.categories[f.codes[j]]).join('|');
    const c = out.get(key) ?? { n: 0, glow: 0 };
    c.n++;
    c.glow += glow[j];
    out.set(key, c);
  }
  return out;
}

describe('generalise: k over the combination of quasi-identifiers', () => {
  it('holds combinations to k even when every value alone is held by k or more', () => {
    // Each community and each access kind has 20 journeys, but (A, tele) and (B, clinic) have 2.
    const rows = [...repeat(18, ['A', 'clinic']), ...repeat(2, ['A', 'tele']), ...repeat(2, ['B', 'clinic']), ...repeat(18, ['B', 'tele'])];
    const glow = new Uint8Array(rows.length).fill(1);
    const g = generalise(table(rows), glow, 11);
    expect(g.ok).toBe(true);
    for (const [key, c] of classes(g, glow)) expect(c.n, key).toBeGreaterThanOrEqual(11);
    // Within A the 2 tele journeys would be an "other" of 2: clinic joins them, so A's access is withheld.
    expect([...classes(g, glow).keys()].sort()).toEqual(['A|other', 'B|other']);
    expect(g.fields[1].withheld).toBe(40);
  });

  it('merges small values into "other", and holds "other" to k by merging the smallest kept value into it', () => {
    const rows = [...repeat(12, ['Harbour']), ...repeat(14, ['Quay']), ...repeat(3, ['Tiny']), ...repeat(2, ['Lonely'])];
    const glow = new Uint8Array(rows.length).fill(1);
    const g = generalise(table(rows, ['community']), glow, 11);
    expect(g.fields[0].categories).toEqual(['Quay', OTHER_GROUP]);
    expect(g.fields[0]).toMatchObject({ merged: 3, absorbed: 1 });
    expect(classes(g, glow).get(OTHER_GROUP)?.n).toBe(17);
  });

  it('merges further, level by level: an "other" inside a community is split by the next field and held to k again', () => {
    const rows = [
      ...repeat(30, ['A', '18-34', 'clinic']),
      ...repeat(6, ['A', '35-64', 'clinic']),
      ...repeat(6, ['A', '65+', 'tele']),
      ...repeat(3, ['A', '0-17', 'tele']),
    ];
    const glow = new Uint8Array(rows.length).fill(1);
    const g = generalise(table(rows, ['community', 'age_band', 'access']), glow, 11);
    const got = classes(g, glow);
    for (const [key, c] of got) expect(c.n, key).toBeGreaterThanOrEqual(11);
    // The three small age bands make one "other" of 15, whose access values (6 clinic, 9 tele) are withheld again.
    expect([...got.keys()].sort()).toEqual(['A|18-34|clinic', 'A|other|other']);
  });

  it('a class of glow-tier cells is held to k too: card-tier cells do not make up the count', () => {
    // X has 20 journeys but only 3 glow tier: its glow cells would be a class of 3.
    const rows = [...repeat(20, ['X']), ...repeat(30, ['Y'])];
    const glow = Uint8Array.from(rows, (_, i) => (i < 3 || i >= 20 ? 1 : 0));
    const g = generalise(table(rows, ['community']), glow, 11);
    expect(g.fields[0].categories).toEqual([OTHER_GROUP]);
    const onlyCards = generalise(table(rows, ['community']), Uint8Array.from(rows, (_, i) => (i >= 20 ? 1 : 0)), 11);
    expect(onlyCards.fields[0].categories).toEqual(['X', 'Y']);
  });

  it('a literal "other" value is merged, never kept as a name of its own', () => {
    const rows = [...repeat(15, ['other']), ...repeat(15, ['Quay'])];
    const g = generalise(table(rows, ['community']), new Uint8Array(30).fill(1), 11);
    expect(g.fields[0].categories).toEqual(['Quay', OTHER_GROUP]);
  });

  it('a population smaller than k cannot be held to it, and says so', () => {
    const rows = repeat(5, ['A']);
    expect(generalise(table(rows, ['community']), new Uint8Array(5).fill(1), 11).ok).toBe(false);
    expect(generalise(table(rows, ['community']), new Uint8Array(5).fill(1), 5).ok).toBe(true);
  });

  it('on random data, every class is at least k and the codes describe the classes', () => {
    const rnd = mulberry32(7);
    const pick = (xs: string[]) => xs[Math.floor(rnd() * rnd() * xs.length)];
    for (const k of [2, 5, 11, 30]) {
      const rows = Array.from({ length: 2000 }, () => [pick(['a', 'b', 'c', 'd', 'e', 'f', 'g']), pick(['0-17', '18-34', '35-64', '65+']), pick(['clinic', 'tele', 'mobile', 'none']), pick(['x', 'y'])]);
      const glow = Uint8Array.from(rows, () => (rnd() < 0.7 ? 1 : 0));
      const g = generalise(table(rows, ['community', 'age_band', 'access', 'ward']), glow, k);
      expect(g.ok).toBe(true);
      for (const [key, c] of classes(g, glow)) {
        expect(c.n, `k=${k} ${key}`).toBeGreaterThanOrEqual(k);
        expect(c.glow === 0 || c.glow >= k, `k=${k} ${key} glow ${c.glow}`).toBe(true);
      }
      expect(new Set(g.classOf).size).toBe(classes(g, glow).size);
      // Published values are the real value or "other", never another real value.
      const wrong = rows.flatMap((row, j) => g.fields.filter((f, l) => ![row[l], OTHER_GROUP].includes(f.categories[f.codes[j]])).map((f) => `${j}:${f.name}`));
      expect(wrong).toEqual([]);
    }
  });
});
