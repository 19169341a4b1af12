// Probe (issue 21): where a 960x540 frame of the mosaic alone goes: the whole post=none chain, the
// scene drawn straight to the canvas (no post): medians and minima of the wall time (the minimum is
// the steadier figure on a shared machine), and the GPU process's CPU time a frame (…Cpu, median of
// the batches: SwiftShader's work on its two threads, which other load stretches less). Q='&x' adds
// x to the page's query.
//   npx tsx bench/probe-parts.ts [size=10000] [viewport=960x540] [frames=5]
import { startBenchHarness } from './server.ts';
import { openBenchPage } from './page.ts';
import { gpuCpu } from './gpuCpu.ts';
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
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const times = { chain: [] as number[], direct: [] as number[] };
  const cpu = { chain: [] as number[], direct: [] as number[] };
  for (let rep = 0; rep < 3; rep++) {
    for (const direct of [false, true]) {
      const c0 = gpuCpu();
      const t = (await page.evaluate(({ f, direct }) => (window as unknown as { noctiluca: any }).noctiluca.look.frameTimes({ frames: f, t: 10, step: 0.37, direct }), { f: frames, direct })) as number[];
      const c1 = gpuCpu();
      // The first batch of each kind warms up (programs, SwiftShader's routines).
      if (rep === 0) continue;
      (direct ? times.direct : times.chain).push(...t);
      (direct ? cpu.direct : cpu.chain).push(((c1 - c0) * 1000) / frames);
    }
  }
  const r = {
    chain: med(times.chain),
    chainMin: Math.min(...times.chain),
    chainCpu: med(cpu.chain),
    direct: med(times.direct),
    directMin: Math.min(...times.direct),
    directCpu: med(cpu.direct),
  };
  console.log(`${n}\t${width}x${height}\t${Object.entries(r).map(([k, v]) => `${k} ${v.toFixed(1)} ms`).join('\t')}`);
  await page.close();
} finally {
  await h.close();
}
