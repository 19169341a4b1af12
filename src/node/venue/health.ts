/**
 * What the venue server knows about its outputs, from their heartbeats: alive (beat within
 * `staleSeconds`), stale, dark by schedule (alive and showing black because the venue is closed:
 * not a failure), loading, error. `/healthz` is `health()` as JSON; `/metrics` is the same in the
 * Prometheus text format (prom-client), with counters that survive page reloads (context losses are
 * counted per page and added up here).
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { z } from 'zod';
import type { Beat } from '../../venue/protocol.ts';

/** A heartbeat as the server accepts it: numbers bounded, strings cut short (a page is not trusted). */
export const beatSchema = z.object({
  type: z.literal('beat'),
  session: z.string().max(64),
  launch: z.string().max(64).nullable(),
  installation: z.string().max(64),
  state: z.enum(['loading', 'ready', 'error']),
  fps: z.number().min(0).max(1000),
  frameMs: z.number().min(0).max(1e6).nullable(),
  losses: z.number().int().min(0).max(1e9),
  recoveries: z.number().int().min(0).max(1e9),
  rebuilds: z.number().int().min(0).max(1e9),
  heapBytes: z.number().min(0).max(1e12).nullable(),
  qualityStep: z.number().int().min(0).max(100),
  uptimeSeconds: z.number().min(0).max(1e9),
  lastError: z.string().transform((s) => s.slice(0, 300)).nullable(),
  wall: z.string().max(16),
  wallOutput: z.number().int().min(0).max(1024),
  rev: z.number().int().min(0),
  level: z.number().min(0).max(1),
  held: z.boolean(),
  preset: z.string().max(64).nullable(),
}) satisfies z.ZodType<Beat>;

export type OutputStatus = 'playing' | 'dark by schedule' | 'loading' | 'error' | 'stale' | 'never seen';

export interface OutputHealth {
  id: string;
  /** Configured in the venue file (false: a guest page that named itself with ?output=). */
  configured: boolean;
  /** Its place on the wall, row by row from 0. */
  wallOutput: number;
  status: OutputStatus;
  alive: boolean;
  stale: boolean;
  darkBySchedule: boolean;
  lastBeatAgeSeconds: number | null;
  /** Page loads seen (a reload or a relaunched browser is a new one). */
  pageLoads: number;
  /** Context losses and recoveries over all page loads. */
  contextLosses: number;
  contextRecoveries: number;
  /** The page that beat last. */
  beat: Beat | null;
  /**
   * Every page that beat as this output in the last minute, newest first: normally one; two alive
   * means a second browser claims the output (the kiosk finds its own by the launch token).
   */
  sessions: { session: string; launch: string | null; lastBeatAgeSeconds: number; alive: boolean }[];
}

/** Pages of an output forgotten after this long without a beat. */
const SESSION_MEMORY_MS = 60_000;

interface OutputRecord {
  id: string;
  configured: boolean;
  wallOutput: number;
  beat: Beat | null;
  lastBeatAt: number | null;
  sessions: Map<string, { beat: Beat; lastBeatAt: number }>;
  pageLoads: number;
  losses: number;
  recoveries: number;
  lastError: string | null;
}

export class OutputRegistry {
  readonly metrics = new Registry();
  private readonly outputs = new Map<string, OutputRecord>();
  private darkBySchedule = false;
  private readonly lossCounter: Counter;
  private readonly recoveryCounter: Counter;
  private readonly loadCounter: Counter;
  private readonly errorCounter: Counter;

  constructor(
    configured: { id: string; wallOutput: number }[],
    private readonly staleMs: number,
    private readonly now: () => number,
  ) {
    for (const o of configured) this.outputs.set(o.id, this.record(o.id, o.wallOutput, true));
    collectDefaultMetrics({ register: this.metrics, prefix: 'noctiluca_venue_' });
    const registers = [this.metrics];
    const self = this;
    /** A gauge per output, set from the records at scrape time. */
    const perOutput = (name: string, help: string, value: (h: OutputHealth) => number | null) =>
      new Gauge({
        name,
        help,
        labelNames: ['output'],
        registers,
        collect() {
          this.reset();
          for (const h of self.health()) {
            const v = value(h);
            if (v !== null && Number.isFinite(v)) this.set({ output: h.id }, v);
          }
        },
      });
    perOutput('noctiluca_output_up', 'Whether the output beat within the stale limit (1) or not (0).', (h) => (h.alive ? 1 : 0));
    perOutput('noctiluca_output_dark_by_schedule', 'Whether the output is dark because the venue is closed.', (h) => (h.darkBySchedule ? 1 : 0));
    perOutput('noctiluca_output_last_beat_age_seconds', 'Seconds since the output last beat.', (h) => h.lastBeatAgeSeconds);
    perOutput('noctiluca_output_fps', 'Frames per second drawn over the last beat.', (h) => h.beat?.fps ?? null);
    perOutput('noctiluca_output_frame_seconds', 'Mean time between frames over the last beat.', (h) => (h.beat?.frameMs != null ? h.beat.frameMs / 1000 : null));
    perOutput('noctiluca_output_heap_bytes', 'JavaScript heap in use on the output page.', (h) => h.beat?.heapBytes ?? null);
    perOutput('noctiluca_output_quality_step', 'Adaptive quality step (0 is full quality).', (h) => h.beat?.qualityStep ?? null);
    perOutput('noctiluca_output_uptime_seconds', 'Seconds since the output page loaded.', (h) => h.beat?.uptimeSeconds ?? null);
    perOutput('noctiluca_output_light', 'Light the output gives (brightness times the schedule), 0 to 1.', (h) => h.beat?.level ?? null);
    perOutput('noctiluca_output_show_revision', 'Show state revision the output applied.', (h) => h.beat?.rev ?? null);
    this.lossCounter = new Counter({ name: 'noctiluca_output_context_losses_total', help: 'WebGL context losses on the output, over all page loads.', labelNames: ['output'], registers });
    this.recoveryCounter = new Counter({ name: 'noctiluca_output_context_recoveries_total', help: 'WebGL context losses recovered from (the same frame drawn again).', labelNames: ['output'], registers });
    this.loadCounter = new Counter({ name: 'noctiluca_output_page_loads_total', help: 'Page loads of the output (reloads and relaunched browsers).', labelNames: ['output'], registers });
    this.errorCounter = new Counter({ name: 'noctiluca_output_errors_total', help: 'Errors the output page reported (each new last error counts once).', labelNames: ['output'], registers });
    for (const o of configured) for (const c of [this.lossCounter, this.recoveryCounter, this.loadCounter, this.errorCounter]) c.inc({ output: o.id }, 0);
  }

