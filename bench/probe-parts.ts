// Probe (issue 21): where a 960x540 frame of the mosaic alone goes: the whole post=none chain, the
// scene drawn straight to the canvas (no post): medians and minima (the minimum is the steadier
// figure on a shared machine). Q='&x' adds x to the page's query.
//   npx tsx bench/probe-parts.ts [size=10000] [viewport=960x540] [frames=5]
import { startBenchHarness } from './server.ts';
import { openBenchPage } from './page.ts';
import { syntheticArtefact, syntheticConfig } from './synthetic.ts';
const n = Number(process.argv[2] ?? 10000);
const [width, height] = (process.argv[3] ?? '960x540').split('x').map(Number);
const frames = Number(process.argv[4] ?? 5);
const h = await startBenchHarness({});
try {
  const name = `bench-${n}`;
  const bytes = syntheticArtefact(n);
  h.addInstallation(name, { config: syntheticConfig(name), artefact: () => bytes });
  const page = await openBenchPage(h, `/?installation=${name}&t=10&post=none${process.env.Q ?? ''}`, { width, height });
  const r = await page.evaluate((f) => {
    const nl = (window as unknown as { noctiluca: any }).noctiluca;
    const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
    const out: Record<string, number> = {};
    for (let rep = 0; rep < 2; rep++) {
      const chain = nl.look.frameTimes({ frames: f, t: 10, step: 0.37 });
      const direct = nl.look.frameTimes({ frames: f, t: 10, step: 0.37, direct: true });
      out.chain = med(chain);
      out.chainMin = Math.min(...chain);
      out.direct = med(direct);
      out.directMin = Math.min(...direct);
    }
    return out;
  }, frames);
  console.log(`${n}\t${width}x${height}\t${Object.entries(r).map(([k, v]) => `${k} ${v.toFixed(1)} ms`).join('\t')}`);
  await page.close();
} finally {
  await h.close();
}
