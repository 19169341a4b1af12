// Probe (issue 21): GPU-synced frame times of the app, synthetic installations at some sizes and
// viewports, full look, frozen time with a recorded stirring stroke (look.frameTimes), and GPU bytes
// per cell. Quicker than the suite's scale part, for before/after checks of one change.
//   npx tsx bench/probe-frames.ts [sizes=1000,100000] [viewports=64x36,960x540] [frames=4] [query, e.g. post=none]
import { startBenchHarness } from './server.ts';
import { openBenchPage, stirBenchPage } from './page.ts';
import { syntheticArtefact, syntheticConfig } from './synthetic.ts';
const sizes = (process.argv[2] ?? '1000,100000').split(',').map(Number);
const views = (process.argv[3] ?? '64x36,960x540').split(',').map((v) => v.split('x').map(Number));
const frames = Number(process.argv[4] ?? 4);
const query = process.argv[5] ? `&${process.argv[5]}` : '';
const h = await startBenchHarness({});
try {
  for (const n of sizes) {
    const name = `bench-${n}`;
    const bytes = syntheticArtefact(n);
    h.addInstallation(name, { config: syntheticConfig(name), artefact: () => bytes });
    for (const [width, height] of views) {
      const t0 = Date.now();
      const page = await openBenchPage(h, `/?installation=${name}&t=10${query}`, { width, height });
      const ready = Date.now() - t0;
      await stirBenchPage(page);
      const r = (await page.evaluate((f) => (window as unknown as { noctiluca: any }).noctiluca.look.frameTimes({ frames: f, t: 10, step: 0.37 }), frames)) as number[];
      const s = [...r].sort((a, b) => a - b);
      const stats = (await page.evaluate(() => (window as unknown as { noctiluca: any }).noctiluca.stats())) as any;
      console.log(`${n}\t${width}x${height}\tready ${ready} ms\tframes ${r.map((x) => x.toFixed(0)).join(' ')}\tmedian ${s[Math.floor(s.length / 2)].toFixed(1)} ms\tgpuB/cell ${(stats.gpuBytes / stats.cells).toFixed(1)}`);
      await page.close();
    }
    h.removeInstallation(name);
  }
} finally {
  await h.close();
}
