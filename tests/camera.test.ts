/**
 * A venue camera stirs the sea, in the real browser with Chromium's fake capture device playing a
 * generated video (scripts/fake-camera.ts: a bright square sweeping across the top third). The cells
 * where the video moves brighten; with the camera off (the config's default) the page never asks for
 * a camera and nothing is stirred.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FAKE_CAMERA, fakeCameraY4m } from '../scripts/fake-camera.ts';
import { openPage, startHarness, type Harness } from './harness.ts';
import { inPage } from './sea.ts';

let h: Harness;
let root: string;

const STILL = 'u.uBreathDepth.value = 0; u.uPulseDepth.value = 0; u.uWaveStrength.value = 0; u.uDrift.value = 0;';

function installation(name: string, camera: boolean) {
  cpSync(new URL('../installations/harmonia', import.meta.url).pathname, join(root, name), { recursive: true });
  const file = join(root, name, 'installation.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  config.name = name;
  config.motion.stirring = { camera: { enabled: camera, sensitivity: 0.6 } };
  config.look.particles = { count: 0 };
  writeFileSync(file, JSON.stringify(config, null, 2));
}

/** Counts the page's camera requests. */
const countCameraRequests = () => {
  const w = window as unknown as { cameraRequests: number };
  w.cameraRequests = 0;
  const md = navigator.mediaDevices;
  if (!md) return;
  const original = md.getUserMedia.bind(md);
  md.getUserMedia = (c) => {
    w.cameraRequests++;
    return original(c);
  };
};

async function venuePage(name: string): Promise<Page> {
  const page = await h.browser.newPage({ viewport: { width: 480, height: 270 }, deviceScaleFactor: 1 });
  await page.addInitScript(countCameraRequests);
  await page.goto(h.url(`/?installation=${name}&mode=venue&t=10`));
  await page.waitForFunction(() => document.documentElement.dataset.state === 'ready', null, { timeout: 150_000 });
  await page.waitForFunction(() => Boolean((window as unknown as { noctiluca: { look?: unknown } }).noctiluca.look));
  return page;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'noctiluca-camera-'));
  cpSync(new URL('../installations/installation.schema.json', import.meta.url).pathname, join(root, 'installation.schema.json'));
  installation('camera-on', true);
  installation('camera-off', false);
  const video = join(root, 'square.y4m');
  writeFileSync(video, fakeCameraY4m());
  process.env.NOCTILUCA_INSTALLATIONS = root;
  h = await startHarness(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
});
afterAll(async () => {
  await h?.close();
  delete process.env.NOCTILUCA_INSTALLATIONS;
  rmSync(root, { recursive: true, force: true });
});

describe('a venue camera', () => {
  it('brightens the cells where the video moves, and does nothing when it is off', async () => {
    const on = await venuePage('camera-on');
    // At least one whole sweep of the square (60 video frames at 30 fps: 2 s; the page compares 10
    // camera frames a second), so the samples can show it travelled: 20 samples alone can come from
    // the first few comparisons on a fast machine.
    await on.waitForFunction(() => {
      const c = window.noctiluca.stir.camera?.();
      return (c?.samples ?? 0) > 20 && (c?.frames ?? 0) >= 30;
    }, null, { timeout: 90_000 });
    const camera = await on.evaluate(() => window.noctiluca.stir.camera!());
    expect(camera.state).toBe('on');
    const samples = await on.evaluate(() => window.noctiluca.stir.record());
    // The square covers rows 8–32 of 90 (with a grid cell of blur either side): stirring only there.
    const top = FAKE_CAMERA.square.top / FAKE_CAMERA.height;
    const bottom = (FAKE_CAMERA.square.top + FAKE_CAMERA.square.size) / FAKE_CAMERA.height;
    for (const s of samples) expect(s.y).toBeGreaterThan(top - 0.08);
    for (const s of samples) expect(s.y).toBeLessThan(bottom + 0.08);
    expect(Math.max(...samples.map((s) => s.x)) - Math.min(...samples.map((s) => s.x))).toBeGreaterThan(0.3); // it followed the square

    const off = await venuePage('camera-off');
    await off.waitForTimeout(3000);
    expect(await off.evaluate(() => (window as unknown as { cameraRequests: number }).cameraRequests)).toBe(0);
    expect(await off.evaluate(() => window.noctiluca.stir.record().length)).toBe(0);
    expect(await off.evaluate(() => window.noctiluca.stir.camera)).toBeUndefined();

    // Where the camera saw movement the sea is lit; below the square's rows it is as without a camera.
    const points = samples.slice(-12).map((s) => [s.x, s.y]);
    const below = [0.2, 0.4, 0.6, 0.8].map((x) => [x, 0.85]);
    const read = (p: Page, pts: number[][]) =>
      inPage<number[][]>(p, `${STILL}; const pts = ${JSON.stringify(pts)}.map(([x, y]) => { const s = L.mosaicToScreen(x, y); return [s.x, s.y]; }); return L.luminanceAt([10.12], pts);`);
    // Freeze the recording (the camera keeps adding samples) by replaying it on both pages.
    await on.evaluate((rec) => window.noctiluca.stir.replay(rec), samples);
    const [lit] = await read(on, points);
    const [dark] = await read(off, points);
    const gain = lit.reduce((a, v, k) => a + v - dark[k], 0) / lit.length;
    console.info(`[camera] ${camera.frames} frames compared, ${camera.samples} samples; where it moved +${gain.toFixed(1)} levels`);
    expect(gain).toBeGreaterThan(10);
    const [litBelow] = await read(on, below);
    const [darkBelow] = await read(off, below);
    for (let k = 0; k < below.length; k++) expect(Math.abs(litBelow[k] - darkBelow[k])).toBeLessThan(1);
    await on.close();
    await off.close();
  });
});
