/// <reference lib="webworker" />
/**
 * BASELINE FOR THE BENCHMARK, NOT PRODUCT CODE: the deck.gl peer's worker. The same layout as the
 * app's pipeline worker (layoutMosaic with the installation's options, grouped and ordered by the
 * same columns), then the cells as deck.gl's binary polygon data: closed rings, shrunk towards
 * their site for the gap between cells, flat x,y positions and one start index per cell. Replies
 * with `timings` like the app's worker, so the bench reads layout time from either.
 */
import { layoutMosaic, MAX_CORNERS, type LayoutOptions } from '../../src/layout/layout.ts';

export interface PeerLayoutRequest {
  count: number;
  groups: Uint16Array | null;
  order: Float64Array | Float32Array | null;
  options: LayoutOptions;
  /** Fraction of the cell radius left as gap (the config's layout.gap). */
  gap: number;
}

export interface PeerLayoutReply {
  startIndices: Uint32Array;
  positions: Float32Array;
  timings: { layout: number; encode: number };
}

self.onmessage = (e: MessageEvent<PeerLayoutRequest>) => {
  const { count, groups, order, options, gap } = e.data;
  const t0 = performance.now();
  const layout = layoutMosaic({ count, groups: groups ?? undefined, order: order ?? undefined }, options);
  const t1 = performance.now();
  let vertices = 0;
  // A cell without corners (none in practice) becomes a ring of its site: every unused corner repeats it.
  const corners = (j: number) => Math.max(1, layout.cornerCount[j]);
  for (let j = 0; j < count; j++) vertices += corners(j) + 1;
  const startIndices = new Uint32Array(count + 1);
  const positions = new Float32Array(2 * vertices);
  const keep = 1 - gap;
  let v = 0;
  for (let j = 0; j < count; j++) {
    startIndices[j] = v;
    const cx = layout.sites[2 * j];
    const cy = layout.sites[2 * j + 1];
    const n = corners(j);
    for (let c = 0; c <= n; c++) {
      const k = 2 * (MAX_CORNERS * j + (c % n));
      positions[2 * v] = cx + (layout.corners[k] - cx) * keep;
      positions[2 * v + 1] = cy + (layout.corners[k + 1] - cy) * keep;
      v++;
    }
  }
  startIndices[count] = v;
  const reply: PeerLayoutReply = { startIndices, positions, timings: { layout: t1 - t0, encode: performance.now() - t1 } };
  (self as unknown as Worker).postMessage(reply, [startIndices.buffer, positions.buffer]);
};
