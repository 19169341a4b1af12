/**
 * The venue server (`npx noctiluca venue`): a Fastify app that serves the built site (dist/) to the
 * outputs on this machine or the LAN, and around it
 *   /output/<id>                the URL a kiosk opens: redirects to the page with the show's installation, wall and place on it
 *   /__noctiluca/venue/link     each output's WebSocket: heartbeats in, show state and relayed messages out
 *   /healthz                    JSON: every output alive, stale or dark by schedule; 503 when one is not well
 *   /metrics                    the same and more in the Prometheus text format
 *   /remote                     the phone remote (remote.ts; off without remote.password)
 * plus the schedule (schedule.ts, evaluated every second), display power (power.ts) and OSC (osc.ts).
 * Every line of the log is JSON (log.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { Counter, Gauge } from 'prom-client';
import type { WebSocket } from 'ws';
import { parseInstallationConfig } from '../../config/index.ts';
import type { Preset } from '../../config/presets.ts';
import { LINK_PATH, RELAY_CHANNEL, RELAY_MAX_BYTES, rampAt, type PublicationMessage, type ServerMessage } from '../../venue/protocol.ts';
import { defaultDataDir } from '../contributions/db.ts';
import { CONTROL_HEADERS, mountControlPage, type ControlPage } from '../controlPage/controlPage.ts';
import type { Publication } from '../contributions/publish.ts';
import { mountContributions } from '../contributions/routes.ts';
import { openContributions, type Contributions } from '../contributions/server.ts';
import { listPresets } from '../saveConfig.ts';
import { crossSiteRefusal, hostRefusal, jsonBodyRefusal, linkOriginRefusal } from './guard.ts';
import { beatSchema, OutputRegistry } from './health.ts';
import type { Logger } from './log.ts';
import { listenOsc, oscCommand, type OscListener } from './osc.ts';
import { runPowerCommand } from './power.ts';
import { RemoteAuth } from './remote.ts';
import { compileSchedule, type ScheduleState } from './schedule.ts';
import { Show, showCommandSchema, ShowRefusal, type CommandSource, type ShowCommand } from './show.ts';
import { outputsOf, venuePath, type VenueFile } from './venueFile.ts';

const MAX_GUESTS = 32;
const MAX_MESSAGE_BYTES = 16_384;

export class VenueError extends Error {}

/**
 * The phone remote's page: its body and script in ./remote/, its head the control pages' one. Off
 * (no remote.password) it says so and loads no script.
 */
export const remotePage = (on: boolean): ControlPage => ({
  base: '/remote',
  dir: fileURLToPath(new URL('./remote/', import.meta.url)),
  title: 'Noctiluca remote',
  script: 'remote.js',
  body: () => (on ? { file: 'body.html' } : { file: 'off-body.html', bare: true }),
});

export interface VenueServerOptions {
  venue: VenueFile;
  /** What it plays (the command line's names, else the venue file's). */
  installations: string[];
  /** The built site. */
  dist: string;
  /** Where presets are read: <installationsDir>/<name>/presets/*.json. */
  installationsDir: string;
  log: Logger;
  host?: string;
  port?: number;
  /** OSC port (0: any free one); undefined: the venue file's, null: no OSC. */
  oscPort?: number | null;
  /** The venue's wall clock for the schedule and the show's change instants (tests pin it). */
  now?: () => number;
  /** How often the schedule and the outputs' health are looked at. */
  tickMs?: number;
  /** Where the venue file is (its relative paths are read from there). */
  venueDir?: string;
  /** The contributions' database connection string (NOCTILUCA_DATABASE_URL), over the venue file's. */
  databaseUrl?: string | null;
}

export interface VenueServer {
  url: string;
  oscPort: number | null;
  app: FastifyInstance;
  show: Show;
  outputs: OutputRegistry;
  /** Residents' contributions, when the venue file has a contributions section. */
  contributions: Contributions | null;
  /** Looks at the schedule and the outputs now (tests call it after moving a pinned clock). */
  tick(): void;
  health(): { status: number; body: Health };
  close(): Promise<void>;
}

