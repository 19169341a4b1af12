/**
 * The venue server (`npx noctiluca venue`) with real output pages in Chromium, serving a real
 * `vite build` of a temporary installation (built once for this file, without posters):
 * a remote preset change reaches both outputs of a 2x1 wall, which still stitch into the whole;
 * OSC over UDP dims an output; /metrics parses as Prometheus text and counts a forced context loss;
 * the remote refuses requests without its token and from another origin; with the venue clock
 * pinned the schedule darkens the outputs at closing and lights them at opening, and /healthz says
 * "dark by schedule"; the kiosk relaunches a killed browser and restarts a frozen page.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cron } from 'croner';
import { Client } from 'node-osc';
import parsePrometheus from 'parse-prometheus-text-format';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS } from '../src/node/chromium.ts';
import { Kiosk } from '../src/node/venue/kiosk.ts';
import { createLog, type VenueLog } from '../src/node/venue/log.ts';
import { startVenueServer, type VenueServer } from '../src/node/venue/server.ts';
import { parseVenueFile, type VenueFile } from '../src/node/venue/venueFile.ts';
import { meanDiff, type Pixels } from './harness.ts';
import { stitch, stitchDiff } from './lib/stitch.ts';

const EPOCH = '2026-01-01T00:00:00Z';
const TZ = 'Europe/Lisbon';
const PASSWORD = 'correct horse battery';
let root = '';
let dist = '';
let venueLog: VenueLog;
let server: VenueServer;
let browser: Browser;
/** The venue's clock: pinned by the schedule test, the real one otherwise. */
let pinned: number | null = null;
let venue: VenueFile;

function venueFile(extra: object): VenueFile {
  const { venue: v, errors } = parseVenueFile(JSON.stringify(extra), 'venue.json');
  if (!v) throw new Error(errors.map((e) => e.text).join('\n'));
  return v;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'noctiluca-venue-server-'));
  const installations = join(root, 'installations');
  cpSync(new URL('../installations/starter', import.meta.url).pathname, join(installations, 'venue'), { recursive: true });
  cpSync(new URL('../installations/harmonia/presets', import.meta.url).pathname, join(installations, 'venue', 'presets'), { recursive: true });
  // Harmonia's presets include the harbour mask (layout.mask: harbour.png): its image comes with them.
  cpSync(new URL('../installations/harmonia/harbour.png', import.meta.url).pathname, join(installations, 'venue', 'harbour.png'));
  const file = join(installations, 'venue', 'installation.json');
  const config = { ...JSON.parse(readFileSync(file, 'utf8')), name: 'venue', $schema: undefined };
  writeFileSync(file, JSON.stringify({ ...config, display: { venue: { epoch: EPOCH } } }, null, 2));
  // A second installation the venue can switch to: the same data in another palette.
  cpSync(join(installations, 'venue'), join(installations, 'second'), { recursive: true });
  writeFileSync(join(installations, 'second', 'installation.json'), JSON.stringify({ ...config, name: 'second', title: 'Second', look: { palette: 'firefly' }, display: { venue: { epoch: EPOCH } } }, null, 2));
  dist = join(root, 'dist');
  process.env.NOCTILUCA_INSTALLATIONS = installations;
  try {
    await build({ configFile: new URL('../vite.config.ts', import.meta.url).pathname, logLevel: 'error', build: { outDir: dist, emptyOutDir: true } });
  } finally {
    delete process.env.NOCTILUCA_INSTALLATIONS;
  }
  venue = venueFile({
    name: 'Test hall',
    timeZone: TZ,
    wall: { columns: 2, rows: 1 },
    outputs: [{ id: 'left', window: { width: 240, height: 135 } }, { id: 'right', window: { x: 240, width: 240, height: 135 } }],
    // Open all day on the real clock, whatever hour the suite runs at; the schedule test's pinned days
    // (3 and 4 June 2026) keep 10:00-22:00 hours as exceptions, so it sees a closing and an opening.
    schedule: {
      hours: { mon: '00:00-24:00', tue: '00:00-24:00', wed: '00:00-24:00', thu: '00:00-24:00', fri: '00:00-24:00', sat: '00:00-24:00', sun: '00:00-24:00' },
      exceptions: [
        { date: '2026-06-03', hours: '10:00-22:00' },
        { date: '2026-06-04', hours: '10:00-22:00' },
      ],
      fadeSeconds: 1,
    },
    power: { on: `echo on >> ${join(root, 'power.txt')}`, off: `echo off >> ${join(root, 'power.txt')}` },
    remote: { password: PASSWORD },
    health: { staleSeconds: 4 },
    kiosk: { profiles: join(root, 'profiles'), args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'], staleSeconds: 6, startupSeconds: 120, backoff: { initialSeconds: 1, maxSeconds: 8 }, relaunch: null },
    logs: { dir: join(root, 'logs') },
  });
  venueLog = await createLog({ name: 'venue', dir: join(root, 'logs'), stdout: false });
  // Open at the start: a weekday noon in June (the schedule test moves the clock; the rest run on the real one).
  pinned = Date.parse('2026-06-03T12:00:00+01:00');
  server = await startVenueServer({ venue, installations: ['venue', 'second'], dist, installationsDir: installations, log: venueLog.log, host: '127.0.0.1', port: 0, oscPort: 0, now: () => pinned ?? Date.now() });
  pinned = null;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await venueLog?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Pages a test opened: closed after it, passed or failed, so a failure does not leave an output beating. */
const opened: Page[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((p) => p.close().catch(() => {})));
});

