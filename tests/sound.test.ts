/**
 * The sound, in the real browser: offline renders through the render command's core (an
 * OfflineAudioContext in the page), analysed as a listener cannot be here, through measures
 * (tests/audio/analysis.ts): bit-identical renders; onsets where the published care events are;
 * Harmonia's outage quieter at the lower-income communities' stereo positions; no clipping; the
 * density limit on an installation with a care event in every cell at once. And the pages: the
 * viewer makes no sound before a resident presses Listen; a kiosk (autoplay allowed) plays at once;
 * the studio has volume and mute; a remote's volume goes over the config's.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStills, type StillsContext } from '../src/node/stills/index.ts';
import { openAudioPage, renderAudioOnPage } from '../src/node/stills/audio.ts';
import { CEILING, NOTE_GAIN } from '../src/sound/plan.ts';
import { readWav, type Wav } from '../src/sound/wav.ts';
import { frequencyOf, midiOf } from '../src/sound/instruments.ts';
import { db, levelByVoice, onsets, peak } from './audio/analysis.ts';
import { OTHER_GROUP } from '../src/disclose/generalise.ts';
import { HARMONIA_OUTAGE, INSTALLATIONS } from '../scripts/generate-sample-data.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './harness.ts';

let root: string;
let ctx: StillsContext;
const SR = 48000;

function installation(name: string, config: Record<string, unknown>, csv: string) {
  mkdirSync(join(root, name));
  writeFileSync(join(root, name, 'installation.json'), JSON.stringify({ version: 1, name, title: name, ...config }, null, 2));
  writeFileSync(join(root, name, 'journeys.csv'), csv);
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'noctiluca-sound-'));
  cpSync(new URL('../installations/harmonia', import.meta.url).pathname, join(root, 'harmonia'), {
    recursive: true,
    filter: (src) => !src.includes('.bake') && !src.endsWith('.secret.key'),
  });
  // A fixed secret: where each event sits within its year (and so what is heard in which year) is keyed
  // by the installation's secret, which each machine makes at its first bake; the test hears one mosaic.
  writeFileSync(join(root, 'harmonia', '.secret.key'), `${'5eed'.repeat(16)}\n`, { mode: 0o600 });
  // Onsets: three communities of 12; community c gets care in month m unless (m + c) % 3 == 0, every
  // resident at once, so every note is at full level; community A's month 4 is missed appointments only.
  const rows = ['journey_id,date,event,community'];
  const kinds = ['checkup', 'cleaning', 'filling', 'emergency'];
  for (let c = 0; c < 3; c++)
    for (let j = 0; j < 12; j++)
      for (let m = 0; m < 24; m++) {
        if ((m + c) % 3 === 0) continue;
        const kind = c === 0 && m === 4 ? 'missed' : kinds[(m + j) % 4];
        rows.push(`${'ABC'[c]}${j},${iso(2140 + Math.floor(m / 12), m % 12, 10)},${kind},Town ${'ABC'[c]}`);
      }
  installation(
    'onsets',
    {
      data: { source: 'journeys.csv', window: { start: '2140-01-01', end: '2141-12-31' }, timelineSamples: 24, privacy: { datePrecision: 'month' } },
      motion: { loopSeconds: 24, reducedMotion: 'never' },
      sound: { strum: 0.5 },
    },
    `${rows.join('\n')}\n`,
  );
  // Dense: 40 communities of 12, every resident a care event on the same day.
  const dense = ['journey_id,date,event,community'];
  for (let c = 0; c < 40; c++) for (let j = 0; j < 12; j++) dense.push(`d${c}-${j},2140-06-15,checkup,Place ${String(c).padStart(2, '0')}`);
  installation(
    'dense',
    {
      // Month precision: the disclosure stage places each event at a seeded moment in its month, all in
      // one slice (at year precision they would spread over the year's eight slices).
      data: { source: 'journeys.csv', window: { start: '2140-01-01', end: '2140-12-31' }, timelineSamples: 8, privacy: { datePrecision: 'month' } },
      motion: { loopSeconds: 8, reducedMotion: 'never' },
      sound: { strum: 0.9, noteSeconds: 2 },
    },
    `${dense.join('\n')}\n`,
  );
  ctx = await openStills({ installations: root, gl: 'swiftshader' });
});
afterAll(async () => {
  await ctx?.close();
  rmSync(root, { recursive: true, force: true });
});

async function render(page: Page, name: string, start: number, end: number): Promise<{ bytes: Buffer; wav: Wav; notes: { time: number; voice: number; gain: number }[] }> {
  const out = join(root, `${name}-${start}-${end}-${Math.random().toString(36).slice(2)}.wav`);
  const r = await renderAudioOnPage(page, { start, end, sampleRate: SR, out });
  const bytes = readFileSync(out);
  return { bytes, wav: readWav(new Uint8Array(bytes)), notes: r.notes };
}

/** Most onsets in any window [u, u + 1 s). */
function densest(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[j] <= t[i] - 1) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

