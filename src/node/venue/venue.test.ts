import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheus from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { initialShow, lightAt, rampAt, rampTo, type Beat } from '../../venue/protocol.ts';
import { crossSiteRefusal, hostRefusal, isAllowedHost, jsonBodyRefusal, linkOriginRefusal } from './guard.ts';
import { OutputRegistry } from './health.ts';
import { backoffMs, browserArgs, KIOSK_ARGS } from './kiosk.ts';
import { createLog } from './log.ts';
import { listenOsc, oscCommand } from './osc.ts';
import { runPowerCommand } from './power.ts';
import { Client } from 'node-osc';
import { readdirSync, readFileSync } from 'node:fs';
import { RemoteAuth } from './remote.ts';
import { Show, showCommandSchema, ShowRefusal } from './show.ts';
import { systemdUnits } from './systemd.ts';

describe('ramps', () => {
  const r = { from: 1, to: 0.25, at: 1000, ms: 500 };
  it.each([
    [0, 1],
    [1000, 1],
    [1250, 0.625],
    [1500, 0.25],
    [9999, 0.25],
  ])('at %d ms the level is %d', (ms, want) => expect(rampAt(r, ms)).toBeCloseTo(want, 9));
  it('a new ramp starts where the old one is', () => {
    expect(rampTo(r, 1, 1250, 100)).toEqual({ from: 0.625, to: 1, at: 1250, ms: 100 });
  });
  it('light is brightness times the schedule', () => {
    const s = { ...initialShow('x'), brightness: { from: 0.5, to: 0.5, at: 0, ms: 0 }, dark: { from: 0, to: 1, at: 0, ms: 1000, poster: false } };
    expect(lightAt(s, 500)).toBeCloseTo(0.25, 9);
    expect(lightAt(s, 1000)).toBe(0);
  });
});

describe('OSC addresses', () => {
  it.each([
    ['/noctiluca/preset', ['firefly-night'], { preset: 'firefly-night' }],
    ['/noctiluca/preset', ['none'], { preset: null }],
    ['/noctiluca/brightness', [0.4], { brightness: 0.4 }],
    ['/noctiluca/brightness', [Math.fround(0.6)], { brightness: 0.6 }],
    ['/noctiluca/brightness', [1, 3], { brightness: 1, fadeSeconds: 3 }],
    ['/noctiluca/volume', [0.3], { volume: 0.3 }],
    ['/noctiluca/volume', [0, 5], { volume: 0, fadeSeconds: 5 }],
    ['/noctiluca/hold', [1], { hold: true }],
    ['/noctiluca/hold', [0.2], { hold: false }],
    ['/noctiluca/hold', [true], { hold: true }],
    ['/noctiluca/identify', [], { identify: 10 }],
    ['/noctiluca/installation', ['harmonia'], { installation: 'harmonia' }],
    ['/noctiluca/reload', [], { reload: true }],
  ])('%s %j', (address, args, command) => expect(oscCommand(address, args)).toEqual({ command }));
  it.each([
    ['/noctiluca/brightness', [2]],
    ['/noctiluca/brightness', ['half']],
    ['/noctiluca/brightness', [0.5, -1]],
    ['/noctiluca/volume', [1.5]],
    ['/noctiluca/volume', ['loud']],
    ['/noctiluca/preset', [3]],
    ['/noctiluca/dance', []],
  ])('refuses %s %j with a message naming the address', (address, args) => {
    const r = oscCommand(address, args);
    expect('error' in r && r.error.startsWith(`${address}: `)).toBe(true);
  });
});