async function open(path: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  opened.push(page);
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  await page.goto(`${server.url}${path}`);
  await page.waitForFunction(() => document.documentElement.dataset.state === 'ready' && window.noctiluca.venueLink?.connected(), null, { timeout: 120_000 });
  return page;
}

async function shot(page: Page): Promise<Pixels> {
  const png = await page.screenshot({ type: 'png' });
  const img = PNG.sync.read(png);
  return { width: img.width, height: img.height, data: new Uint8Array(img.data), png };
}

function meanLuminance(p: Pixels): number {
  let sum = 0;
  for (let i = 0; i < p.data.length; i += 4) sum += 0.2126 * p.data[i] + 0.7152 * p.data[i + 1] + 0.0722 * p.data[i + 2];
  return sum / (p.width * p.height);
}

type HealthBody = { status: string; show: { rev: number; brightness: number }; outputs: { id: string; status: string; rev: number | null; light: number | null; launch: string | null; contextLosses: number; alive: boolean }[] };

async function health(): Promise<{ code: number; body: HealthBody }> {
  const r = await fetch(`${server.url}/healthz`);
  return { code: r.status, body: (await r.json()) as HealthBody };
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A remote session as the phone page has it: the cookie and the CSRF token. */
async function login(): Promise<{ cookie: string; csrf: string }> {
  const r = await fetch(`${server.url}/remote/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: server.url }, body: JSON.stringify({ password: PASSWORD }) });
  expect(r.status).toBe(200);
  return { cookie: r.headers.get('set-cookie')!.split(';')[0], csrf: ((await r.json()) as { csrf: string }).csrf };
}

async function remote(body: object, s: { cookie: string; csrf: string }, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/remote/api/show`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url, Cookie: s.cookie, 'X-CSRF-Token': s.csrf, ...headers },
    body: JSON.stringify(body),
  });
}