const clipped = (w: Wav) => w.channels.reduce((n, c) => n + c.filter((x) => Math.abs(x) >= 0.999).length, 0);

describe('offline renders', () => {
  let harmonia: Page;
  beforeAll(async () => {
    harmonia = await openAudioPage(ctx.browser.browser, ctx.site, 'harmonia', 0);
  });
  afterAll(async () => harmonia?.close());

  it('renders the same range twice as the same bytes, and a range alone as that part of a longer one', async () => {
    const a = await render(harmonia, 'harmonia', 10, 34);
    const b = await render(harmonia, 'harmonia', 10, 34);
    expect(a.bytes.length).toBe(44 + 14 + 24 * SR * 2 * 4);
    expect(peak(a.wav.channels)).toBeGreaterThan(0.05); // there is sound
    expect(a.bytes.equals(b.bytes)).toBe(true);
    // The sound at t depends on t alone: [30, 34) rendered by itself is the tail of [10, 34), sample for sample.
    const tail = await render(harmonia, 'harmonia', 30, 34);
    for (let c = 0; c < 2; c++) expect(Buffer.from(tail.wav.channels[c].buffer).equals(Buffer.from(a.wav.channels[c].subarray(20 * SR).slice().buffer))).toBe(true);
  });

  it('is measurably quieter at the lower-income communities\' stereo positions during the outage, and never clips', async () => {
    const info = await harmonia.evaluate(() => {
      const s = window.noctiluca.controller.state;
      return {
        window: s.bake!.window,
        loop: s.config!.motion.loopSeconds,
        sound: s.config!.sound,
        voices: window.noctiluca.sound!.score()!.voices,
        slices: s.bake!.timelineSamples,
        precision: s.bake!.precision,
      };
    });
    const loop = await render(harmonia, 'harmonia', 0, info.loop);
    expect(peak(loop.wav.channels)).toBeLessThanOrEqual(CEILING + 1e-6);
    expect(clipped(loop.wav)).toBe(0);
    // A date sounds in the timeline slice it falls in: a span of dates is the slices from the one holding its start.
    const at = (year: number) => (Math.floor(((year - info.window.start) / (info.window.end - info.window.start)) * info.slices + 1e-9) / info.slices) * info.loop;
    // docs/SAMPLE-DATA.md: the network fails from 2142-06-01 to 2143-09-30, in the lower-income
    // neighbourhoods only. The artefact keeps year precision (each event at a seeded moment in its
    // year), so the outage is heard by the year: in 2142 those communities had care only before June,
    // spread over the whole year; 2143's care is mostly the recovery from October, spread likewise.
    expect(info.precision).toBe('year');
    const outageYear = Number(HARMONIA_OUTAGE.start.slice(0, 4));
    const spans: [number, number][] = [
      [at(2139), at(outageYear)],
      [at(outageYear), at(outageYear + 1)],
    ];
    const voices = info.voices.map((v) => ({ pan: v.pan, frequency: frequencyOf(midiOf(info.sound.root, info.sound.scale, v.degree, 0)) }));
    const [before, outage] = levelByVoice(loop.wav.channels[0], loop.wav.channels[1], SR, voices, spans);
    // Which published voices are lower-income: the generator's spec says each community's tier; the
    // disclosure stage (src/disclose/) publishes a community under its name only when its classes hold
    // k, and folds the rest into "other", which is lower-income when every community it holds is.
    const spec = INSTALLATIONS.harmonia.communities;
    const names = new Set(info.voices.map((v) => v.name));
    const folded = spec.filter((c) => !names.has(c.name));
    const tierOf = (name: string) =>
      name === OTHER_GROUP ? (folded.every((c) => c.tier === 'lower') ? 'lower' : 'mixed') : spec.find((c) => c.name === name)?.tier;
    const change = (v: number) => db(outage[v]) - db(before[v]);
    const voicesOf = (tier: string) => info.voices.flatMap((v, i) => (tierOf(v.name) === tier ? [i] : []));
    expect(info.voices.every((v) => tierOf(v.name) !== undefined)).toBe(true);
    // Voices are told apart by pitch and stereo position. A voice whose fundamental is the 2nd or
    // 3rd harmonic of another tier's voice (an octave or a twelfth above it: which voices those are
    // follows the communities' left-to-right order, i.e. the layout) shares every one of its bins
    // with it, and where both sound the bin's stereo position lies between theirs: its level is the
    // other's too. Such a voice is judged with the rest only through the mean; the others one by one.
    const covered = (i: number) =>
      voices.some((w, j) => tierOf(info.voices[j].name) !== tierOf(info.voices[i].name) && [2, 3].some((m) => Math.abs(12 * Math.log2(voices[i].frequency / (m * w.frequency))) < 0.5));
    const clear = (tier: string) => voicesOf(tier).filter((i) => !covered(i)).map(change);
    const lower = voicesOf('lower').map(change);
    const affluent = voicesOf('affluent').map(change);
    console.log(`[sound] level change in the outage year, dB: ${info.voices.map((v, i) => `${v.name} ${change(i).toFixed(1)}${covered(i) ? ' (covered)' : ''}`).join(', ')}`);
    expect(lower.length).toBeGreaterThanOrEqual(4);
    expect(affluent.length).toBeGreaterThanOrEqual(3);
    expect(clear('lower').length).toBeGreaterThanOrEqual(2);
    expect(clear('affluent').length).toBeGreaterThanOrEqual(1);
    for (const d of clear('lower')) expect(d).toBeLessThan(-4);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const d of clear('affluent')) expect(Math.abs(d)).toBeLessThan(3);
    expect(mean(lower) - mean(affluent)).toBeLessThan(-5);
  });

  it('sounds a note where each published care event is, and nothing where there is none', async () => {
    const page = await openAudioPage(ctx.browser.browser, ctx.site, 'onsets', 0);
    try {
      // What the published artefact says (the bake the page received): the cells' timelines, whose
      // flashes the picture shows, mapped to time as docs/SOUND.md says.
      const pub = await page.evaluate(() => {
        const b = window.noctiluca.controller.state.bake!;
        const c = window.noctiluca.controller.state.config!;
        return {
          slices: b.timelineSamples,
          community: Array.from(b.community),
          activity: Array.from(b.timeline.filter((_, i) => i % 2 === 0)),
          loop: c.motion.loopSeconds,
          strum: c.sound.strum,
          pans: window.noctiluca.sound!.score()!.voices.map((v) => v.pan),
        };
      });
      const rank = pub.pans.map((p) => pub.pans.filter((q) => q < p).length);
      const expected = new Set<number>();
      for (let j = 0; j < pub.community.length; j++)
        for (let slice = 0; slice < pub.slices; slice++) {
          if (pub.activity[j * pub.slices + slice] === 0) continue;
          const c = pub.community[j];
          expected.add(((slice + (pub.strum * rank[c]) / pub.pans.length) / pub.slices) * pub.loop);
        }
      const want = [...expected].sort((a, b) => a - b);
      expect(want.length).toBe(3 * 16 - 1); // two of every three months per community, less A's missed month
      const r = await render(page, 'onsets', 0, pub.loop);
      const heard = onsets(r.wav.channels, SR);
      const near = (list: number[], t: number) => list.some((x) => Math.abs(x - t) < 0.015);
      const found = want.filter((t) => near(heard, t)).length;
      const real = heard.filter((t) => near(want, t)).length;
      expect(found / want.length).toBeGreaterThanOrEqual(0.95);
      expect(real / heard.length).toBeGreaterThanOrEqual(0.95);
      // The planned notes are exactly the expected ones.
      expect(r.notes.map((n) => n.time).every((t) => near(want, t))).toBe(true);
      expect(r.notes.length).toBe(want.length);
    } finally {
      await page.close();
    }
  });

  it('holds the density limit and the ceiling with a care event in every cell at once', async () => {
    const page = await openAudioPage(ctx.browser.browser, ctx.site, 'dense', 0);
    try {
      const cap = await page.evaluate(() => window.noctiluca.controller.state.config!.sound.maxNotesPerSecond);
      const r = await render(page, 'dense', 0, 16);
      // 40 communities sound in one slice: without the limit, 40 notes within 0.9 s.
      const planned = r.notes.map((n) => n.time);
      expect(new Set(r.notes.map((n) => n.voice)).size).toBeGreaterThan(cap / 2);
      expect(densest(planned)).toBe(cap);
      expect(densest(onsets(r.wav.channels, SR))).toBeLessThanOrEqual(cap);
      expect(peak(r.wav.channels)).toBeLessThanOrEqual(CEILING + 1e-6);
      expect(clipped(r.wav)).toBe(0);
      // The limiter had work to do (full-level notes are NOTE_GAIN each), and left the moment audible.
      expect(Math.max(...r.notes.map((n) => n.gain))).toBeLessThan(NOTE_GAIN / 2);
      expect(peak(r.wav.channels)).toBeGreaterThan(0.1);
    } finally {
      await page.close();
    }
  });
});