describe('cross-site guard', () => {
  const host = '127.0.0.1:4180';
  it.each([
    [{ host, origin: 'http://127.0.0.1:4180', 'sec-fetch-site': 'same-origin' }, true, null],
    [{ host, origin: 'http://evil.example' }, true, 403],
    [{ host, origin: 'null' }, true, 403],
    [{ host, 'sec-fetch-site': 'cross-site' }, false, 403],
    [{ host, 'sec-fetch-site': 'same-site', origin: 'http://127.0.0.1:4180' }, true, 403],
    [{ host }, true, 403],
    [{ host }, false, null],
  ])('%j (origin required: %s) → %s', (headers, requireOrigin, status) => {
    expect(crossSiteRefusal(headers, requireOrigin)?.status ?? null).toBe(status);
  });
  it.each([
    ['127.0.0.1:4180', true],
    ['192.168.1.20:4180', true],
    ['[::1]:4180', true],
    ['localhost:4180', true],
    ['venue-pc.local:4180', true],
    ['wall.hall.example.org', true],
    ['evil.example:4180', false],
    [undefined, false],
  ])('the host %s is %s for a server allowing venue-pc.local and .hall.example.org', (host, ok) => {
    expect(isAllowedHost(host, ['venue-pc.local', '.hall.example.org'])).toBe(ok);
    expect(hostRefusal({ host }, ['venue-pc.local', '.hall.example.org']) === null).toBe(ok);
  });
  it('wants a JSON body; an output link from another origin is refused', () => {
    expect(jsonBodyRefusal({ 'content-type': 'application/json; charset=utf-8' })).toBeNull();
    expect(jsonBodyRefusal({ 'content-type': 'text/plain' })?.status).toBe(415);
    expect(jsonBodyRefusal({})?.status).toBe(415);
    expect(linkOriginRefusal({ host, origin: 'http://localhost:4180' })?.status).toBe(403);
    expect(linkOriginRefusal({ host, origin: 'http://127.0.0.1:4180' })).toBeNull();
  });
});

describe('remote access', () => {
  const host = '127.0.0.1:4180';
  const same = { host, origin: `http://${host}`, 'content-type': 'application/json' };
  it('a session needs the password, its cookie and its CSRF token; a bearer token needs no cookie', () => {
    const auth = new RemoteAuth('correct horse battery');
    expect(auth.login('wrong')).toBeNull();
    const s = auth.login('correct horse battery')!;
    expect(s.setCookie).toMatch(/^noctiluca_remote=[\w-]+; HttpOnly; SameSite=Strict; Path=\/remote;/);
    const cookie = s.setCookie.split(';')[0];
    expect(auth.check({ ...same }, false)).toMatchObject({ ok: false, status: 401 });
    expect(auth.check({ ...same, cookie }, false)).toEqual({ ok: true, by: 'session' });
    expect(auth.check({ ...same, cookie }, true)).toMatchObject({ ok: false, status: 403, reason: 'refused: missing or wrong CSRF token' });
    expect(auth.check({ ...same, cookie, 'x-csrf-token': s.csrf }, true)).toEqual({ ok: true, by: 'session' });
    expect(auth.check({ ...same, cookie, 'x-csrf-token': s.csrf, origin: 'http://evil.example' }, true)).toMatchObject({ ok: false, status: 403 });
    expect(auth.check({ ...same, cookie, 'x-csrf-token': s.csrf, 'content-type': 'text/plain' }, true)).toMatchObject({ ok: false, status: 415 });
    expect(auth.check({ host, 'content-type': 'application/json', authorization: 'Bearer correct horse battery' }, true)).toEqual({ ok: true, by: 'bearer' });
    expect(auth.check({ host, authorization: 'Bearer nope' }, false)).toMatchObject({ ok: false, status: 401 });
    auth.logout({ cookie });
    expect(auth.check({ ...same, cookie }, false)).toMatchObject({ ok: false, status: 401 });
  });
});

describe('show commands', () => {
  const presets = async (name: string) => (name === 'harmonia' ? [{ name: 'firefly-night', description: '', values: { 'look.palette': 'firefly' } }] : []);
  it('stamp each change with the instant it takes effect; refuse what the venue does not have', async () => {
    let now = 10_000;
    const show = new Show({ installations: ['harmonia', 'starter'], presets, now: () => now });
    expect(await show.apply({ preset: 'firefly-night' })).toEqual(['preset firefly-night']);
    expect(show.state.preset).toEqual({ name: 'firefly-night', values: { 'look.palette': 'firefly' } });
    now = 20_000;
    await show.apply({ brightness: 0.5, fadeSeconds: 2, hold: true });
    expect(show.state.brightness).toEqual({ from: 1, to: 0.5, at: 20_000, ms: 2000 });
    expect(show.state.holdAt).toBe(20_000);
    expect(show.state.rev).toBe(2);
    expect(show.state.volume).toEqual({ from: 1, to: 1, at: 0, ms: 0 });
    now = 25_000;
    expect(await show.apply({ volume: 0.2, fadeSeconds: 4 })).toEqual(['volume 0.2']);
    expect(show.state.volume).toEqual({ from: 1, to: 0.2, at: 25_000, ms: 4000 });
    expect(show.state.brightness.to).toBe(0.5);
    expect(show.state.rev).toBe(3);
    // A switch of installation drops the preset (it belongs to the old one).
    await show.apply({ installation: 'starter' });
    expect(show.state.preset).toBeNull();
    await expect(show.apply({ installation: 'nowhere' })).rejects.toThrow(ShowRefusal);
    await expect(show.apply({ preset: 'firefly-night' })).rejects.toThrow('no preset "firefly-night" for "starter" (it has none;');
    expect(showCommandSchema.safeParse({}).success).toBe(false);
    expect(showCommandSchema.safeParse({ brightness: 3 }).success).toBe(false);
  });
});

