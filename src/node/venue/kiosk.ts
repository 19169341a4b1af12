/**
 * The kiosk (`npx noctiluca kiosk`): one Chromium per output of the venue file, each in its own
 * profile and window, opened at the venue server's /output/<id>. A watchdog keeps them playing:
 * - a browser that exits (crash, killed, closed) is started again after a back-off that doubles
 *   with each failure in a row (kiosk.backoff), and resets once it has run well for a while;
 * - a browser whose page stops beating (a frozen page, a hung GPU process) is killed and started
 *   again: the venue server's /healthz says when each output last beat, and with which launch token
 *   (`&launch=`), so a beat from a previous browser never counts for a new one;
 * - at the quiet hour (kiosk.relaunch, a cron pattern in the venue time zone) every browser is
 *   started afresh, one after the other.
 * While the venue server cannot be reached the watchdog restarts nothing for staleness (the server,
 * not the browsers, is down; systemd restarts it); exits are still handled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Cron } from 'croner';
import { CHROMIUM } from '../chromium.ts';
import type { Logger } from './log.ts';
import { outputsOf, venuePath, type VenueFile, type VenueOutput } from './venueFile.ts';

/** What every kiosk browser gets: no browser UI, no throttling when covered or blank, offline. */
export const KIOSK_ARGS = [
  '--no-first-run',
  '--noerrdialogs',
  '--disable-infobars',
  '--disable-session-crashed-bubble',
  '--disable-translate',
  '--ignore-gpu-blocklist',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-features=CalculateNativeWinOcclusion,Translate',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--password-store=basic',
  '--disable-pinch',
  '--overscroll-history-navigation=0',
];

/** A browser that ran this long without trouble starts the back-off from the beginning again. */
const STABLE_MS = 5 * 60_000;
const KILL_GRACE_MS = 5000;

export interface KioskOptions {
  venue: VenueFile;
  /** Folder the venue file's relative paths are read from. */
  venueDir: string;
  /** The venue server's URL, e.g. http://127.0.0.1:4180. */
  server: string;
  /** Run only these outputs (a machine that drives some of the venue's screens). */
  only?: string[];
  /** No windows (CI, rehearsal on a machine without a display): --headless=new. */
  headless?: boolean;
  /** Open a loopback DevTools port per browser (--remote-debugging-port=0), for diagnosis. */
  devtools?: boolean;
  /** More URL parameters for the outputs (rehearsal and tests: quality=fixed). */
  query?: Record<string, string>;
  log: Logger;
  now?: () => number;
  /** How often the watchdog looks at /healthz. */
  pollMs?: number;
}

export type BrowserState = 'starting' | 'running' | 'waiting' | 'stopped';

export interface BrowserStatus {
  id: string;
  state: BrowserState;
  pid: number | null;
  /** Browsers started for this output (the first launch included). */
  launches: number;
  /** Restarts by the watchdog (no beat, stale beat) and relaunches after an exit. */
  restarts: { exited: number; frozen: number; quietHour: number };
  launch: string | null;
  launchedAt: number | null;
  /** When its page last beat with this launch's token, by the kiosk's clock; null: not yet. */
  beatingSince: number | null;
  devtoolsPort: number | null;
  nextDelayMs: number;
}

interface Supervised extends BrowserStatus {
  output: VenueOutput;
  child: ChildProcess | null;
  failures: number;
  timer: ReturnType<typeof setTimeout> | null;
  /** Why the current browser is being killed (so its exit is not counted as a crash). */
  killing: 'frozen' | 'quietHour' | 'stop' | null;
  stderr: string[];
}

interface HealthOutput {
  id: string;
  sessions: { launch: string | null; lastBeatAgeSeconds: number; alive: boolean }[];
}

/** The wait before starting a browser again after `failures` failures in a row: initial, doubling, at most max. */
export function backoffMs(failures: number, b: { initialSeconds: number; maxSeconds: number }): number {
  return Math.min(b.maxSeconds * 1000, b.initialSeconds * 1000 * 2 ** Math.max(0, failures - 1));
}

