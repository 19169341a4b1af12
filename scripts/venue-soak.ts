// A rehearsal of a venue left alone: runs the real `noctiluca venue` and `noctiluca kiosk` commands
// (two outputs of a 2x1 wall, headless, small windows) for a while and does to them what a season
// does: kills one output's browser, freezes the other's page, closes and reopens the venue by its
// schedule, and sends an OSC cue. It samples /healthz throughout and prints what happened, with the
// final health, the metrics and the log lines that tell the story.
//
//   npx tsx scripts/venue-soak.ts [--minutes 30] [--installation harmonia] [--size 320x180] [--dist DIR] [--out DIR]
//
// Without --dist it builds the site first (vite build, no posters). Everything it starts it stops.
// Only loopback is used.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'node-osc';
import { chromium } from 'playwright-core';
import { build } from 'vite';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    installation: { type: 'string', default: 'harmonia' },
    size: { type: 'string', default: '320x180' },
    dist: { type: 'string' },
    out: { type: 'string' },
    port: { type: 'string', default: '4517' },
    'osc-port': { type: 'string', default: '9517' },
  },
});
const minutes = Number(values.minutes);
const [w, h] = values.size!.split('x').map(Number);
const port = Number(values.port);
const oscPort = Number(values['osc-port']);
const out = resolve(values.out ?? join(tmpdir(), `noctiluca-soak-${Date.now()}`));
mkdirSync(out, { recursive: true });
const root = resolve(new URL('..', import.meta.url).pathname);
const cli = join(root, 'scripts', 'noctiluca.mjs');
const server = `http://127.0.0.1:${port}`;
const started = Date.now();
const at = (min: number) => started + min * 60_000;
const stamp = () => `${((Date.now() - started) / 60_000).toFixed(2).padStart(5)} min`;
const events: string[] = [];
const note = (line: string) => {
  const l = `[${stamp()}] ${line}`;
  events.push(l);
  console.log(l);
};
const sleepUntil = async (t: number) => {
  while (Date.now() < t) await new Promise((r) => setTimeout(r, Math.min(1000, t - Date.now())));
};

// ---- the site ----
let dist = values.dist ? resolve(values.dist) : join(out, 'dist');
if (!values.dist) {
  note(`building the site into ${dist} (vite build, no posters)`);
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'error', build: { outDir: dist, emptyOutDir: true } });
}
dist = resolve(dist);

// ---- the venue file: closes a few minutes into the run, opens three minutes later ----
const tz = 'UTC';
const minuteOf = (t: number) => new Date(t).toISOString().slice(11, 16);
const closeAt = Math.ceil(at(minutes * 0.4) / 60_000) * 60_000;
const openAt = closeAt + 3 * 60_000;
const today = new Date(started).toISOString().slice(0, 10);
if (new Date(openAt).toISOString().slice(0, 10) !== today) throw new Error('soak: the run would cross midnight UTC; start it earlier or later');
const venueFile = join(out, 'venue.json');
const venue = {
  name: 'Soak rehearsal',
  timeZone: tz,
  installations: [values.installation],
  server: { host: '127.0.0.1', port, dist },
  wall: { columns: 2, rows: 1 },
  outputs: [
    { id: 'left', window: { x: 0, y: 0, width: w, height: h } },
    { id: 'right', window: { x: w, y: 0, width: w, height: h } },
  ],
  schedule: {
    hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, '00:00-24:00'])),
    exceptions: [{ date: today, hours: `00:00-${minuteOf(closeAt)}, ${minuteOf(openAt)}-24:00`, note: 'soak: a short closing' }],
    fadeSeconds: 5,
  },
  power: { on: `echo "$(date -u +%FT%TZ) on" >> ${join(out, 'power.txt')}`, off: `echo "$(date -u +%FT%TZ) off" >> ${join(out, 'power.txt')}` },
  remote: { password: 'soak rehearsal password' },
  osc: { port: oscPort },
  kiosk: { profiles: join(out, 'profiles'), args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] },
  logs: { dir: join(out, 'logs') },
};
writeFileSync(venueFile, JSON.stringify(venue, null, 2));
note(`venue file ${venueFile}: closes ${minuteOf(closeAt)} UTC, opens ${minuteOf(openAt)} UTC`);

// ---- the two commands, as a venue runs them ----
const children: ChildProcess[] = [];
const run = (name: string, args: string[]) => {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (c: Buffer) => appendFileSync(join(out, `${name}.stderr`), c));
  child.on('exit', (code, signal) => note(`${name} command exited (${signal ?? code})`));
  children.push(child);
  return child;
};
run('venue', ['venue', '--venue', venueFile]);
await new Promise((r) => setTimeout(r, 3000));
run('kiosk', ['kiosk', '--venue', venueFile, '--headless', '--devtools']);

type Health = { status: string; schedule: { open: boolean; reason: string }; show: { rev: number; brightness: number }; outputs: Record<string, any>[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
const health = async (): Promise<Health | null> => {
  try {
    return (await (await fetch(`${server}/healthz`, { signal: AbortSignal.timeout(3000) })).json()) as Health;
  } catch {
    return null;
  }
};
const output = (hh: Health | null, id: string) => hh?.outputs.find((o) => o.id === id);
const waitFor = async (what: string, fn: (h: Health | null) => boolean, timeoutMs: number): Promise<number | null> => {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (fn(await health())) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 500));
  }
  note(`did not see: ${what} within ${timeoutMs / 1000} s`);
  return null;
};

