// Developer tool: render a page of the app in headless Chromium and save a screenshot to look at.
// npx tsx scripts/shot.ts "/?installation=harmonia&t=10" out.png [width] [height]
import { writeFileSync } from 'node:fs';
import { openPage, screenshot, startHarness } from '../tests/harness.ts';

const [path = '/?t=10', out = 'shot.png', w = '960', h = '540'] = process.argv.slice(2);
const harness = await startHarness();
try {
  const page = await openPage(harness, path, { width: Number(w), height: Number(h) });
  console.log('state:', await page.evaluate(() => document.documentElement.dataset.state));
  console.log('stats:', JSON.stringify(await page.evaluate(() => window.noctiluca?.stats())));
  writeFileSync(out, (await screenshot(page)).png);
  console.log(`wrote ${out}`);
} finally {
  await harness.close();
}