/** The browser command line for one output. */
export function browserArgs(o: { output: VenueOutput; url: string; profile: string; headless: boolean; devtools: boolean; extra: string[]; root: boolean }): string[] {
  const w = o.output.window;
  return [
    ...KIOSK_ARGS,
    `--user-data-dir=${o.profile}`,
    `--window-position=${w.x},${w.y}`,
    `--window-size=${w.width},${w.height}`,
    ...(o.headless ? ['--headless=new'] : ['--kiosk']),
    ...(o.devtools ? ['--remote-debugging-port=0', '--remote-debugging-address=127.0.0.1'] : []),
    // Chromium refuses to run as root with its sandbox on; a venue machine should run it as a user.
    ...(o.root ? ['--no-sandbox'] : []),
    ...o.extra,
    `--app=${o.url}`,
  ];
}

export class Kiosk {
  private readonly browsers: Supervised[];
  private poller: ReturnType<typeof setInterval> | null = null;
  private readonly now: () => number;
  private readonly chromium: string;
  private readonly profiles: string;
  private serverUp: boolean | null = null;
  private nextQuietHour: number | null = null;
  private readonly quietHour: Cron | null;
  private stopped = false;

  constructor(private readonly o: KioskOptions) {
    this.now = o.now ?? Date.now;
    const k = o.venue.kiosk;
    this.chromium = k.chromium ?? CHROMIUM;
    this.profiles = venuePath(o.venueDir, k.profiles);
    const outputs = outputsOf(o.venue).filter((x) => !o.only?.length || o.only.includes(x.id));
    const unknown = (o.only ?? []).filter((id) => !outputsOf(o.venue).some((x) => x.id === id));
    if (unknown.length) throw new Error(`kiosk: no output ${unknown.map((x) => `"${x}"`).join(', ')} in the venue file (it has ${outputsOf(o.venue).map((x) => x.id).join(', ')})`);
    this.browsers = outputs.map((output) => ({
      id: output.id,
      output,
      state: 'stopped',
      pid: null,
      launches: 0,
      restarts: { exited: 0, frozen: 0, quietHour: 0 },
      launch: null,
      launchedAt: null,
      beatingSince: null,
      devtoolsPort: null,
      nextDelayMs: 0,
      child: null,
      failures: 0,
      timer: null,
      killing: null,
      stderr: [],
    }));
    this.quietHour = k.relaunch ? new Cron(k.relaunch, { timezone: o.venue.timeZone, paused: true }) : null;
  }

  status(): BrowserStatus[] {
    return this.browsers.map(({ id, state, pid, launches, restarts, launch, launchedAt, beatingSince, devtoolsPort, nextDelayMs }) => ({
      id,
      state,
      pid,
      launches,
      restarts: { ...restarts },
      launch,
      launchedAt,
      beatingSince,
      devtoolsPort,
      nextDelayMs,
    }));
  }

  start(): void {
    if (!existsSync(this.chromium)) throw new Error(`kiosk: no browser at ${this.chromium}; install Debian's chromium (apt-get install chromium), or set kiosk.chromium in the venue file or CHROMIUM_PATH`);
    if (process.getuid?.() === 0) this.o.log.warn({}, 'kiosk: running as root, so Chromium runs without its sandbox (--no-sandbox); run the kiosk as a normal user');
    this.nextQuietHour = this.quietHour?.nextRun(new Date(this.now()))?.getTime() ?? null;
    for (const b of this.browsers) this.launch(b);
    this.poller = setInterval(() => void this.watch(), this.o.pollMs ?? 2000);
    this.o.log.info({ outputs: this.browsers.map((b) => b.id), server: this.o.server, quietHour: this.o.venue.kiosk.relaunch, next: this.nextQuietHour && new Date(this.nextQuietHour).toISOString() }, `kiosk: ${this.browsers.length} browser(s) for ${this.o.server}`);
  }