// ---- sampling ----
const samples = join(out, 'healthz.jsonl');
const sampler = setInterval(async () => {
  const hh = await health();
  appendFileSync(samples, `${JSON.stringify({ t: new Date().toISOString(), health: hh })}\n`);
}, 15_000);

const kioskLog = () => {
  const dir = join(out, 'logs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith('kiosk.'))
    .sort()
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));
};
const pidOf = (id: string) => [...kioskLog()].reverse().find((l) => l.output === id && typeof l.pid === 'number' && String(l.msg).includes('browser started'))?.pid as number | undefined;

try {
  const first = await waitFor('both outputs playing', (hh) => ['left', 'right'].every((id) => output(hh, id)?.status === 'playing'), 5 * 60_000);
  note(`both outputs playing after ${((first ?? 0) / 1000).toFixed(1)} s`);

  // Fault 1: an output's browser dies.
  await sleepUntil(at(minutes * 0.15));
  const pid = pidOf('left');
  const launchBefore = output(await health(), 'left')?.launch;
  process.kill(-pid!, 'SIGKILL');
  note(`killed the browser of "left" (pid ${pid}, process group)`);
  const back = await waitFor('"left" beating again with a new launch', (hh) => output(hh, 'left')?.alive && output(hh, 'left')?.launch !== launchBefore, 5 * 60_000);
  note(`"left" beating again after ${((back ?? 0) / 1000).toFixed(1)} s (launch ${output(await health(), 'left')?.launch})`);

  // Fault 2: an output's page freezes (its main thread in an endless loop).
  await sleepUntil(at(minutes * 0.28));
  const portFile = join(out, 'profiles', 'right', 'DevToolsActivePort');
  const devtools = Number(readFileSync(portFile, 'utf8').split('\n')[0]);
  const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${devtools}`);
  const page = cdp.contexts()[0].pages()[0];
  const session = await page.context().newCDPSession(page);
  const frozeAt = Date.now();
  const launchFrozen = output(await health(), 'right')?.launch;
  void session.send('Runtime.evaluate', { expression: 'for (;;) {}' }).catch(() => {});
  note(`froze the page of "right" (an endless loop through DevTools port ${devtools})`);
  const stale = await waitFor('"right" reported stale', (hh) => output(hh, 'right')?.status === 'stale', 60_000);
  note(`"right" reported stale by /healthz after ${((stale ?? 0) / 1000).toFixed(1)} s`);
  const restarted = await waitFor('"right" beating again', (hh) => output(hh, 'right')?.alive && output(hh, 'right')?.launch !== launchFrozen, 5 * 60_000);
  note(`"right" restarted by the kiosk and beating again ${((Date.now() - frozeAt) / 1000).toFixed(1)} s after the freeze (${restarted !== null ? 'ok' : 'not seen'})`);
  await cdp.close().catch(() => {});

  // The schedule: dark at closeAt, light at openAt.
  await sleepUntil(closeAt);
  const dark = await waitFor('dark by schedule', (hh) => hh?.status === 'dark by schedule' && ['left', 'right'].every((id) => output(hh, id)?.light === 0), 60_000);
  note(`schedule: closed at ${minuteOf(closeAt)}; /healthz "dark by schedule" with both outputs at light 0 after ${((dark ?? 0) / 1000).toFixed(1)} s`);
  appendFileSync(join(out, 'healthz-dark.json'), JSON.stringify(await health(), null, 2));
  await sleepUntil(openAt);
  const light = await waitFor('open again', (hh) => hh?.status === 'ok' && ['left', 'right'].every((id) => output(hh, id)?.light === 1), 60_000);
  note(`schedule: opened at ${minuteOf(openAt)}; both outputs at light 1 after ${((light ?? 0) / 1000).toFixed(1)} s`);

  // An OSC cue from the "lighting desk".
  await sleepUntil(at(minutes * 0.7));
  const client = new Client('127.0.0.1', oscPort);
  await client.send('/noctiluca/brightness', 0.6, 2);
  await client.close();
  note('sent OSC /noctiluca/brightness 0.6 2 over UDP');
  const dimmed = await waitFor('both outputs at light 0.6', (hh) => ['left', 'right'].every((id) => output(hh, id)?.light === 0.6), 30_000);
  note(`both outputs at light 0.6 after ${((dimmed ?? 0) / 1000).toFixed(1)} s`);

  await sleepUntil(at(minutes));
} finally {
  clearInterval(sampler);
  const final = await health();
  writeFileSync(join(out, 'healthz-final.json'), JSON.stringify(final, null, 2));
  try {
    writeFileSync(join(out, 'metrics.txt'), await (await fetch(`${server}/metrics`)).text());
  } catch {
    /* the server is gone: said below */
  }
  note('stopping the kiosk and the venue server (SIGTERM)');
  for (const c of [...children].reverse()) {
    c.kill('SIGTERM');
    await new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)));
  }
  writeFileSync(join(out, 'events.txt'), `${events.join('\n')}\n`);
  console.log(`\nsoak: ${out} holds venue.json, healthz.jsonl (every 15 s), healthz-dark.json, healthz-final.json, metrics.txt, logs/, power.txt, events.txt`);
}
process.exit(0);
