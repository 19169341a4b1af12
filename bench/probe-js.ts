// Probe (issue 21, metric 1): JS per frame of the frame callback at 1k and 1M cells (64x36, full look,
// production build), both pages open at once and measured in alternating blocks of 20 synced frames,
// so neither size gets all the cold frames: the callback's JIT warms over the first ~40 frames of a
// page (block medians 2.0 -> 0.6 ms), and the suite measures 29 frames of a fresh page per size.
//   npx tsx bench/probe-js.ts
import { startBenchHarness } from './server.ts';
import { measureFrames, openBenchPage } from './page.ts';
import { syntheticArtefact, syntheticConfig } from './synthetic.ts';
const h = await startBenchHarness({ serve: 'build' } as any);
try {
  const pages: Record<number, any> = {};
  for (const n of [1000, 1_000_000]) {
    const name = `bench-${n}`;
    const bytes = syntheticArtefact(n);
    h.addInstallation(name, { config: syntheticConfig(name), artefact: () => bytes });
    pages[n] = await openBenchPage(h, `/?installation=${name}&t=10&mode=studio`, { width: 64, height: 36 });
  }
  const all: Record<number, number[]> = { 1000: [], 1000000: [] };
  for (let rep = 0; rep < 4; rep++) {
    for (const n of rep % 2 ? [1_000_000, 1000] : [1000, 1_000_000]) {
      const f = await measureFrames(pages[n], 20, { warmup: 1, maxMs: 30_000 });
      all[n].push(...f.cpuMs);
      console.log(`rep ${rep} ${n}: median ${f.cpuMedianMs.toFixed(3)} of ${f.frames}`);
    }
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  console.log(`all: 1k ${med(all[1000]).toFixed(3)} (${all[1000].length}) 1M ${med(all[1000000]).toFixed(3)} (${all[1000000].length}) ratio ${(med(all[1000000]) / med(all[1000])).toFixed(2)}`);
} finally {
  await h.close();
}