describe('health and metrics', () => {
  const beat = (o: Partial<Beat>): Beat => ({
    type: 'beat', session: 's1', launch: null, installation: 'harmonia', state: 'ready', fps: 60, frameMs: 16.7, losses: 0, recoveries: 0, rebuilds: 0,
    heapBytes: 5e7, qualityStep: 0, uptimeSeconds: 10, lastError: null, wall: '2x1', wallOutput: 0, rev: 1, level: 1, held: false, preset: null, ...o,
  });
  it('add up context losses over page loads, report stale outputs and dark ones as such, parse as Prometheus text', async () => {
    let now = 1_000_000;
    const r = new OutputRegistry([{ id: 'left', wallOutput: 0 }, { id: 'right', wallOutput: 1 }], 5000, () => now);
    r.beat('left', beat({ losses: 2, recoveries: 2 }));
    r.beat('left', beat({ losses: 3, recoveries: 3 }));
    r.beat('left', beat({ session: 's2', losses: 1, recoveries: 0 })); // reloaded: counts restart
    expect(r.health().map((h) => [h.id, h.status, h.contextLosses, h.pageLoads])).toEqual([
      ['left', 'playing', 4, 2],
      ['right', 'never seen', 0, 0],
    ]);
    // A second page beating as the same output (a laptop opened /output/left) is a second session, not a reload each beat.
    r.beat('left', beat({ session: 's3', launch: 'k-1', losses: 0 }));
    r.beat('left', beat({ session: 's2', losses: 1 }));
    r.beat('left', beat({ session: 's3', launch: 'k-1', losses: 0 }));
    expect(r.health()[0]).toMatchObject({ pageLoads: 3, contextLosses: 4 });
    expect(r.health()[0].sessions.map((x) => [x.session, x.launch, x.alive])).toEqual(expect.arrayContaining([['s3', 'k-1', true], ['s2', null, true]]));
    r.setDarkBySchedule(true);
    expect(r.health()[0].status).toBe('dark by schedule');
    now += 6000;
    expect(r.health()[0]).toMatchObject({ status: 'stale', alive: false, stale: true, darkBySchedule: false });
    const families = parsePrometheus(await r.metrics.metrics()) as { name: string; type: string; metrics: { value: string; labels?: Record<string, string> }[] }[];
    const value = (name: string, output: string) => Number(families.find((f) => f.name === name)?.metrics.find((m) => m.labels?.output === output)?.value);
    expect(value('noctiluca_output_context_losses_total', 'left')).toBe(4);
    expect(value('noctiluca_output_page_loads_total', 'left')).toBe(3);
    expect(value('noctiluca_output_up', 'left')).toBe(0);
    expect(value('noctiluca_output_last_beat_age_seconds', 'left')).toBe(6);
    expect(families.find((f) => f.name === 'noctiluca_output_context_losses_total')?.type).toBe('COUNTER');
    // Every sample is a float as Prometheus reads them (Go's ParseFloat: NaN and Inf in any case).
    const float = /^[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|inf|nan)$/i;
    for (const f of families) for (const m of f.metrics) if (m.value !== undefined) expect(m.value, f.name).toMatch(float);
  });
});