export interface Health {
  status: 'ok' | 'dark by schedule' | 'degraded';
  venue: string;
  time: string;
  timeZone: string;
  schedule: { open: boolean; reason: string; event: string | null; nextChange: string | null };
  show: { rev: number; installation: string; preset: string | null; brightness: number; volume: number; held: boolean; dark: boolean };
  outputs: Record<string, unknown>[];
}

/** Reads which installations a build holds, and refuses names it lacks with a message that says what to do. */
function builtInstallations(dist: string, wanted: string[]): string[] {
  const index = join(dist, 'installations', 'index.json');
  if (!existsSync(join(dist, 'index.html')) || !existsSync(index)) {
    throw new VenueError(`venue: no built site in ${dist} (expected index.html and installations/index.json); run npm run build first, or give --dist`);
  }
  const names = (JSON.parse(readFileSync(index, 'utf8')) as { name: string }[]).map((e) => e.name);
  const missing = wanted.filter((n) => !names.includes(n));
  if (missing.length) {
    throw new VenueError(`venue: ${missing.map((n) => `"${n}"`).join(', ')} not in the build ${index} (it has ${names.map((n) => `"${n}"`).join(', ')}); add the installation and run npm run build`);
  }
  return names;
}

export async function startVenueServer(o: VenueServerOptions): Promise<VenueServer> {
  const { venue, log } = o;
  const now = o.now ?? Date.now;
  const dist = resolve(o.dist);
  if (o.installations.length === 0) throw new VenueError('venue: name at least one installation to play (npx noctiluca venue harmonia …, or "installations" in the venue file)');
  builtInstallations(dist, o.installations);
  const outputs = outputsOf(venue);
  const wall = venue.wall ?? null;

  // Outputs of a wall count time from the installation's epoch; without one they are not in step.
  for (const name of o.installations) {
    const file = join(dist, 'installations', name, 'installation.json');
    const parsed = parseInstallationConfig(readFileSync(file, 'utf8'), file);
    if (parsed.config && outputs.length > 1 && parsed.config.display.venue.epoch === null) {
      log.warn({ installation: name }, `${file}: display.venue.epoch is not set: each output counts time from its own page load, so a wall is not in step and a hold freezes each output at its own frame; set an ISO date-time (e.g. the opening night) and rebuild`);
    }
  }

  // Heartbeat ages on the machine's own clock: a pinned venue clock (tests, rehearsal) moves the schedule, not staleness.
  const registry = new OutputRegistry(outputs, venue.health.staleSeconds * 1000, Date.now);
  const metrics = registry.metrics;
  const commands = new Counter({ name: 'noctiluca_commands_total', help: 'Show commands applied, by source.', labelNames: ['source'], registers: [metrics] });
  const refused = new Counter({ name: 'noctiluca_commands_refused_total', help: 'Commands refused (bad value, unknown name, no access), by source.', labelNames: ['source'], registers: [metrics] });
  const powerRuns = new Counter({ name: 'noctiluca_power_commands_total', help: 'Display-power commands run, by action and result.', labelNames: ['action', 'result'], registers: [metrics] });
  for (const source of ['remote', 'osc', 'schedule']) commands.inc({ source }, 0), refused.inc({ source }, 0);

  const presetsDir = resolve(o.installationsDir);
  const presetCache = new Map<string, Preset[]>();
  /** An installation's presets, read afresh (a preset file edited at the venue counts from the next use). */
  const loadPresets = async (name: string): Promise<Preset[]> => {
    const { presets, errors } = await listPresets(presetsDir, name);
    for (const e of errors) log.warn({ installation: name }, e);
    presetCache.set(name, presets);
    return presets;
  };
  const show = new Show({ installations: o.installations, now, presets: loadPresets });

  let scheduleState: ScheduleState = { open: true, reason: 'starting', event: null };
  new Gauge({ name: 'noctiluca_schedule_open', help: 'Whether the schedule has the venue open (1) or closed (0).', registers: [metrics], collect() { this.set(scheduleState.open ? 1 : 0); } });
  new Gauge({ name: 'noctiluca_show_brightness', help: 'Brightness the show is set to, 0 to 1.', registers: [metrics], collect() { this.set(rampAt(show.state.brightness, now())); } });
  new Gauge({ name: 'noctiluca_show_volume', help: 'Sound volume the show is set to, 0 to 1 (times each installation\'s sound.volume).', registers: [metrics], collect() { this.set(rampAt(show.state.volume, now())); } });
  new Gauge({ name: 'noctiluca_show_held', help: 'Whether the timeline is held.', registers: [metrics], collect() { this.set(show.state.holdAt !== null ? 1 : 0); } });
  new Gauge({ name: 'noctiluca_show_revision', help: 'Revision of the show state (bumped on every change).', registers: [metrics], collect() { this.set(show.state.rev); } });
  new Gauge({ name: 'noctiluca_links', help: 'Output pages connected now.', registers: [metrics], collect() { this.set(sockets.size); } });

  // ---- the show's commands, from any source ----
  async function command(c: ShowCommand, source: CommandSource, detail: Record<string, unknown> = {}): Promise<{ ok: true; changed: string[] } | { ok: false; error: string }> {
    try {
      const changed = await show.apply(c);
      commands.inc({ source });
      log.info({ source, ...detail, command: c, changed, rev: show.state.rev }, changed.length ? `show: ${changed.join(', ')}` : 'show: no change');
      return { ok: true, changed };
    } catch (e) {
      if (!(e instanceof ShowRefusal)) throw e;
      refused.inc({ source });
      log.warn({ source, ...detail, command: c }, `refused: ${e.message}`);
      return { ok: false, error: e.message };
    }
  }

  // ---- outputs' links ----
  const sockets = new Map<WebSocket, string>();
  const send = (ws: WebSocket, m: ServerMessage) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(m));
  show.subscribe((state) => {
    const text = JSON.stringify({ type: 'show', show: state } satisfies ServerMessage);
    for (const ws of sockets.keys()) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  // ---- residents' contributions: each publication reaches the outputs ----
  const publicationMessage = (p: Publication): string => JSON.stringify({ type: 'publication', installation: p.installation, rev: p.rev, at: p.at, cells: p.cells, born: p.born } satisfies PublicationMessage);
  let contributions: Contributions | null = null;
  if (venue.contributions) {
    const c = venue.contributions;
    const names = c.installations ?? o.installations;
    const unknown = names.filter((n) => !o.installations.includes(n));
    if (unknown.length) throw new VenueError(`venue: contributions.installations names ${unknown.map((n) => `"${n}"`).join(', ')}, which the venue does not play (${o.installations.join(', ')})`);
    contributions = await openContributions(
      {
        installations: names,
        database: o.databaseUrl ?? c.database,
        dataDir: c.dataDir ? venuePath(o.venueDir ?? process.cwd(), c.dataDir) : defaultDataDir(),
        submitPerMinute: c.submitPerMinute,
        phoneRegion: c.phoneRegion as never,
        publishDelaySeconds: c.publishDelaySeconds,
      },
      {
        installationsDir: presetsDir,
        log,
        onPublished: (p) => {
          const text = publicationMessage(p);
          for (const ws of sockets.keys()) if (ws.readyState === ws.OPEN) ws.send(text);
        },
      },
    );
  }

  // Per-request lines are off: scrapes and page assets would drown the log; what matters is logged by name.
  const app = Fastify({ loggerInstance: log as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }), bodyLimit: MAX_MESSAGE_BYTES, trustProxy: false });
  // Every request names this machine or an allowed name, or it is refused (DNS rebinding).
  app.addHook('onRequest', async (req, reply) => {
    const refusal = hostRefusal(req.headers, venue.server.allowedHosts);
    if (refusal) {
      log.warn({ ip: req.ip, host: req.headers.host, url: req.url.split('?')[0] }, refusal.reason);
      return reply.code(refusal.status).send({ error: refusal.reason });
    }
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_MESSAGE_BYTES } });
  await app.register(fastifyRateLimit, { global: false });

  app.get(LINK_PATH, {
    websocket: true,
    preValidation: async (req, reply) => {
      const refusal = linkOriginRefusal(req.headers);
      const id = (req.query as Record<string, string>).link ?? '';
      const configured = outputs.some((x) => x.id === id);
      const guests = registry.health().filter((h) => !h.configured).length;
      if (refusal) return reply.code(refusal.status).send({ error: refusal.reason });
      if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) return reply.code(400).send({ error: 'expected ?link=<output id> (lowercase letters, digits, dashes)' });
      if (!configured && guests >= MAX_GUESTS && !registry.health().some((h) => h.id === id)) return reply.code(429).send({ error: `too many outputs not in the venue file (${MAX_GUESTS})` });
    },
  }, (ws, req) => {
    const id = (req.query as Record<string, string>).link;
    sockets.set(ws, id);
    send(ws, { type: 'show', show: show.state });
    for (const name of contributions?.settings.installations ?? []) {
      const p = contributions!.publisher.latest(name);
      if (p && ws.readyState === ws.OPEN) ws.send(publicationMessage(p));
    }
    let relayBudget = 100;
    const refill = setInterval(() => (relayBudget = 100), 1000);
    ws.on('message', (raw: Buffer) => {
      let m: unknown;
      try {
        m = JSON.parse(raw.toString('utf8'));
      } catch {
        return;
      }
      const type = (m as { type?: unknown })?.type;
      if (type === 'beat') {
        const beat = beatSchema.safeParse(m);
        if (!beat.success) return log.warn({ output: id }, `output ${id}: a heartbeat that does not fit (${beat.error.issues[0]?.path.join('.')}); ignored`);
        if (registry.beat(id, beat.data)) {
          log.info({ output: id, session: beat.data.session, launch: beat.data.launch, installation: beat.data.installation, wallOutput: beat.data.wallOutput }, `output ${id}: page loaded`);
        }
      } else if (type === 'relay') {
        const r = m as { channel?: unknown; data?: unknown };
        if (typeof r.channel !== 'string' || !RELAY_CHANNEL.test(r.channel) || raw.length > RELAY_MAX_BYTES + 256 || relayBudget-- <= 0) return;
        const text = JSON.stringify({ type: 'relay', channel: r.channel, data: r.data, from: id } satisfies ServerMessage);
        for (const [other, oid] of sockets) if (other !== ws && oid !== id && other.readyState === other.OPEN) other.send(text);
      }
    });
    ws.on('close', () => {
      clearInterval(refill);
      sockets.delete(ws);
    });
  });

  // ---- the outputs' URL ----
  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>('/output/:id', async (req, reply) => {
    const out = outputs.find((x) => x.id === req.params.id);
    if (!out) return reply.code(404).type('text/plain; charset=utf-8').send(`no output "${req.params.id}" in the venue file (it has ${outputs.map((x) => x.id).join(', ')})`);
    const q = new URLSearchParams();
    q.set('installation', show.state.installation);
    q.set('mode', 'venue');
    q.set('link', out.id);
    if (wall) q.set('wall', `${wall.columns}x${wall.rows}`);
    q.set('output', String(out.wallOutput));
    // The kiosk's launch token, and test and rehearsal parameters (?t=, ?quality=, ?now=), pass through.
    for (const k of ['launch', 't', 'quality', 'now']) if (typeof req.query[k] === 'string') q.set(k, req.query[k]);
    return reply.redirect(`/?${q}`, 302);
  });

  // ---- health and metrics ----
  let nextChangeCache: { minute: number; at: number | null } | null = null;
  const schedule = compileSchedule(venue.schedule, venue.timeZone);
  function health(): { status: number; body: Health } {
    const t = now();
    const minute = Math.floor(t / 60_000);
    if (nextChangeCache?.minute !== minute) nextChangeCache = { minute, at: schedule.nextChange(t) };
    const list = registry.health();
    const bad = list.some((h) => h.configured && (h.status === 'stale' || h.status === 'never seen' || h.status === 'error'));
    const body: Health = {
      status: bad ? 'degraded' : scheduleState.open ? 'ok' : 'dark by schedule',
      venue: venue.name,
      time: new Date(t).toISOString(),
      timeZone: venue.timeZone,
      schedule: {
        open: scheduleState.open,
        reason: scheduleState.reason,
        event: scheduleState.event?.note ?? null,
        nextChange: nextChangeCache.at === null ? null : new Date(nextChangeCache.at).toISOString(),
      },
      show: {
        rev: show.state.rev,
        installation: show.state.installation,
        preset: show.state.preset?.name ?? null,
        brightness: Math.round(rampAt(show.state.brightness, t) * 1000) / 1000,
        volume: Math.round(rampAt(show.state.volume, t) * 1000) / 1000,
        held: show.state.holdAt !== null,
        dark: show.dark,
      },
      outputs: list.map(({ beat, ...h }) => ({
        ...h,
        session: beat?.session ?? null,
        launch: beat?.launch ?? null,
        state: beat?.state ?? null,
        installation: beat?.installation ?? null,
        fps: beat?.fps ?? null,
        frameMs: beat?.frameMs ?? null,
        heapBytes: beat?.heapBytes ?? null,
        qualityStep: beat?.qualityStep ?? null,
        uptimeSeconds: beat?.uptimeSeconds ?? null,
        lastError: beat?.lastError ?? null,
        rev: beat?.rev ?? null,
        light: beat?.level ?? null,
        held: beat?.held ?? null,
        preset: beat?.preset ?? null,
      })),
    };
    return { status: bad ? 503 : 200, body };
  }
  app.get('/healthz', async (_req, reply) => {
    const h = health();
    return reply.code(h.status).header('Cache-Control', 'no-store').send(h.body);
  });
  app.get('/metrics', async (_req, reply) => reply.header('Content-Type', metrics.contentType).header('Cache-Control', 'no-store').send(await metrics.metrics()));

  // ---- the remote ----
  const auth = venue.remote ? new RemoteAuth(venue.remote.password, now) : null;
  mountControlPage(app, remotePage(auth !== null));

  const refuse = (reply: import('fastify').FastifyReply, status: number, error: string, detail: Record<string, unknown>) => {
    refused.inc({ source: 'remote' });
    log.warn({ source: 'remote', status, ...detail }, error);
    return reply.code(status).headers(CONTROL_HEADERS).send({ error });
  };
  app.post('/remote/api/login', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (req, reply) => {
    if (!auth) return reply.code(404).send({ error: 'the remote is off: set remote.password in the venue file' });
    const guard = crossSiteRefusal(req.headers, true) ?? jsonBodyRefusal(req.headers);
    if (guard) return refuse(reply, guard.status, guard.reason, { ip: req.ip, route: 'login' });
    const session = auth.login((req.body as { password?: unknown } | null)?.password);
    if (!session) return refuse(reply, 401, 'refused: wrong password', { ip: req.ip, route: 'login' });
    log.info({ source: 'remote', ip: req.ip }, 'remote: logged in');
    return reply.headers(CONTROL_HEADERS).header('Set-Cookie', session.setCookie).send({ csrf: session.csrf });
  });
  app.post('/remote/api/logout', async (req, reply) => {
    if (!auth) return reply.code(404).send({ error: 'the remote is off' });
    const guard = crossSiteRefusal(req.headers, true);
    if (guard) return refuse(reply, guard.status, guard.reason, { ip: req.ip, route: 'logout' });
    return reply.headers(CONTROL_HEADERS).header('Set-Cookie', auth.logout(req.headers)).send({ ok: true });
  });
  app.get('/remote/api/status', async (req, reply) => {
    if (!auth) return reply.code(404).send({ error: 'the remote is off' });
    const access = auth.check(req.headers, false);
    if (!access.ok) return reply.code(access.status).headers(CONTROL_HEADERS).send({ error: access.reason });
    const presets = presetCache.get(show.state.installation) ?? (await loadPresets(show.state.installation));
    return reply.headers(CONTROL_HEADERS).send({
      csrf: auth.csrfOf(req.headers),
      installations: show.installations,
      presets: presets.map((p) => ({ name: p.name, description: p.description })),
      health: health().body,
    });
  });
  app.post('/remote/api/show', async (req, reply) => {
    if (!auth) return reply.code(404).send({ error: 'the remote is off' });
    const access = auth.check(req.headers, true);
    if (!access.ok) return refuse(reply, access.status, access.reason, { ip: req.ip, route: 'show' });
    const parsed = showCommandSchema.safeParse(req.body);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      return refuse(reply, 400, `refused: ${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`, { ip: req.ip, route: 'show' });
    }
    const r = await command(parsed.data, 'remote', { ip: req.ip, by: access.by });
    return reply.code(r.ok ? 200 : 422).headers(CONTROL_HEADERS).send(r.ok ? { rev: show.state.rev, changed: r.changed } : { error: r.error });
  });

  // ---- residents' contributions: the form, moderation, the published artefacts ----
  if (contributions) {
    await mountContributions(app, {
      store: contributions.store,
      publisher: contributions.publisher,
      installations: contributions.settings.installations,
      log,
      submitPerMinute: venue.contributions!.submitPerMinute,
      phoneRegion: venue.contributions!.phoneRegion as never,
      kiosk: venue.contributions!.kiosk,
      sendBuilt: (reply, path) => reply.sendFile(path),
      now,
    });
  }

  // ---- the built site ----
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    index: ['index.html'],
    setHeaders: (res, path) => {
      if (path.endsWith('.html') || path.endsWith('.json') || path.endsWith('.bin')) res.header('Cache-Control', 'no-cache');
    },
  });

  // ---- schedule, power and health transitions, every tick ----
  const power = venue.power;
  let powerTimer: ReturnType<typeof setTimeout> | null = null;
  const runPower = (action: 'on' | 'off') => {
    if (!power) return;
    void runPowerCommand(power[action], power.timeoutSeconds).then((r) => {
      powerRuns.inc({ action, result: r.ok ? 'ok' : 'failed' });
      (r.ok ? log.info.bind(log) : log.error.bind(log))({ action, code: r.code, ms: r.ms, output: r.output }, `display power ${action}: ${r.ok ? 'done' : 'failed'}`);
    });
  };
  let first = true;
  let lastStatuses = new Map<string, string>();
  const defaults: ShowCommand = { installation: o.installations[0], preset: null, brightness: 1, volume: 1 };
  function tick(): void {
    const t = now();
    const s = schedule.at(t);
    const fadeMs = first ? 0 : (venue.schedule?.fadeSeconds ?? 0) * 1000;
    if (first || s.open !== scheduleState.open) {
      show.setDark(!s.open, fadeMs, venue.schedule?.closed === 'poster');
      registry.setDarkBySchedule(!s.open);
      log.info({ open: s.open, reason: s.reason, fadeMs }, s.open ? `schedule: open (${s.reason})` : `schedule: dark (${s.reason})`);
      if (powerTimer) clearTimeout(powerTimer), (powerTimer = null);
      if (s.open) runPower('on');
      else powerTimer = setTimeout(() => runPower('off'), fadeMs);
    }
    const was = scheduleState.event?.key ?? null;
    const is = s.event?.key ?? null;
    if (is !== was) {
      if (s.event) {
        const { installation, preset, brightness, volume } = s.event.settings;
        const c: ShowCommand = {
          ...(installation !== undefined ? { installation } : {}),
          ...(preset !== undefined ? { preset } : {}),
          ...(brightness !== undefined ? { brightness } : {}),
          ...(volume !== undefined ? { volume } : {}),
        };
        log.info({ event: s.event.note, until: new Date(s.event.endsAt).toISOString() }, `schedule: event "${s.event.note}" starts`);
        if (Object.keys(c).length) void command(c, 'schedule', { event: s.event.note });
      } else if (was !== null) {
        log.info({}, 'schedule: event ends; back to the venue\'s defaults');
        void command(defaults, 'schedule', { event: 'end' });
      }
    }
    scheduleState = s;
    first = false;
    // Outputs going stale, coming back, failing, claimed twice: one line each, when it changes.
    const statuses = new Map<string, string>();
    for (const h of registry.health()) {
      const pages = h.sessions.filter((x) => x.alive).length;
      statuses.set(h.id, pages > 1 ? `${h.status}+${pages}` : h.status);
      if (pages > 1 && lastStatuses.get(h.id) !== statuses.get(h.id)) {
        log.warn({ output: h.id, sessions: h.sessions.filter((x) => x.alive) }, `output ${h.id}: ${pages} pages beat as this output (a second browser opened /output/${h.id}?)`);
      }
      const before = lastStatuses.get(h.id)?.split('+')[0];
      if (before !== undefined && before !== h.status) {
        const line = { output: h.id, from: before, to: h.status, lastBeatAgeSeconds: h.lastBeatAgeSeconds, lastError: h.beat?.lastError ?? null };
        if (h.status === 'stale' || h.status === 'error') log.error(line, `output ${h.id}: ${h.status}`);
        else log.info(line, `output ${h.id}: ${h.status}`);
      }
    }
    lastStatuses = statuses;
  }
  try {
    await app.listen({ host: o.host ?? venue.server.host, port: o.port ?? venue.server.port });
  } catch (e) {
    await app.close();
    await contributions?.close();
    throw e;
  }
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new VenueError('venue: the server has no port');
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  tick();
  const ticker = setInterval(tick, o.tickMs ?? 1000);

  // ---- OSC ----
  let osc: OscListener | null = null;
  const oscPort = o.oscPort === undefined ? (venue.osc?.port ?? null) : o.oscPort;
  if (oscPort !== null) {
    const oscMessages = new Counter({ name: 'noctiluca_osc_messages_total', help: 'OSC messages received, by result.', labelNames: ['result'], registers: [metrics] });
    oscMessages.inc({ result: 'applied' }, 0);
    oscMessages.inc({ result: 'refused' }, 0);
    osc = await listenOsc(
      venue.osc?.host ?? o.host ?? venue.server.host,
      oscPort,
      venue.osc?.allow ?? [],
      (address, args, from) => {
        const r = oscCommand(address, args);
        if ('error' in r) {
          oscMessages.inc({ result: 'refused' });
          refused.inc({ source: 'osc' });
          return log.warn({ source: 'osc', from, address }, r.error);
        }
        void command(r.command, 'osc', { from, address, args }).then((x) => oscMessages.inc({ result: x.ok ? 'applied' : 'refused' }));
      },
      (message, from) => {
        oscMessages.inc({ result: 'refused' });
        log.warn({ source: 'osc', from }, `osc: ${message}`);
      },
    ).catch(async (e: Error) => {
      clearInterval(ticker);
      await app.close();
      await contributions?.close();
      throw new VenueError(`venue: OSC: cannot listen on UDP port ${oscPort} (${e.message})`);
    });
  }

  log.info({ url, osc: osc?.port ?? null, installations: o.installations, outputs: outputs.map((x) => x.id), dist }, `venue "${venue.name}" serving ${url}`);

  return {
    url,
    oscPort: osc?.port ?? null,
    app,
    show,
    outputs: registry,
    contributions,
    tick,
    health,
    async close() {
      clearInterval(ticker);
      if (powerTimer) clearTimeout(powerTimer);
      await osc?.close();
      for (const ws of sockets.keys()) ws.terminate();
      await app.close();
      await contributions?.close();
    },
  };
}
