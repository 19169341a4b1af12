// Probe (issue 21): where one size's first frame goes: ready and GPU-synced times, the worker's layout
// and encode, long tasks, modules loaded, when the bake arrived, the page's own performance marks
// (the build request, the layout's arrival, the mosaic made, the stand-in's warm-up, the first
// frame's JS: src/app/controller.ts, src/app/Stage.tsx); then two frames, and two more after a
// resize (the first of which draws the cell image again). Two loads.
//   W=64 H=36 npx tsx bench/probe-load.ts [cells=10000] [path]
//   SERVE=build …   from a production build (vite preview) instead of the dev server; REPS=n loads (2)
import { startBenchHarness } from './server.ts';
import { openBenchPage, loadMetrics } from './page.ts';
import { syntheticArtefact, syntheticConfig } from './synthetic.ts';
const n = Number(process.argv[2] ?? 10000);
const path = process.argv[3];
const h = await startBenchHarness({ serve: process.env.SERVE === 'build' ? 'build' : 'dev' });
try {
  const name = `bench-${n}`;
  const bytes = syntheticArtefact(n);
  h.addInstallation(name, { config: syntheticConfig(name), artefact: () => bytes });
  for (let rep = 0; rep < Number(process.env.REPS ?? 2); rep++) {
    const page = await openBenchPage(h, path ?? `/?installation=${name}&t=10`, { width: Number(process.env.W ?? 960), height: Number(process.env.H ?? 540) });
    const load = await loadMetrics(page);
    const info = await page.evaluate(() => {
      const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const marks = performance.getEntriesByType('mark').map((m) => `${m.name}@${m.startTime.toFixed(0)}`);
      const js = res.filter((r) => /\.(ts|tsx|js|mjs)(\?|$)/.test(r.name) || r.initiatorType === 'script');
      const lastJs = Math.max(...js.map((r) => r.responseEnd));
      const bin = res.filter((r) => /mosaic\.bin|\.json/.test(r.name)).map((r) => `${r.name.split('/').slice(-2).join('/')} ${r.startTime.toFixed(0)}-${r.responseEnd.toFixed(0)}`);
      return { modules: js.length, lastJs: lastJs.toFixed(0), domContentLoaded: nav.domContentLoadedEventEnd.toFixed(0), marks, bin };
    });
    // The look's debug surface is a development build's: no frame times from a production build.
    const ft = async () => (await page.evaluate(() => (window as any).noctiluca.look?.frameTimes({ frames: 2, t: 10 }) ?? [])) as number[];
    const normal = await ft();
    const vp = page.viewportSize()!;
    await page.setViewportSize({ width: vp.width + 2, height: vp.height });
    await page.waitForTimeout(1500);
    const resized = await ft();
    console.log('frames normal', normal.map(Math.round), 'after resize (image redrawn in the first)', resized.map(Math.round));
    console.log(JSON.stringify({ n, rep, ready: load.timeToFirstFrameMs.toFixed(0), synced: load.timeToFirstFrameSyncedMs.toFixed(0), worker: load.worker, longTasks: load.longTasks, ...info }, null, 1));
    await page.close();
  }
} finally {
  await h.close();
}