  private launch(b: Supervised): void {
    if (this.stopped) return;
    b.timer = null;
    const token = `${b.launches + 1}-${Math.random().toString(36).slice(2, 8)}`;
    const q = new URLSearchParams({ ...this.o.query, launch: token });
    const url = `${this.o.server.replace(/\/$/, '')}/output/${encodeURIComponent(b.id)}?${q}`;
    const profile = join(this.profiles, b.id);
    mkdirSync(profile, { recursive: true });
    // A previous browser killed hard leaves its DevTools port file; the new one writes its own.
    rmSync(join(profile, 'DevToolsActivePort'), { force: true });
    const args = browserArgs({ output: b.output, url, profile, headless: !!this.o.headless, devtools: !!this.o.devtools, extra: this.o.venue.kiosk.args, root: process.getuid?.() === 0 });
    const child = spawn(this.chromium, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    b.child = child;
    b.pid = child.pid ?? null;
    b.launches++;
    b.launch = token;
    b.launchedAt = this.now();
    b.beatingSince = null;
    b.devtoolsPort = null;
    b.state = 'starting';
    b.killing = null;
    b.stderr = [];
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      b.stderr.push(...chunk.split('\n').filter(Boolean));
      if (b.stderr.length > 20) b.stderr.splice(0, b.stderr.length - 20);
    });
    child.on('error', (e) => this.o.log.error({ output: b.id, err: e.message }, `kiosk: ${b.id}: could not start ${this.chromium}`));
    child.on('exit', (code, signal) => this.exited(b, child, code, signal));
    this.o.log.info({ output: b.id, pid: b.pid, launch: token, url, launches: b.launches }, `kiosk: ${b.id}: browser started (pid ${b.pid})`);
  }

  private exited(b: Supervised, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (b.child !== child) return;
    b.child = null;
    b.pid = null;
    const why = b.killing;
    b.killing = null;
    if (why === 'stop' || this.stopped) {
      b.state = 'stopped';
      return;
    }
    const ranMs = this.now() - (b.launchedAt ?? this.now());
    if (why === null) {
      b.restarts.exited++;
      this.o.log.error({ output: b.id, code, signal, ranSeconds: Math.round(ranMs / 1000), stderr: b.stderr.slice(-5) }, `kiosk: ${b.id}: browser exited (${signal ?? `code ${code}`})`);
    }
    // Quiet-hour relaunches are planned: no back-off. Failures back off, doubling, unless it ran well for a while.
    if (why === 'quietHour') b.failures = 0;
    else b.failures = ranMs > STABLE_MS && b.beatingSince !== null ? 1 : b.failures + 1;
    const delay = why === 'quietHour' ? 0 : backoffMs(b.failures, this.o.venue.kiosk.backoff);
    b.nextDelayMs = delay;
    b.state = 'waiting';
    this.o.log.info({ output: b.id, delayMs: delay, failures: b.failures }, `kiosk: ${b.id}: starting again in ${(delay / 1000).toFixed(1)} s`);
    b.timer = setTimeout(() => this.launch(b), delay);
  }

  /** Kills the browser (its whole process group); its exit starts the next one. */
  private kill(b: Supervised, why: 'frozen' | 'quietHour' | 'stop'): void {
    const child = b.child;
    if (!child || child.exitCode !== null) return;
    b.killing = why;
    const pid = child.pid!;
    const signal = (s: NodeJS.Signals) => {
      try {
        process.kill(-pid, s);
      } catch {
        try {
          process.kill(pid, s);
        } catch {
          /* already gone */
        }
      }
    };
    // A frozen renderer may not honour SIGTERM quickly: SIGKILL after a grace period.
    signal(why === 'frozen' ? 'SIGKILL' : 'SIGTERM');
    const t = setTimeout(() => child.exitCode === null && signal('SIGKILL'), KILL_GRACE_MS);
    child.once('exit', () => clearTimeout(t));
  }

  private async health(): Promise<HealthOutput[] | null> {
    try {
      const r = await fetch(`${this.o.server.replace(/\/$/, '')}/healthz`, { signal: AbortSignal.timeout(3000) });
      const body = (await r.json()) as { outputs: HealthOutput[] };
      return body.outputs;
    } catch {
      return null;
    }
  }

  /** One look at the outputs: beating, frozen, never started beating; and the quiet hour. */
  async watch(): Promise<void> {
    if (this.stopped) return;
    const now = this.now();
    if (this.nextQuietHour !== null && now >= this.nextQuietHour) {
      this.nextQuietHour = this.quietHour!.nextRun(new Date(now + 1000))?.getTime() ?? null;
      void this.relaunchAll();
    }
    for (const b of this.browsers) if (this.o.devtools && b.devtoolsPort === null && b.child) b.devtoolsPort = readDevtoolsPort(join(this.profiles, b.id));
    const outputs = await this.health();
    if (outputs === null) {
      if (this.serverUp !== false) this.o.log.warn({ server: this.o.server }, 'kiosk: the venue server does not answer; no browser is restarted for not beating until it does');
      this.serverUp = false;
      return;
    }
    if (this.serverUp === false) this.o.log.info({ server: this.o.server }, 'kiosk: the venue server answers again');
    this.serverUp = true;
    const { staleSeconds, startupSeconds } = this.o.venue.kiosk;
    for (const b of this.browsers) {
      if (!b.child || b.killing || b.launchedAt === null) continue;
      // Its own page, by the launch token: another browser beating as the same output does not count.
      const ours = outputs.find((x) => x.id === b.id)?.sessions.find((x) => x.launch === b.launch);
      if (ours?.alive && b.beatingSince === null) {
        b.beatingSince = now;
        b.state = 'running';
        this.o.log.info({ output: b.id, launch: b.launch, afterSeconds: Math.round((now - b.launchedAt) / 100) / 10 }, `kiosk: ${b.id}: beating`);
      }
      const age = ours?.lastBeatAgeSeconds ?? Infinity;
      if (b.beatingSince !== null && age > staleSeconds) {
        b.restarts.frozen++;
        this.o.log.error({ output: b.id, pid: b.pid, lastBeatAgeSeconds: age }, `kiosk: ${b.id}: no heartbeat for ${age.toFixed(0)} s; restarting the browser`);
        this.kill(b, 'frozen');
      } else if (b.beatingSince === null && now - b.launchedAt > startupSeconds * 1000) {
        b.restarts.frozen++;
        this.o.log.error({ output: b.id, pid: b.pid, stderr: b.stderr.slice(-5) }, `kiosk: ${b.id}: no heartbeat ${startupSeconds} s after start; restarting the browser`);
        this.kill(b, 'frozen');
      }
    }
  }

  /** Starts every browser afresh, one after the other (each waits for the last to beat, up to a minute). */
  async relaunchAll(): Promise<void> {
    this.o.log.info({}, 'kiosk: quiet hour: starting every browser afresh');
    for (const b of this.browsers) {
      if (this.stopped || !b.child) continue;
      b.restarts.quietHour++;
      this.kill(b, 'quietHour');
      const until = Date.now() + 60_000;
      while (!this.stopped && Date.now() < until && (b.state !== 'running' || b.child === null)) await new Promise((r) => setTimeout(r, 500));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poller) clearInterval(this.poller);
    const exits: Promise<void>[] = [];
    for (const b of this.browsers) {
      if (b.timer) clearTimeout(b.timer);
      if (b.child && b.child.exitCode === null) {
        const c = b.child;
        exits.push(new Promise((r) => c.once('exit', () => r())));
        this.kill(b, 'stop');
      }
    }
    await Promise.all(exits);
    this.o.log.info({}, 'kiosk: stopped');
  }
}

function readDevtoolsPort(profile: string): number | null {
  try {
    const port = Number(readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0]);
    return Number.isInteger(port) && port > 0 ? port : null;
  } catch {
    return null;
  }
}
