// Probe (issue 21): the suite's frame-time measurement (measureFrames: one GPU-synchronised frame at a
// time from the frame loop, as bench/deckgl.ts) for the app's mosaic alone (?post=none) and the
// deck.gl peer, the two pages alternated `reps` times; medians and minima per page.
//   npx tsx bench/probe-deck.ts [size=10000] [reps=3] [frames=8]
import { measureFrames, openBenchPage } from './page.ts';
import { startBenchHarness } from './server.ts';
import { syntheticArtefact, syntheticConfig } from './synthetic.ts';
const n = Number(process.argv[2] ?? 10000);
const reps = Number(process.argv[3] ?? 3);
const frames = Number(process.argv[4] ?? 8);
const viewport = { width: 960, height: 540 };
const h = await startBenchHarness({});
try {
  const name = `bench-${n}`;
  const bytes = syntheticArtefact(n);
  h.addInstallation(name, { config: syntheticConfig(name), artefact: () => bytes });
  const paths = { ours: `/?installation=${name}&t=10&post=none${process.env.Q ?? ''}`, deck: `/bench/peer-deckgl/index.html?installation=${name}&t=10` };
  for (let k = 0; k < reps; k++) {
    for (const side of (k % 2 ? ['deck', 'ours'] : ['ours', 'deck']) as (keyof typeof paths)[]) {
      const page = await openBenchPage(h, paths[side], viewport);
      const f = await measureFrames(page, frames, { warmup: 1 });
      console.log(`${side}\t${n}\tmedian ${f.frameMedianMs.toFixed(1)} ms\tmin ${Math.min(...f.frameMs).toFixed(1)} ms\tframes ${f.frames}`);
      await page.close();
    }
  }
} finally {
  await h.close();
}
