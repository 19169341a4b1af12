import { describe, expect, it } from 'vitest';
import { measureBundles } from './bundle.ts';

describe('bundle budget', () => {
  it('keeps view mode\'s initial JavaScript at or under 250 KB gzipped, with the mosaic loaded afterwards', async () => {
    const s = await measureBundles();
    expect(s.viewInitialGzip).toBeLessThanOrEqual(250 * 1024);
    // The mosaic (three, r3f, post-processing) is not in the initial set but does exist as its own load.
    expect(s.viewMosaicGzip).toBeGreaterThan(100 * 1024);
    expect(s.files.view.some((f) => s.files.mosaic.includes(f))).toBe(false);
    expect(s.studioInitialGzip).toBeGreaterThan(s.viewInitialGzip);
  }, 180_000);

  it('leaves the look debug surface, the test shaders, the data readers and the benchmark peers (deck.gl) out of the build', async () => {
    const s = await measureBundles();
    expect(s.debugMarkers).toEqual([]);
    // The format list (src/data/formats.ts) is in the site for the config schema; its readers are Node's.
    expect(s.readerMarkers).toEqual([]);
    expect(s.peerMarkers).toEqual([]);
  }, 180_000);
});