describe('kiosk', () => {
  it('opens each output in its own profile and window, with the README kiosk flags', () => {
    const args = browserArgs({
      output: { id: 'right', wallOutput: 1, window: { x: 1920, y: 0, width: 1920, height: 1080 } },
      url: 'http://127.0.0.1:4180/output/right?launch=1-x',
      profile: '/home/venue/.noctiluca-kiosk/right',
      headless: false,
      devtools: false,
      extra: ['--use-angle=vulkan'],
      root: false,
    });
    expect(args).toEqual(expect.arrayContaining([...KIOSK_ARGS, '--kiosk', '--window-position=1920,0', '--window-size=1920,1080', '--user-data-dir=/home/venue/.noctiluca-kiosk/right', '--use-angle=vulkan']));
    expect(args.at(-1)).toBe('--app=http://127.0.0.1:4180/output/right?launch=1-x');
    expect(args).not.toContain('--no-sandbox');
  });

  it('backs off 1, 2, 4 … seconds after failures in a row, up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffMs(n, { initialSeconds: 1, maxSeconds: 60 }))).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
  });

  it('systemd units start the server and the kiosk and restart them on failure', () => {
    const units = systemdUnits({ venueName: 'Harbour Hall', venueFile: '/srv/venue.json', installations: [], kioskArgs: ['--only', 'left'], node: '/usr/bin/node' });
    expect(units.map((u) => u.name)).toEqual(['noctiluca-venue.service', 'noctiluca-kiosk.service']);
    expect(units[0].text).toMatch(/^ExecStart=\/usr\/bin\/node \S+\/scripts\/noctiluca\.mjs venue --venue \/srv\/venue\.json$/m);
    expect(units[1].text).toMatch(/^ExecStart=\/usr\/bin\/node \S+\/scripts\/noctiluca\.mjs kiosk --venue \/srv\/venue\.json --only left$/m);
    for (const u of units) expect(u.text).toMatch(/^Restart=always$/m);
    // systemd itself reads them, where it is installed.
    if (existsSync('/usr/bin/systemd-analyze')) {
      const dir = mkdtempSync(join(tmpdir(), 'noctiluca-units-'));
      const runtime = mkdtempSync(join(tmpdir(), 'noctiluca-xdg-'));
      try {
        for (const u of units) writeFileSync(join(dir, u.name), u.text.replaceAll('/usr/bin/node', process.execPath));
        execFileSync('systemd-analyze', ['verify', '--user', ...units.map((u) => join(dir, u.name))], { env: { ...process.env, XDG_RUNTIME_DIR: runtime }, stdio: 'pipe' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
        rmSync(runtime, { recursive: true, force: true });
      }
    }
  });
});

describe('logs, power, OSC senders', () => {
  it('logs are JSON lines, rolled at the size limit, keeping `keep` old files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'noctiluca-logs-'));
    try {
      const { log, close } = await createLog({ name: 'venue', dir, maxSize: '1k', keep: 2, stdout: false });
      for (let i = 0; i < 200; i++) {
        log.info({ i, pad: 'x'.repeat(40) }, 'line');
        if (i % 20 === 19) await new Promise((r) => setTimeout(r, 20)); // let the roll happen
      }
      await close();
      await new Promise((r) => setTimeout(r, 100));
      const files = readdirSync(dir).filter((f) => /^venue\.\d+\.log$/.test(f));
      expect(files.length).toBeGreaterThan(1);
      expect(files.length).toBeLessThanOrEqual(3);
      for (const f of files) for (const line of readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean)) expect(JSON.parse(line)).toMatchObject({ name: 'venue', msg: 'line' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a display-power command that hangs is killed after its timeout; one that fails says why', async () => {
    const hung = await runPowerCommand('sleep 5', 1);
    expect(hung).toMatchObject({ ok: false, output: 'killed after 1 s' });
    expect(hung.ms).toBeLessThan(4000);
    expect(await runPowerCommand('echo "no CEC adapter" >&2; exit 3', 5)).toMatchObject({ ok: false, code: 3, output: 'no CEC adapter' });
    expect(await runPowerCommand('true', 5)).toMatchObject({ ok: true, code: 0 });
  });

  it('osc.allow refuses other senders', async () => {
    const got: string[] = [];
    const refused: string[] = [];
    const listener = await listenOsc('127.0.0.1', 0, ['10.9.8.7'], (address) => got.push(address), (message) => refused.push(message));
    const open = await listenOsc('127.0.0.1', 0, [], (address) => got.push(address), () => {});
    try {
      for (const port of [listener.port, open.port]) {
        const c = new Client('127.0.0.1', port);
        await c.send('/noctiluca/brightness', 0.5);
        await c.close();
      }
      await new Promise((r) => setTimeout(r, 200));
      expect(got).toEqual(['/noctiluca/brightness']);
      expect(refused).toEqual(['refused: 127.0.0.1 is not in osc.allow']);
    } finally {
      await listener.close();
      await open.close();
    }
  });
});
