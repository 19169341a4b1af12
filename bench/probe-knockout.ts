// Probe (issue 21, the 10k frame row): where the mosaic's 960x540 frame without glow (?post=none)
// goes, on the live page (window.noctiluca.look.internals, a dev build), the kinds alternated (order
// reversed every repetition, the first repetition a warm-up): the page's own frame (the light pass
// tone-mapped and dithered straight to the canvas); the same mosaic lent to the post chain (linear
// light into its half-float buffer, then its tone-mapping and dither pass: what post=none drew
// until the direct path); the chain with an empty scene (its passes alone, and the light field's
// prepare); the scene straight to the canvas in linear light (no tone mapping, no dither). Wall ms
// (median, min) and the GPU process's CPU ms a frame.
//   npx tsx bench/probe-knockout.ts [cells=10000]
import { startBenchHarness } from './server.ts';
import { openBenchPage } from './page.ts';
import { gpuCpu } from './gpuCpu.ts';
import { syntheticArtefact, syntheticConfig } from './synthetic.ts';
const n = Number(process.argv[2] ?? 10000);
const h = await startBenchHarness({});
try {
  const name = `bench-${n}`;
  const bytes = syntheticArtefact(n);
  h.addInstallation(name, { config: syntheticConfig(name), artefact: () => bytes });
  const page = await openBenchPage(h, `/?installation=${name}&t=10&post=none`, { width: 960, height: 540 });
  const kinds = ['direct', 'chain', 'noscene', 'linear'];
  const run = (k: string) => page.evaluate((k) => {
    const w = (window as any); const { post, gpu } = w.noctiluca.look.internals;
    const saved = post.scene;
    const lent = new saved.constructor();
    if (k === 'chain') { lent.background = gpu.background; lent.add(gpu.mesh); post.renderPass.mainScene = lent; }
    if (k === 'noscene') post.renderPass.mainScene = lent;
    try { return w.noctiluca.look.frameTimes({ frames: 5, t: 10, step: 0.37, direct: k === 'linear' }); }
    finally { post.renderPass.mainScene = saved; saved.add(gpu.mesh); }
  }, k) as Promise<number[]>;
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const res: Record<string, number[]> = {}; const cpu: Record<string, number[]> = {};
  for (let rep = 0; rep < 4; rep++) for (const k of rep % 2 ? [...kinds].reverse() : kinds) {
    const c0 = gpuCpu(); const t = await run(k); const c1 = gpuCpu();
    if (rep === 0) continue;
    (res[k] ??= []).push(...t); (cpu[k] ??= []).push(((c1 - c0) * 1000) / 5);
  }
  for (const k of kinds) console.log(k.padEnd(12), 'median', med(res[k]).toFixed(1), 'min', Math.min(...res[k]).toFixed(1), 'gpuCpu', med(cpu[k]).toFixed(1));
} finally { await h.close(); }
