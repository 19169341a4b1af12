/**
 * The benchmark suite keeps working: bench/run.ts at tiny sizes (1k cells, 20 frames, small
 * viewports, no 4K, no 1M, no build; the deck.gl peer once at 1k), checked for shape and sane values. The numbers are not
 * assertions about speed: `npm run bench` is where they are read.
 */
import { describe, expect, it } from 'vitest';
import { goalTable, markdownTable, QUICK, runSuite } from '../bench/run.ts';
import { runJsPair } from '../bench/scale.ts';
import { startBenchHarness } from '../bench/server.ts';

describe('bench smoke', () => {
  it('runs every part of the suite at tiny sizes and reports sane values', async () => {
    const lines: string[] = [];
    const r = await runSuite({ ...QUICK, source: 'working-tree', log: (l) => lines.push(l) });
    expect(r.errors).toEqual([]);

    expect(r.scale).toHaveLength(1);
    const s = r.scale[0];
    expect(s.cells).toBe(1000);
    expect(s.frames.frames).toBeGreaterThan(0);
    expect(s.frames.cpuMedianMs).toBeGreaterThan(0);
    expect(s.frames.frameMedianMs).toBeGreaterThan(0);
    expect(s.stats.sceneDrawCalls).toBe(1);
    expect(s.stats.drawCalls).toBeGreaterThan(0);
    expect(s.stats.programs).toBeGreaterThan(0);
    expect(s.bytesPerCell.total).toBeGreaterThanOrEqual(s.bytesPerCell.attributes);
    expect(s.load.timeToFirstFrameMs).toBeGreaterThan(0);
    expect(s.load.worker?.layout).toBeGreaterThan(0);
    expect(r.drawCallsConstant).toBe(true);

    expect(r.peer).toHaveLength(1);
    expect(r.peer[0].peer.stats.sceneDrawCalls).toBe(1000);
    for (const x of [r.peer[0].cpuRatio, r.peer[0].frameRatio]) expect(Number.isFinite(x) && x > 0).toBe(true);

    // From bench/frameTime.ts, or from bench/look.ts when the look owner's measureLook runs.
    expect(r.frameTime).toHaveLength(1);
    const f = r.frameTime[0];
    for (const x of [f.blankMs, f.mosaicMs, f.fullMs, f.pmndrsMs, f.fullOverMosaic]) expect(Number.isFinite(x) && x > 0).toBe(true);

    // The deck.gl peer, interleaved with the app: both drew the 1k mosaic and were measured.
    expect(r.deckgl).toHaveLength(1);
    const d = r.deckgl[0];
    expect(d.cells).toBe(1000);
    expect(d.reps[0].deck.drawCalls).toBeGreaterThan(0);
    for (const x of [d.median.oursFirstFrameMs, d.median.deckFirstFrameMs, d.median.oursMosaicFrameMs, d.median.deckFrameMs, d.median.deckCpuMs]) {
      expect(Number.isFinite(x) && (x as number) > 0).toBe(true);
    }
    // deck.gl's attribute buffers and the timeline texture: more than the timeline's 128 B alone.
    expect(d.median.deckBytesPerCell).toBeGreaterThan(128);

    expect(r.layout[0].cells).toBe(1000);
    expect(r.layout[0].ms).toBeGreaterThan(0);
    expect(r.intake).toHaveLength(1);
    expect(r.intake[0].intakeEventsPerSec).toBeGreaterThan(0);

    // Rebuilds (bench/rebuild.ts): a remap re-encodes one channel, a gap change is uniforms, a seed lays out again.
    expect(r.rebuild).toHaveLength(1);
    const rb = r.rebuild[0];
    expect(rb.steps.map((st) => [st.change, st.result, st.rebuilds])).toEqual([
      ['remap', 'cells', 1],
      ['gap', 'look', 0],
      ['seed', 'cells', 1],
    ]);
    for (const st of rb.steps) expect(st.shownMs).toBeGreaterThanOrEqual(st.appliedMs);

    const table = markdownTable(r);
    expect(table).toContain('| metric | result | goal |');
    expect(table).toContain('CPU per frame, 1k cells');
    expect(table).toContain('10. apply a one-channel remap, 1k cells');
    const goals = goalTable(r);
    expect(goals).toContain('| metric | goal | ours | deck.gl | ratio | met? |');
    expect(goals).toMatch(/time to first frame .* 1k cells \| ≤ 0\.5 \| [\d,.]+ (ms|s) \| [\d,.]+ (ms|s) \| [\d.]+ \| (yes|no)/);
    expect(goals).toMatch(/intake events\/s ÷ bare d3-dsv .*\| d3-dsv: [\d,]+ rows\/s \| [\d.]+ \| (yes|no)/);
  }, 300_000);

  it('measures the JS-per-frame pair side by side, and the goal row reads it', async () => {
    const h = await startBenchHarness();
    try {
      const lines: string[] = [];
      const p = await runJsPair(h, { cells: [500, 2000], viewport: { width: 64, height: 36 }, warmup: 1, blocks: 2, framesPerBlock: 2, log: (l) => lines.push(l) });
      expect(p.cells).toEqual([500, 2000]);
      expect(p.frames).toEqual([4, 4]);
      expect(p.blockMediansMs.map((b) => b.length)).toEqual([2, 2]);
      for (const x of [...p.medianMs, ...p.blockMediansMs.flat()]) expect(Number.isFinite(x) && x > 0).toBe(true);
      expect(lines.filter((l) => l.includes('block'))).toHaveLength(2);
      // The goal row takes the pair's ratio, not the sizes' own runs'.
      const r = await runSuite({ ...QUICK, only: ['intake'], intakeEvents: [200], log: () => {} });
      const ratio = p.medianMs[1] / p.medianMs[0];
      const withPair = { ...r, jsPair: p, cpuRatioLargestOverSmallest: ratio };
      const row = goalTable(withPair).split('\n').find((l) => l.includes('JS per frame'))!;
      expect(row).toContain('(side by side)');
      expect(row.split(' | ')[4]).toBe(ratio.toFixed(2));
    } finally {
      await h.close();
    }
  }, 300_000);
});
