/**
 * Rendering an installation's sound to a WAV file in headless Chromium, without real time: the page
 * (src/sound/page.ts) renders clock times [t0, t1) in an OfflineAudioContext, in chunks, and this
 * side writes them as one float32 stereo WAV (src/sound/wav.ts). Chunks lie on one absolute frame
 * grid (frame f is clock time f / sampleRate) and a note that began in an earlier chunk goes on in
 * the next, so the chunks join without a seam. The file is written under a temporary name and
 * renamed when whole.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { RenderedAudio } from '../../sound/page.ts';
import { interleave, wavHeader } from '../../sound/wav.ts';
import type { Site } from './browser.ts';

/** Seconds of sound per page call: ~8 MB of samples a chunk at 48 kHz. */
export const AUDIO_CHUNK_SECONDS = 20;
const PAGE_TIMEOUT = 180_000;

export interface AudioRenderOptions {
  browser: Browser;
  site: Site;
  installation: string;
  /** Clock seconds [start, end). */
  start: number;
  end: number;
  sampleRate: number;
  out: string;
  log?: (line: string) => void;
}

export interface AudioRenderResult {
  frames: number;
  sampleRate: number;
  /** Seconds of sound written. */
  seconds: number;
  /** Wall seconds for the whole render (page load excluded), and OfflineAudioContext time alone. */
  wallSeconds: number;
  renderSeconds: number;
  /** Largest absolute sample. */
  peak: number;
  notes: RenderedAudio['notes'];
}

/** A page of the installation for audio: the app at a tiny viewport with its clock frozen at `t`. */
export async function openAudioPage(browser: Browser, site: Site, installation: string, t: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 160, height: 90 }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const q = new URLSearchParams({ installation, t: String(t), mode: 'stills' });
  await page.goto(`${site.origin}/?${q}`);
  await page.waitForFunction(() => ['ready', 'error'].includes(document.documentElement.dataset.state ?? ''), null, { timeout: PAGE_TIMEOUT });
  const ok = await page.evaluate(() => document.documentElement.dataset.state === 'ready' && !!window.noctiluca?.sound);
  if (!ok) {
    const failure = await page.evaluate(() => {
      const f = window.noctiluca?.controller.state.failure;
      return f ? [f.title, ...f.lines].join(' ') : null;
    });
    await page.close();
    throw new Error(`render: ${installation}: the page failed: ${failure ?? (errors.join('; ') || 'no sound on the page')}`);
  }
  return page;
}

/** Renders [start, end) of an open page's sound, chunk by chunk, into a float32 WAV at `out`. */
export async function renderAudioOnPage(page: Page, o: Omit<AudioRenderOptions, 'browser' | 'site' | 'installation'>): Promise<AudioRenderResult> {
  const sr = o.sampleRate;
  const first = Math.round(o.start * sr);
  const last = Math.round(o.end * sr);
  const frames = Math.max(0, last - first);
  const chunk = Math.round(AUDIO_CHUNK_SECONDS * sr);
  const tmp = `${o.out}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  const t0 = performance.now();
  let renderSeconds = 0;
  let peak = 0;
  const notes: RenderedAudio['notes'] = [];
  try {
    writeSync(fd, wavHeader(frames, 2, sr));
    for (let f = first; f < last; f += chunk) {
      const n = Math.min(chunk, last - f);
      const r = await page.evaluate(
        ([a, b, rate]) => window.noctiluca.sound!.render(a, b, { sampleRate: rate }),
        [f / sr, (f + n) / sr, sr] as const,
      );
      if (r.firstFrame !== f || r.frames !== n) throw new Error(`render: audio chunk at frame ${f}: got frames ${r.firstFrame}+${r.frames}, expected ${f}+${n}`);
      const channels = r.channels.map((b64) => {
        const bytes = Buffer.from(b64, 'base64');
        return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      });
      for (const ch of channels) for (let i = 0; i < ch.length; i++) peak = Math.max(peak, Math.abs(ch[i]));
      writeSync(fd, interleave(channels));
      renderSeconds += r.renderSeconds;
      // A note ringing across a chunk edge is listed by both chunks; keep it once.
      for (const note of r.notes) if (note.time >= f / sr || f === first) notes.push(note);
      o.log?.(`audio ${((f + n - first) / sr).toFixed(1)} / ${(frames / sr).toFixed(1)} s`);
    }
    closeSync(fd);
    renameSync(tmp, o.out);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(tmp, { force: true });
    throw e;
  }
  return { frames, sampleRate: sr, seconds: frames / sr, wallSeconds: (performance.now() - t0) / 1000, renderSeconds, peak, notes };
}

/** Opens the installation and renders its sound of clock times [start, end) to `out`. */
export async function renderAudio(o: AudioRenderOptions): Promise<AudioRenderResult> {
  const page = await openAudioPage(o.browser, o.site, o.installation, o.start);
  try {
    return await renderAudioOnPage(page, o);
  } finally {
    await page.close();
  }
}