describe('remote and wall', () => {
  it('a remote preset change reaches both outputs of a 2x1 wall, and the stitched picture still equals the whole', async () => {
    const size = { width: 240, height: 270 };
    const left = await open('/output/left?t=10&quality=fixed', size);
    const right = await open('/output/right?t=10&quality=fixed', size);
    // The whole picture, as a guest output of the same show (not in the venue file).
    const whole = await open('/?installation=venue&mode=venue&t=10&quality=fixed&link=whole', { width: 480, height: 270 });
    expect(await right.evaluate(() => window.noctiluca.venue!.wall())).toMatchObject({ view: [480, 270, 240, 0, 240, 270] });
    const before = await shot(whole);
    const stitchedBefore = stitch([await shot(left), await shot(right)]);

    // still-water relaxes the layout (the cells are rebuilt on every output) and calms the motion.
    const session = await login();
    const rebuilds0 = await Promise.all([left, right, whole].map((p) => p.evaluate(() => window.noctiluca.stats().rebuilds)));
    const sent = Date.now();
    const r = await remote({ preset: 'still-water' }, session);
    expect(r.status).toBe(200);
    const rev = server.show.state.rev;
    // Delivered (the page has the new show state), then applied (the cells rebuilt with the relaxed layout).
    const delivered = await Promise.all(
      [left, right, whole].map(async (p) => {
        await p.waitForFunction((rev) => window.noctiluca.venueLink!.show()?.rev === rev, rev, { timeout: 10_000 });
        return (await p.evaluate(() => window.noctiluca.venueLink!.receivedAt()!)) - sent;
      }),
    );
    const rebuilt = await Promise.all(
      [left, right, whole].map(async (p, k) => {
        await p.waitForFunction((n) => window.noctiluca.controller.state.config?.layout.relaxation === 6 && window.noctiluca.stats().rebuilds > n, rebuilds0[k], { timeout: 20_000 });
        return Date.now() - sent;
      }),
    );
    console.log(`[venue-server] remote preset: delivered to the three outputs after ${delivered.join(', ')} ms, applied (cells rebuilt) after ${rebuilt.join(', ')} ms`);
    const h = await until('every output reports the new revision', async () => {
      const x = await health();
      return ['left', 'right', 'whole'].every((id) => x.body.outputs.find((o) => o.id === id)?.rev === rev) && x;
    });
    expect(h.body.outputs.find((o) => o.id === 'whole')).toMatchObject({ status: 'playing' });
    await Promise.all([left, right, whole].map((p) => p.waitForTimeout(300)));

    const stitched = stitch([await shot(left), await shot(right)]);
    const full = await shot(whole);
    const mean = meanDiff(stitched, full);
    const { offBy2, largest } = stitchDiff(stitched, full);
    console.log(
      `[venue-server] stitched vs whole: before the preset mean |diff| ${meanDiff(stitchedBefore, before).toFixed(3)} / 255, after ${mean.toFixed(3)} / 255; ${(offBy2 * 100).toFixed(3)}% of pixels 2+ levels off, largest ${largest}`,
    );
    // The same bounds as the wall test in tests/venue.test.ts: the outputs draw the glow margin, so the stitch is the whole, seams included.
    expect(mean).toBeLessThan(0.05);
    expect(offBy2).toBeLessThan(0.001);
    expect(largest).toBeLessThan(4);
    // The comparison can fail: the preset changed the picture.
    expect(meanDiff(before, full)).toBeGreaterThan(mean * 2 + 1);
    // Back to the config as written, for the tests after this one.
    expect((await remote({ preset: null }, session)).status).toBe(200);
    await Promise.all([left.close(), right.close(), whole.close()]);
  });

  it('the remote refuses requests without its token, with a wrong one, and from another origin; the show is unchanged', async () => {
    const rev = server.show.state.rev;
    const session = await login();
    const post = (headers: Record<string, string>, body = '{"brightness":0}') => fetch(`${server.url}/remote/api/show`, { method: 'POST', headers, body }).then((r) => r.status);
    expect(await post({ 'Content-Type': 'application/json', Origin: server.url })).toBe(401); // no session
    expect(await post({ 'Content-Type': 'application/json', Authorization: 'Bearer guess' })).toBe(401);
    expect(await post({ 'Content-Type': 'application/json', Origin: server.url, Cookie: session.cookie })).toBe(403); // no CSRF token
    expect(await post({ 'Content-Type': 'application/json', Origin: 'http://evil.example', Cookie: session.cookie, 'X-CSRF-Token': session.csrf })).toBe(403);
    expect(await post({ 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'cross-site', Cookie: session.cookie, 'X-CSRF-Token': session.csrf })).toBe(403);
    expect(await post({ 'Content-Type': 'text/plain', Origin: server.url, Cookie: session.cookie, 'X-CSRF-Token': session.csrf })).toBe(415);
    expect((await fetch(`${server.url}/remote/api/status`)).status).toBe(401);
    // A DNS-rebound name (evil.example resolving to this machine) is refused on every route.
    const rebound = await new Promise<number>((resolve, reject) => {
      const r = request(`${server.url}/healthz`, { headers: { Host: 'evil.example' } }, (res) => resolve(res.statusCode!));
      r.on('error', reject);
      r.end();
    });
    expect(rebound).toBe(403);
    expect(server.show.state.rev).toBe(rev);

    // A real browser: log in on the venue's origin, then a page on another origin (localhost is
    // another site than 127.0.0.1) tries a form post and a fetch with credentials, and an output link.
    const context = await browser.newContext();
    const phone = await context.newPage();
    await phone.goto(`${server.url}/remote`);
    await phone.fill('#password', PASSWORD);
    await phone.click('button[type=submit]');
    await phone.waitForSelector('#controls:not([hidden])');
    const evil = await context.newPage();
    const other = server.url.replace('127.0.0.1', 'localhost');
    await evil.goto(`${other}/healthz`);
    const attempts = await evil.evaluate(async (target) => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = `${target}/remote/api/show`;
      form.enctype = 'text/plain';
      const input = document.createElement('input');
      input.name = '{"brightness":0,"x":"';
      input.value = '"}';
      form.append(input);
      const frame = document.createElement('iframe');
      frame.name = 'sink';
      form.target = 'sink';
      document.body.append(frame, form);
      form.submit();
      await new Promise((r) => setTimeout(r, 500));
      const f = await fetch(`${target}/remote/api/show`, { method: 'POST', credentials: 'include', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{"brightness":0}' }).then((r) => r.type, (e) => String(e));
      const ws = await new Promise<string>((resolve) => {
        const s = new WebSocket(`${target.replace('http', 'ws')}/__noctiluca/venue/link?link=intruder`);
        s.onopen = () => resolve('open');
        s.onerror = () => resolve('refused');
      });
      return { fetch: f, ws };
    }, server.url);
    expect(attempts.ws).toBe('refused');
    await phone.waitForTimeout(300);
    expect(server.show.state.rev).toBe(rev);
    expect(server.show.state.brightness.to).toBe(1);
    // The logged-in phone itself can: its slider reaches the show.
    await phone.locator('#brightness').fill('0.5');
    await phone.locator('#brightness').dispatchEvent('change');
    await until('the phone changed the brightness', async () => server.show.state.brightness.to === 0.5);
    await phone.locator('#volume').fill('0.4');
    await phone.locator('#volume').dispatchEvent('change');
    await until('the phone changed the volume', async () => server.show.state.volume.to === 0.4);
    expect(server.show.state.brightness.to).toBe(0.5);
    await phone.click('#identify');
    await until('the phone asked for identify', async () => server.show.state.identifyUntil !== null);
    await context.close();
    expect((await remote({ brightness: 1, volume: 1, fadeSeconds: 0, identify: 0 }, session)).status).toBe(200);
  });
});

describe('hold, identify, relay', () => {
  it('a hold freezes both outputs of a wall on the frame of one instant; identify shows each output its number; a relay reaches the other output; reload reloads; an installation switch moves both', async () => {
    const size = { width: 160, height: 90 };
    const left = await open('/output/left?quality=fixed', size);
    const right = await open('/output/right?quality=fixed', size);
    const session = await login();
    const received = right.evaluate(() => new Promise((r) => window.noctiluca.venueLink!.onRelay('test-stir', (data, from) => r({ data, from }))));
    expect((await remote({ hold: true, identify: 30 }, session)).status).toBe(200);
    const holdAt = server.show.state.holdAt!;
    const times = await Promise.all(
      [left, right].map(async (p) => {
        await p.waitForFunction(() => window.noctiluca.venueLink!.show()?.holdAt != null && document.querySelector('.venue-identify')?.textContent !== '', null, { timeout: 5000 });
        await p.waitForTimeout(300);
        return p.evaluate(() => ({ time: window.noctiluca.stats().time, label: document.querySelector<HTMLElement>('.venue-identify')!.innerText }));
      }),
    );
    // Both show the frame of the hold's instant, exactly: the same number, not just close.
    expect(times[0].time).toBe(times[1].time);
    expect(times[0].time).toBeCloseTo((holdAt - Date.parse(EPOCH)) / 1000, 6);
    expect(times.map((t) => t.label.replace(/\s+/g, ' ').trim())).toEqual(['0 left', '1 right']);
    // Relayed from one output to the other, with the sender's id.
    await left.evaluate(() => window.noctiluca.venueLink!.relay('test-stir', { x: 0.5, y: 0.25 }));
    expect(await received).toEqual({ data: { x: 0.5, y: 0.25 }, from: 'left' });
    // Released: back to the live timeline (the frame of the moment), still the same on both.
    expect((await remote({ hold: false, identify: 0 }, session)).status).toBe(200);
    for (const p of [left, right]) {
      await p.waitForFunction(() => window.noctiluca.venueLink!.show()?.holdAt === null, null, { timeout: 5000 });
      const offset = await p.evaluate((epoch) => window.noctiluca.stats().time - (Date.now() - Date.parse(epoch)) / 1000, EPOCH);
      expect(Math.abs(offset)).toBeLessThan(0.2);
      expect(await p.locator('.venue-identify').isVisible()).toBe(false);
    }
    // Reload: every output loads its page again (a new page, as a marker left on the old one shows).
    await left.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    expect((await remote({ reload: true }, session)).status).toBe(200);
    await left.waitForFunction(() => (window as unknown as { marker?: number }).marker === undefined && document.documentElement.dataset.state === 'ready', null, { timeout: 60_000 });
    // Another installation: both outputs switch, keeping their place on the wall; and back.
    expect((await remote({ installation: 'second' }, session)).status).toBe(200);
    for (const [k, p] of [left, right].entries()) {
      await p.waitForFunction(() => window.noctiluca?.stats?.().installation === 'second' && document.documentElement.dataset.state === 'ready', null, { timeout: 60_000 });
      expect(new URL(p.url()).searchParams.get('output')).toBe(String(k));
      expect(await p.evaluate(() => window.noctiluca.controller.state.config?.look.palette)).toBe('firefly');
    }
    expect((await remote({ installation: 'nowhere' }, session)).status).toBe(422);
    expect((await remote({ installation: 'venue' }, session)).status).toBe(200);
    await left.waitForFunction(() => window.noctiluca?.stats?.().installation === 'venue' && document.documentElement.dataset.state === 'ready', null, { timeout: 60_000 });
    await Promise.all([left.close(), right.close()]);
  });
});

describe('OSC and metrics', () => {
  it('OSC messages over UDP on loopback change the brightness and the sound volume on an output', async () => {
    const page = await open('/output/left?t=10&quality=fixed', { width: 240, height: 135 });
    const before = meanLuminance(await shot(page));
    const client = new Client('127.0.0.1', server.oscPort!);
    await client.send('/noctiluca/brightness', 0.25, 0);
    await client.close();
    await page.waitForFunction(() => window.noctiluca.venueLink!.light() === 0.25, null, { timeout: 5000 });
    await page.waitForTimeout(200);
    const after = meanLuminance(await shot(page));
    console.log(`[venue-server] OSC /noctiluca/brightness 0.25: mean luminance ${before.toFixed(2)} → ${after.toFixed(2)}`);
    expect(before).toBeGreaterThan(4);
    expect(after / before).toBeGreaterThan(0.15);
    expect(after / before).toBeLessThan(0.35);
    const client2 = new Client('127.0.0.1', server.oscPort!);
    await client2.send('/noctiluca/brightness', 1, 0);
    await client2.close();
    await page.waitForFunction(() => window.noctiluca.venueLink!.light() === 1, null, { timeout: 5000 });
    // The lighting desk sets the sound's volume too: the output's notes go out at that share of the config's.
    const gain = () => page.evaluate(() => window.noctiluca.sound!.state());
    const full = await gain();
    expect(full.gain).toBeGreaterThan(0);
    const client3 = new Client('127.0.0.1', server.oscPort!);
    await client3.send('/noctiluca/volume', 0.25, 0);
    await client3.close();
    await expect.poll(async () => (await gain()).gain, { timeout: 5000 }).toBeCloseTo(full.gain * 0.25, 5);
    expect((await gain()).volume).toBe(full.volume);
    const client4 = new Client('127.0.0.1', server.oscPort!);
    await client4.send('/noctiluca/volume', 1, 0);
    await client4.close();
    await expect.poll(async () => (await gain()).gain, { timeout: 5000 }).toBeCloseTo(full.gain, 5);
    await page.close();
  });

  it('/metrics parses as Prometheus text and counts a forced context loss', async () => {
    type Family = ReturnType<typeof parsePrometheus>[number];
    const scrape = async (): Promise<Family[]> => parsePrometheus(await (await fetch(`${server.url}/metrics`)).text());
    const value = (fs: Family[], name: string, output: string) => Number(fs.find((f) => f.name === name)?.metrics.find((m) => m.labels?.output === output)?.value ?? NaN);
    const page = await open('/output/right?t=10&quality=fixed', { width: 240, height: 135 });
    const m0 = await scrape();
    const losses0 = value(m0, 'noctiluca_output_context_losses_total', 'right');
    await page.evaluate(async () => {
      const gl = document.querySelector('canvas')!.getContext('webgl2')!;
      const ext = gl.getExtension('WEBGL_lose_context')!;
      const lost = new Promise((r) => gl.canvas.addEventListener('webglcontextlost', r, { once: true }));
      ext.loseContext();
      await lost;
      setTimeout(() => ext.restoreContext(), 50);
    });
    await page.waitForFunction(() => document.documentElement.dataset.state === 'ready', null, { timeout: 20_000 });
    const m1 = await until('the loss is counted', async () => {
      const fs = await scrape();
      return value(fs, 'noctiluca_output_context_recoveries_total', 'right') >= 1 && fs;
    }, 10_000);
    expect(value(m1, 'noctiluca_output_context_losses_total', 'right')).toBe(losses0 + 1);
    expect(value(m1, 'noctiluca_output_up', 'right')).toBe(1);
    expect(m1.find((f) => f.name === 'noctiluca_output_context_losses_total')?.type).toBe('COUNTER');
    expect(m1.find((f) => f.name === 'noctiluca_output_fps')?.type).toBe('GAUGE');
    // Every family the server writes has its help and type, every sample a Prometheus float.
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const float = /^[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|inf|nan)$/i;
    for (const f of m1) {
      expect(text).toContain(`# TYPE ${f.name} `);
      for (const s of f.metrics) if (s.value !== undefined) expect(s.value, f.name).toMatch(float);
    }
    console.log(`[venue-server] /metrics: ${m1.length} families; context losses on "right" ${losses0} → ${losses0 + 1}`);
    await page.close();
  });
});

describe('schedule', () => {
  it('with the clock pinned, the outputs go dark at closing, /healthz says "dark by schedule", and light again at opening', async () => {
    const page = await open('/output/left?t=10&quality=fixed', { width: 240, height: 135 });
    await open('/output/right?t=10&quality=fixed', { width: 120, height: 68 }); // every output of the venue beats
    const lit = meanLuminance(await shot(page));
    // Wednesday 3 June 2026 (Lisbon, UTC+1): open 10:00-22:00.
    pinned = Date.parse('2026-06-03T21:59:58+01:00');
    server.tick();
    expect((await health()).body.status).toBe('ok');
    pinned = Date.parse('2026-06-03T22:00:00+01:00');
    server.tick();
    await page.waitForFunction(() => window.noctiluca.venueLink!.light() === 0, null, { timeout: 5000 });
    await page.waitForTimeout(200);
    const dark = meanLuminance(await shot(page));
    // The next heartbeat carries the light the page gives (0).
    const h = await until('health says dark by schedule', async () => {
      const x = await health();
      const o = x.body.outputs.find((o) => o.id === 'left');
      return o?.status === 'dark by schedule' && o.light === 0 && x;
    });
    expect(h.code).toBe(200); // dark by schedule is not a failure…
    expect(h.body.status).toBe('dark by schedule');
    expect(h.body.outputs.find((o) => o.id === 'left')).toMatchObject({ alive: true, light: 0 });
    await until('the displays were powered off after the fade', async () => existsSync(join(root, 'power.txt')) && readFileSync(join(root, 'power.txt'), 'utf8').includes('off'));
    // Thursday 10:00: open again.
    pinned = Date.parse('2026-06-04T10:00:00+01:00');
    server.tick();
    await page.waitForFunction(() => window.noctiluca.venueLink!.light() === 1, null, { timeout: 5000 });
    await page.waitForTimeout(200);
    const again = meanLuminance(await shot(page));
    console.log(`[venue-server] schedule: mean luminance open ${lit.toFixed(2)}, at 22:00 ${dark.toFixed(2)}, at 10:00 ${again.toFixed(2)}`);
    expect(lit).toBeGreaterThan(4);
    expect(dark).toBeLessThan(0.5);
    expect(Math.abs(again - lit)).toBeLessThan(0.5);
    expect((await health()).body.outputs.find((o) => o.id === 'left')?.status).toBe('playing');
    expect(readFileSync(join(root, 'power.txt'), 'utf8').trim().split('\n').slice(-2)).toEqual(['off', 'on']);
    // Closed with the poster instead of black (schedule.closed "poster"): the installation's poster shows.
    const poster = new PNG({ width: 16, height: 9 });
    for (let i = 0; i < poster.data.length; i += 4) poster.data.set([200, 40, 160, 255], i);
    writeFileSync(join(dist, 'installations', 'venue', 'poster.png'), PNG.sync.write(poster));
    server.show.setDark(true, 0, true);
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('.venue-poster')?.style.opacity ?? '0') === '1', null, { timeout: 5000 });
    await page.waitForTimeout(200);
    const p = await shot(page);
    const centre = 4 * (67 * p.width + 120);
    expect([...p.data.subarray(centre, centre + 3)]).toEqual([200, 40, 160]);
    server.show.setDark(false, 0, true);
    pinned = null;
    server.tick();
    await page.close();
  });
});

