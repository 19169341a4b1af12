// Probe (issue 21): a CPU profile (DevTools protocol) of the app loading one size after a warm-up
// load, summarised by self time: the 30 heaviest functions.
//   npx tsx bench/probe-profile.ts [cells=10000]      (SERVE=build: from a production build)
import { startBenchHarness } from './server.ts';
import { syntheticArtefact, syntheticConfig } from './synthetic.ts';
const n = Number(process.argv[2] ?? 10000);
const h = await startBenchHarness({ serve: process.env.SERVE === 'build' ? 'build' : 'dev' });
try {
  const name = `bench-${n}`;
  const bytes = syntheticArtefact(n);
  h.addInstallation(name, { config: syntheticConfig(name), artefact: () => bytes });
  // Warm the dev server's transforms first.
  const warm = await h.browser.newPage({ viewport: { width: 960, height: 540 } });
  await warm.goto(h.url(`/?installation=${name}&t=10`));
  await warm.waitForFunction(() => document.documentElement.dataset.state === 'ready', null, { timeout: 300000 });
  await warm.close();
  const page = await h.browser.newPage({ viewport: { width: 960, height: 540 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const t0 = Date.now();
  await page.goto(h.url(`/?installation=${name}&t=10`));
  await page.waitForFunction(() => document.documentElement.dataset.state === 'ready', null, { timeout: 300000 });
  console.log('ready after', Date.now() - t0, 'ms');
  const { profile } = (await cdp.send('Profiler.stop')) as any;
  const dt = profile.timeDeltas as number[];
  const self = new Map<number, number>();
  profile.samples.forEach((id: number, i: number) => self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0)));
  const byFn = new Map<string, number>();
  for (const node of profile.nodes) {
    const cf = node.callFrame;
    const key = `${cf.functionName || '(anon)'} ${cf.url.replace(/^.*\/(node_modules\/\.vite\/deps\/|src\/|node_modules\/)/, '')}:${cf.lineNumber}`;
    byFn.set(key, (byFn.get(key) ?? 0) + (self.get(node.id) ?? 0));
  }
  const top = [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 30);
  for (const [k, us] of top) console.log((us / 1000).toFixed(0).padStart(6), 'ms', k);
} finally {
  await h.close();
}
