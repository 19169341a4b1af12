// Developer tool: one page of an installation shot in every look (look.organism), to look at side by
// side. The looks are switched on the loaded page (a uniform change), so every shot has the same
// cells, time and viewport.
//
//   npx tsx scripts/looks.ts <installation> <out-prefix> [width] [height] [--journeys N] [--t 10]
//
// --journeys N shoots a Harmonia-like installation of N generated journeys instead (in a temporary
// installations folder, with Harmonia's look, motion and sound). Writes <out-prefix>-<look>.png and
// prints each shot's mean luminance (0-255) and the share of pixels above 8 and above 40: how dark a
// look reads at this size, in numbers to set beside what the eye sees.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lookNames } from '../src/render/looks.ts';
import { luminance, openPage, screenshot, startHarness, type Pixels } from '../tests/harness.ts';
import { switchLook } from '../tests/sea.ts';
import { generateInstallation, toCsv } from './generate-sample-data.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const k = args.indexOf(name);
  if (k < 0) return undefined;
  const v = args[k + 1];
  args.splice(k, 2);
  return v;
};
const journeys = option('--journeys');
const t = option('--t') ?? '10';
const [installation, prefix, w = '960', h = '540'] = args;
if (!installation || !prefix) {
  console.error('usage: npx tsx scripts/looks.ts <installation> <out-prefix> [width] [height] [--journeys N] [--t 10]');
  process.exit(2);
}

let root: string | null = null;
let name = installation;
if (journeys) {
  const n = Number(journeys);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--journeys: expected a whole number, got ${journeys}`);
  root = mkdtempSync(join(tmpdir(), 'noctiluca-looks-'));
  const installations = new URL('../installations/', import.meta.url).pathname;
  cpSync(join(installations, 'harmonia'), join(root, 'harmonia'), { recursive: true });
  cpSync(join(installations, 'installation.schema.json'), join(root, 'installation.schema.json'));
  name = `harmonia-${n}`;
  cpSync(join(installations, 'harmonia'), join(root, name), { recursive: true });
  writeFileSync(join(root, name, 'journeys.csv'), toCsv(generateInstallation('harmonia', { journeys: n })));
  const config = JSON.parse(readFileSync(join(root, name, 'installation.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(root, name, 'installation.json'), JSON.stringify({ ...config, name, title: `Harmonia, ${n} journeys` }, null, 2));
  process.env.NOCTILUCA_INSTALLATIONS = root;
}

/** Mean luminance and the shares of pixels brighter than 8 and 40 (of 255). */
function lightOf(p: Pixels): string {
  let sum = 0;
  let lit = 0;
  let bright = 0;
  for (let y = 0; y < p.height; y++)
    for (let x = 0; x < p.width; x++) {
      const l = luminance(p, x, y);
      sum += l;
      if (l > 8) lit++;
      if (l > 40) bright++;
    }
  const n = p.width * p.height;
  return `mean ${(sum / n).toFixed(1)}, ${((100 * lit) / n).toFixed(0)}% above 8, ${((100 * bright) / n).toFixed(0)}% above 40`;
}

const harness = await startHarness();
try {
  const page = await openPage(harness, `/?installation=${name}&t=${t}&mode=stills`, { width: Number(w), height: Number(h) });
  console.log('state:', await page.evaluate(() => document.documentElement.dataset.state), 'cells:', await page.evaluate(() => window.noctiluca.controller.state.table?.count));
  for (const organism of lookNames()) {
    await switchLook(page, organism);
    // Two frames drawn with the new look.
    await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
    const out = `${prefix}-${organism}.png`;
    const shot = await screenshot(page);
    writeFileSync(out, shot.png);
    console.log(`wrote ${out}: ${lightOf(shot)}`);
  }
} finally {
  await harness.close();
  if (root) rmSync(root, { recursive: true, force: true });
}
