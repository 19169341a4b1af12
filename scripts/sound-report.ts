/**
 * What an installation sounds like, in numbers: renders one loop of its sound offline (the same path
 * as `noctiluca render --audio`), then measures the WAV: level (RMS, dB) at each community's stereo
 * position in each year of the timeline, onsets detected per second against the notes planned, peak,
 * and the offline render speed.
 *
 *   npx tsx scripts/sound-report.ts harmonia [--loops 1] [--out /tmp/harmonia.wav] [--spans 2139:2142,2142.42:2143.75]
 *
 * `--spans` adds columns for spans of decimal years (Harmonia's outage is 2142-06 to 2143-09:
 * 2142.42:2143.75).
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAudioPage, renderAudioOnPage } from '../src/node/stills/audio.ts';
import { launchBrowser, startDevSite } from '../src/node/stills/browser.ts';
import { frequencyOf, midiOf } from '../src/sound/instruments.ts';
import { readWav } from '../src/sound/wav.ts';
import { brightnessByVoice, db, levelByVoice, onsets, peak } from '../tests/audio/analysis.ts';

const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith('--')) ?? 'harmonia';
const flag = (f: string) => {
  const i = args.indexOf(f);
  return i >= 0 ? args[i + 1] : undefined;
};
const loops = Number(flag('--loops') ?? 1);
const out = flag('--out') ?? join(tmpdir(), `${name}-sound.wav`);

const site = await startDevSite();
const { browser } = await launchBrowser('swiftshader');
try {
  const page = await openAudioPage(browser, site, name, 0);
  const info = await page.evaluate(() => {
    const s = window.noctiluca.controller.state;
    return { window: s.bake!.window, loop: s.config!.motion.loopSeconds, speed: s.config!.motion.speed, score: window.noctiluca.sound!.score()!, root: s.config!.sound.root, scale: s.config!.sound.scale };
  });
  const end = (loops * info.loop) / info.speed;
  const t0 = performance.now();
  const r = await renderAudioOnPage(page, { start: 0, end, sampleRate: 48000, out });
  const wall = (performance.now() - t0) / 1000;
  await page.close();
  const wav = readWav(new Uint8Array(readFileSync(out)));
  const [L, R] = wav.channels;
  const sr = wav.sampleRate;

  const { start: y0, end: y1 } = info.window;
  const years: number[] = [];
  for (let y = Math.floor(y0); y < Math.ceil(y1 - 1e-6); y++) years.push(y);
  // A year sounds in the timeline slices its dates fall in: from the slice holding its first instant.
  const clockOf = (year: number) => (Math.floor(((year - y0) / (y1 - y0)) * info.score.slices + 1e-9) / info.score.slices) * (info.loop / info.speed);
  const extra = (flag('--spans') ?? '').split(',').filter(Boolean).map((x) => x.split(':').map(Number) as [number, number]);
  const labels = [...years.map(String), ...extra.map(([a, b]) => `${a}–${b}`)];
  const spans = [...years.map((y) => [y, y + 1] as [number, number]), ...extra].map(([a, b]) => [clockOf(a), clockOf(b)] as [number, number]);
  const voices = info.score.voices.map((v) => ({ pan: v.pan, frequency: frequencyOf(midiOf(info.root, info.scale, v.degree, 0)) }));
  const levels = levelByVoice(L, R, sr, voices, spans);
  const detected = onsets([L, R], sr);
  const planned = r.notes;
  const matched = detected.filter((t) => planned.some((n) => Math.abs(n.time - t) < 0.012)).length;

  console.log(`${name}: ${r.seconds.toFixed(1)} s of sound (one loop of ${info.loop} s), ${planned.length} notes planned, ${info.score.voices.length} voices`);
  console.log(`render: ${r.seconds.toFixed(1)} s of sound in ${wall.toFixed(2)} s wall (${(r.seconds / wall).toFixed(0)}x real time; OfflineAudioContext alone ${r.renderSeconds.toFixed(2)} s, ${(r.seconds / r.renderSeconds).toFixed(0)}x)`);
  console.log(`peak ${r.peak.toFixed(3)} (${db(r.peak).toFixed(1)} dBFS); onsets detected ${detected.length} (${(detected.length / r.seconds).toFixed(1)}/s), ${matched} within 12 ms of a planned note`);
  console.log('');
  console.log(`level (dB RMS) at each community's stereo position and note, by year; onsets/s per year`);
  const w = Math.max(...info.score.voices.map((v) => v.name.length));
  const col = (x: string, i: number) => x.padStart(i < years.length ? 6 : Math.max(6, labels[i].length + 1));
  console.log(`${''.padEnd(w)} ${'pan'.padStart(5)} ${labels.map((l, i) => col(l, i)).join('')}`);
  info.score.voices.forEach((v, i) => {
    console.log(`${v.name.padEnd(w)} ${v.pan.toFixed(2).padStart(5)} ${levels.map((row, k) => col(db(row[i]).toFixed(1), k)).join('')}`);
  });
  const perYear = spans.map(([a, b]) => detected.filter((t) => t >= a && t < b).length / (b - a));
  console.log(`${'onsets/s'.padEnd(w)} ${''.padStart(5)} ${perYear.map((x, k) => col(x.toFixed(1), k)).join('')}`);
  console.log('');
  console.log(`brightness (dB of harmonics over the fundamental) at each community's place and note, by year`);
  const bright = brightnessByVoice(L, R, sr, voices, spans);
  info.score.voices.forEach((v, i) => {
    console.log(`${v.name.padEnd(w)} ${v.pan.toFixed(2).padStart(5)} ${bright.map((row, k) => col(Number.isFinite(row[i]) ? row[i].toFixed(1) : '—', k)).join('')}`);
  });
  console.log(`(wav: ${out}; peak over the file ${peak([L, R]).toFixed(3)})`);
} finally {
  await browser.close();
  await site.close();
}
