// Probe (issue 21, the 10k frame row): where the mosaic's 960x540 frame without glow (?post=none)
// goes, by knocking parts out on the live page (window.noctiluca.look.internals, a dev build), the
// kinds alternated (order reversed every repetition, the first repetition a warm-up): the whole
// chain; the chain with an empty scene (no light pass, no state pass: the tone-mapping and dither
// pass, the plankton and the light field's prepare); without the plankton; the scene alone drawn
// straight to the canvas in linear light (no post at all). Wall ms (median, min) and the GPU
// process's CPU ms a frame.
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
  const kinds = ['chain', 'noscene', 'noparticles', 'direct'];
  const run = (k: string) => page.evaluate((k) => {
    const w = (window as any); const post = w.noctiluca.look.internals.post;
    const saved = post.scene; const pe = post.particlePass.enabled;
    if (k === 'noscene') post.renderPass.mainScene = new saved.constructor();
    if (k === 'noparticles') post.particlePass.enabled = false;
    try { return w.noctiluca.look.frameTimes({ frames: 5, t: 10, step: 0.37, direct: k === 'direct' }); }
    finally { post.renderPass.mainScene = saved; post.particlePass.enabled = pe; }
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