describe('kiosk watchdog', () => {
  let kiosk: Kiosk | null = null;
  let kioskLog: VenueLog;
  afterAll(async () => {
    await kiosk?.stop();
    await kioskLog?.close();
  });

  it('relaunches a killed browser and restarts a frozen page; both beat again within bounded times', async () => {
    kioskLog = await createLog({ name: 'kiosk', dir: join(root, 'logs'), stdout: false });
    // The kiosk's clock can jump to the quiet hour (04:00 in the venue's zone) at the end.
    let shift = 0;
    const quietHour = '0 4 * * *';
    kiosk = new Kiosk({
      venue: { ...venue, kiosk: { ...venue.kiosk, relaunch: quietHour } },
      venueDir: root,
      server: server.url,
      headless: true,
      devtools: true,
      query: { quality: 'fixed' },
      log: kioskLog.log,
      pollMs: 1000,
      now: () => Date.now() + shift,
    });
    kiosk.start();
    const beating = (id: string, launches: number) => until(`${id} beating after launch ${launches}`, async () => {
      const s = kiosk!.status().find((b) => b.id === id)!;
      return s.launches === launches && s.beatingSince !== null && s;
    }, 180_000);
    await beating('left', 1);
    await beating('right', 1);

    // Killed: the browser process disappears; the kiosk starts another, which beats again.
    const killedAt = Date.now();
    process.kill(-kiosk.status().find((b) => b.id === 'left')!.pid!, 'SIGKILL');
    const back = await beating('left', 2);
    console.log(`[venue-server] killed browser: beating again after ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
    expect(back.restarts.exited).toBe(1);
    expect(Date.now() - killedAt).toBeLessThan(120_000);
    expect((await health()).body.outputs.find((o) => o.id === 'left')?.launch).toBe(back.launch);

    // Frozen: the page's main thread stops (an endless loop); no more beats. Health says so within
    // seconds, and the kiosk restarts the browser.
    const right = kiosk.status().find((b) => b.id === 'right')!;
    const port = await until('the DevTools port', async () => kiosk!.status().find((b) => b.id === 'right')!.devtoolsPort);
    const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    const target = cdp.contexts()[0].pages()[0];
    const session = await target.context().newCDPSession(target);
    const frozenAt = Date.now();
    void session.send('Runtime.evaluate', { expression: 'for (;;) {}' }).catch(() => {});
    await until('health reports right stale', async () => (await health()).body.outputs.find((o) => o.id === 'right')?.status === 'stale', 20_000);
    const reported = Date.now() - frozenAt;
    const restarted = await beating('right', right.launches + 1);
    console.log(`[venue-server] frozen page: reported stale after ${(reported / 1000).toFixed(1)} s, beating again after ${((Date.now() - frozenAt) / 1000).toFixed(1)} s`);
    expect(restarted.restarts.frozen).toBe(1);
    expect(reported).toBeLessThan(15_000);
    await cdp.close().catch(() => {});

    // The quiet hour: every browser is started afresh, one after the other.
    const launches = kiosk.status().map((b) => b.launches);
    shift = new Cron(quietHour, { timezone: TZ, paused: true }).nextRun()!.getTime() - Date.now() + 500;
    await beating('left', launches[0] + 1);
    await beating('right', launches[1] + 1);
    expect(kiosk.status().map((b) => b.restarts.quietHour)).toEqual([1, 1]);

    // Every file the kiosk wrote, oldest first: the log also rolls at midnight, so a run that
    // crosses it has its lines in kiosk.1.log and kiosk.2.log.
    const files = readdirSync(join(root, 'logs'))
      .map((f) => /^kiosk\.(\d+)\.log$/.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .sort((a, b) => Number(a[1]) - Number(b[1]))
      .map((m) => m[0]);
    expect(files.length).toBeGreaterThan(0);
    const lines = files
      .flatMap((f) => readFileSync(join(root, 'logs', f), 'utf8').split('\n'))
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { msg: string });
    expect(lines.some((l) => l.msg === 'kiosk: left: browser exited (SIGKILL)')).toBe(true);
    expect(lines.some((l) => /^kiosk: right: no heartbeat for \d+ s; restarting the browser$/.test(l.msg))).toBe(true);
  }, 420_000);
});