  private record(id: string, wallOutput: number, configured: boolean): OutputRecord {
    return { id, configured, wallOutput, beat: null, lastBeatAt: null, sessions: new Map(), pageLoads: 0, losses: 0, recoveries: 0, lastError: null };
  }

  setDarkBySchedule(dark: boolean): void {
    this.darkBySchedule = dark;
  }

  /** Records a heartbeat of output `id`; returns whether it is a new page load. */
  beat(id: string, beat: Beat): boolean {
    let r = this.outputs.get(id);
    if (!r) {
      r = this.record(id, beat.wallOutput, false);
      this.outputs.set(id, r);
    }
    const now = this.now();
    const prev = r.sessions.get(beat.session);
    const fresh = prev === undefined;
    if (fresh) {
      r.pageLoads++;
      this.loadCounter.inc({ output: id });
    }
    // Counts restart at 0 with each page load: add what is new since the last beat of this page.
    const prevLosses = prev?.beat.losses ?? 0;
    const prevRecoveries = prev?.beat.recoveries ?? 0;
    if (beat.losses > prevLosses) {
      r.losses += beat.losses - prevLosses;
      this.lossCounter.inc({ output: id }, beat.losses - prevLosses);
    }
    if (beat.recoveries > prevRecoveries) {
      r.recoveries += beat.recoveries - prevRecoveries;
      this.recoveryCounter.inc({ output: id }, beat.recoveries - prevRecoveries);
    }
    if (beat.lastError && beat.lastError !== r.lastError) this.errorCounter.inc({ output: id });
    r.lastError = beat.lastError;
    if (!r.configured) r.wallOutput = beat.wallOutput;
    r.beat = beat;
    r.lastBeatAt = now;
    r.sessions.set(beat.session, { beat, lastBeatAt: now });
    for (const [k, v] of r.sessions) if (now - v.lastBeatAt > SESSION_MEMORY_MS) r.sessions.delete(k);
    return fresh;
  }

  /** Every output's health, configured ones first. */
  health(): OutputHealth[] {
    const now = this.now();
    const out: OutputHealth[] = [];
    for (const r of this.outputs.values()) {
      const age = r.lastBeatAt === null ? null : Math.max(0, now - r.lastBeatAt) / 1000;
      const alive = age !== null && age * 1000 <= this.staleMs;
      const status: OutputStatus =
        age === null ? 'never seen' : !alive ? 'stale' : r.beat?.state === 'error' ? 'error' : r.beat?.state === 'loading' ? 'loading' : this.darkBySchedule ? 'dark by schedule' : 'playing';
      out.push({
        id: r.id,
        configured: r.configured,
        wallOutput: r.wallOutput,
        status,
        alive,
        stale: age !== null && !alive,
        darkBySchedule: alive && this.darkBySchedule,
        lastBeatAgeSeconds: age === null ? null : Math.round(age * 10) / 10,
        pageLoads: r.pageLoads,
        contextLosses: r.losses,
        contextRecoveries: r.recoveries,
        beat: r.beat,
        sessions: [...r.sessions.entries()]
          .map(([session, v]) => ({ session, launch: v.beat.launch, lastBeatAgeSeconds: Math.round(Math.max(0, now - v.lastBeatAt) / 100) / 10, alive: now - v.lastBeatAt <= this.staleMs }))
          .sort((a, b) => a.lastBeatAgeSeconds - b.lastBeatAgeSeconds),
      });
    }
    return out.sort((a, b) => Number(b.configured) - Number(a.configured));
  }
}