describe('listening on the pages', () => {
  /** Counts AudioContexts made and sources started on real-time contexts. */
  const COUNT = `(() => {
    const a = (window.__audio = { contexts: 0, starts: 0 });
    const AC = window.AudioContext;
    window.AudioContext = class extends AC { constructor(...x) { super(...x); a.contexts++; a.last = this; } };
    for (const proto of [AudioScheduledSourceNode.prototype, AudioBufferSourceNode.prototype]) {
      const start = proto.start;
      proto.start = function (...x) { if (!(this.context instanceof OfflineAudioContext)) a.starts++; return start.apply(this, x); };
    }
  })()`;
  const counts = (page: Page) => page.evaluate(() => (window as unknown as { __audio: { contexts: number; starts: number } }).__audio);
  let strict: Browser;
  let kiosk: Browser;
  beforeAll(async () => {
    strict = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--autoplay-policy=user-gesture-required'], headless: true });
    kiosk = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'], headless: true });
  });
  afterAll(async () => {
    await strict?.close();
    await kiosk?.close();
  });
  async function open(browser: Browser, query: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 480, height: 270 } });
    await page.addInitScript(COUNT);
    await page.goto(`${ctx.site.origin}/?${query}`);
    await page.waitForFunction(() => document.documentElement.dataset.state === 'ready', null, { timeout: 150_000 });
    return page;
  }

  it('makes no sound in the viewer before a resident presses Listen, then plays in step', async () => {
    const page = await open(strict, 'installation=onsets&mode=view');
    try {
      await page.waitForTimeout(2500); // the clock runs: care happens every second
      expect(await counts(page)).toEqual({ contexts: 0, starts: 0 });
      expect(await page.evaluate(() => window.noctiluca.sound!.state().context)).toBe('none');
      const listen = page.getByRole('button', { name: 'Listen' });
      await expect.poll(() => listen.isEnabled()).toBe(true);
      await listen.click();
      await page.waitForFunction(() => window.noctiluca.sound!.state().notesStarted > 2, null, { timeout: 15_000 });
      expect(await page.evaluate(() => window.noctiluca.sound!.state().context)).toBe('running');
      expect(await counts(page)).toMatchObject({ contexts: 1, starts: expect.any(Number) });
      expect((await counts(page)).starts).toBeGreaterThan(2); // the counter sees the notes it would have seen before
      expect(await listen.getAttribute('aria-pressed')).toBe('true');
      expect(await page.locator('#viewer-live').textContent()).toMatch(/Sound on/);
      await listen.click();
      expect(await page.evaluate(() => window.noctiluca.sound!.state().listening)).toBe(false);
    } finally {
      await page.close();
    }
  });

  it('plays the summary for residents who cannot see, saying each phrase', async () => {
    const page = await open(strict, 'installation=onsets&mode=view&t=3');
    try {
      const play = page.getByRole('button', { name: 'Play the summary' });
      // The keyboard, as a screen-reader user presses it (a key press is a gesture too).
      await play.focus();
      await page.keyboard.press('Enter');
      const live = page.locator('#viewer-live');
      await expect.poll(() => live.textContent(), { timeout: 10_000 }).toMatch(/Care in each community, year by year from 2140 to 2141/);
      await expect.poll(() => live.textContent(), { timeout: 15_000 }).toBe('Town A');
      await expect.poll(async () => (await counts(page)).starts, { timeout: 10_000 }).toBeGreaterThan(1);
      await expect.poll(() => live.textContent(), { timeout: 15_000 }).toMatch(/^Town A, 12 residents: most care in 214[01]/);
      await page.getByRole('button', { name: 'Stop the summary' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => play.isVisible()).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('plays at once in a kiosk that allows autoplay (venue mode); a remote sets the volume over the config\'s', async () => {
    const page = await open(kiosk, 'installation=onsets&mode=venue');
    try {
      await page.waitForFunction(() => window.noctiluca.sound!.state().notesStarted > 2, null, { timeout: 15_000 });
      const state = () => page.evaluate(() => window.noctiluca.sound!.state());
      expect((await state()).context).toBe('running');
      expect((await state()).volume).toBe(0.7);
      await page.evaluate(() => window.noctiluca.sound!.setVolume(0.25));
      expect((await state()).volume).toBe(0.25);
      await page.evaluate(() => window.noctiluca.sound!.setMuted(true));
      expect((await state()).muted).toBe(true);
      await page.evaluate(() => {
        window.noctiluca.sound!.setVolume(null);
        window.noctiluca.sound!.setMuted(null);
      });
      expect(await state()).toMatchObject({ volume: 0.7, muted: false, gain: 0.7 });
      // Following a venue server: dark by its schedule, the sound is silent too (src/venue/follow.ts's show state).
      await page.evaluate(() => {
        const dark = { from: 0, to: 1, at: Date.now() - 2000, ms: 1000, poster: false };
        window.noctiluca.venueLink = { show: () => ({ dark }) } as unknown as typeof window.noctiluca.venueLink;
      });
      await expect.poll(async () => (await state()).gain).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('starts the studio\'s sound at the first key, and its panel has volume and mute', async () => {
    const page = await open(strict, 'installation=onsets&mode=studio');
    try {
      expect((await counts(page)).contexts).toBe(0);
      await page.keyboard.press('p');
      await page.waitForSelector('[data-path="sound.volume"]', { timeout: 60_000, state: 'attached' });
      expect(await page.locator('[data-path="sound.mute"]').count()).toBe(1);
      await page.waitForFunction(() => window.noctiluca.sound!.state().context === 'running', null, { timeout: 10_000 });
      // The panel writes the config: a quieter volume is what the player now plays at.
      await page.evaluate(async () => {
        const c = window.noctiluca.controller;
        await c.applyConfig({ ...c.state.config!, sound: { ...c.state.config!.sound, volume: 0.3 } });
      });
      expect(await page.evaluate(() => window.noctiluca.sound!.state().volume)).toBe(0.3);
    } finally {
      await page.close();
    }
  });
});
