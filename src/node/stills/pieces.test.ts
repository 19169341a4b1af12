import { describe, expect, it } from 'vitest';
import { bloomAlign, bloomMargin, drawOrder, planPieces, pieceView, type PiecePlan } from './pieces.ts';

/** Every output pixel belongs to exactly one core; every core lies inside its region, inside the picture. */
function checkCover(plan: PiecePlan) {
  const hits = new Uint8Array(plan.width * plan.height);
  for (const t of plan.pieces) {
    const { core: c, region: r } = t;
    expect(r.x).toBeGreaterThanOrEqual(0);
    expect(r.y).toBeGreaterThanOrEqual(0);
    expect(r.x + r.width).toBeLessThanOrEqual(plan.width);
    expect(r.y + r.height).toBeLessThanOrEqual(plan.height);
    expect(c.x).toBeGreaterThanOrEqual(r.x);
    expect(c.y).toBeGreaterThanOrEqual(r.y);
    expect(c.x + c.width).toBeLessThanOrEqual(r.x + r.width);
    expect(c.y + c.height).toBeLessThanOrEqual(r.y + r.height);
    for (let y = c.y; y < c.y + c.height; y++) for (let x = c.x; x < c.x + c.width; x++) hits[y * plan.width + x]++;
  }
  expect(hits.every((h) => h === 1)).toBe(true);
}

describe('bloom margin', () => {
  it('covers the mipmap blur reach of 5.5 * 2^L - 6.5 px and is a multiple of 2^L', () => {
    for (const levels of [1, 2, 3, 5, 8]) {
      const m = bloomMargin(levels);
      expect(m).toBeGreaterThanOrEqual(5.5 * 2 ** levels - 6.5);
      expect(m % bloomAlign(levels)).toBe(0);
    }
    expect(bloomMargin(5)).toBe(192);
    expect(bloomMargin(0)).toBe(0);
  });
});

describe('planPieces', () => {
  const opts = { maxRegion: [4096, 4096] as [number, number], margin: 192, align: 32 };

  it('draws a picture that fits in one piece, with no margin', () => {
    const p = planPieces(3840, 2160, opts);
    expect(p.pieces).toHaveLength(1);
    expect(p.pieces[0].region).toEqual({ x: 0, y: 0, width: 3840, height: 2160 });
    expect(pieceView(p, p.pieces[0])).toEqual([3840, 2160, 0, 0, 3840, 2160]);
  });

  it('cuts 8K into 2x2 aligned pieces whose regions fit the browser', () => {
    const p = planPieces(7680, 4320, opts);
    expect([p.cols, p.rows]).toEqual([2, 2]);
    checkCover(p);
    for (const t of p.pieces) {
      expect(t.region.width).toBeLessThanOrEqual(4096);
      expect(t.region.height).toBeLessThanOrEqual(4096);
      expect(t.core.x % 32).toBe(0);
      expect(t.region.x % 32).toBe(0); // mip grids line up with the whole picture's
    }
    const second = p.pieces[1];
    // 2160 is not a multiple of 32: the first row is 2176 high, the second 2144.
    expect(second.core).toEqual({ x: 3840, y: 0, width: 3840, height: 2176 });
    expect(second.region).toEqual({ x: 3840 - 192, y: 0, width: 3840 + 192, height: 2176 + 192 });
    expect(p.pieces[3].core).toEqual({ x: 3840, y: 2176, width: 3840, height: 2144 });
  });

  it('honours a forced piece size, with the margin clamped at the picture edges', () => {
    const p = planPieces(320, 180, { ...opts, margin: 48, align: 8, piece: [128, 96] });
    expect([p.cols, p.rows]).toEqual([3, 2]);
    checkCover(p);
    expect(p.pieces.map((t) => [t.region.x, t.region.width])).toEqual([
      [0, 176], [80, 224], [208, 112],
      [0, 176], [80, 224], [208, 112],
    ]);
    expect(p.pieces[3].region).toMatchObject({ y: 48, height: 132 });
  });

  it('covers odd sizes exactly', () => {
    checkCover(planPieces(997, 613, { ...opts, maxRegion: [400, 300], margin: 24, align: 8 }));
    checkCover(planPieces(50, 37, { ...opts, piece: [16, 16], margin: 7 }));
  });

  it('refuses when the margin leaves no room in the largest piece', () => {
    expect(() => planPieces(9000, 100, { ...opts, maxRegion: [400, 400], margin: 192 })).toThrow(/bloom margin \(192 px each side\) leaves no room in a 400 px wide piece/);
  });

  it('orders pieces by region size so the page is resized least', () => {
    const p = planPieces(320, 180, { ...opts, margin: 48, align: 8, piece: [128, 96] });
    const sizes = drawOrder(p).map((t) => `${t.region.width}x${t.region.height}`);
    const changes = sizes.filter((s, i) => i > 0 && s !== sizes[i - 1]).length;
    expect(changes).toBe(new Set(sizes).size - 1);
    expect(drawOrder(p)).toHaveLength(p.pieces.length);
  });
});
