/**
 * The link between a venue server (`npx noctiluca venue`, src/node/venue/) and its outputs: one
 * WebSocket per output page at LINK_PATH. Browser-safe and shared by both ends.
 *
 *   page → server   beat    every BEAT_MS: how the output is (fps, context losses, heap, …)
 *                   relay   a message for the other outputs of the venue (see RelayMessage)
 *   server → page   show    the whole show state, on connect and on every change
 *                   relay   a relayed message from another output
 *
 * Every frame stays a pure function of (installation, data, time, viewport, recorded input): the
 * show state says *when* each change happens on the wall clock (a brightness ramp from an instant,
 * a hold at an instant, a fade to black from an instant), and every output computes what it shows
 * at its own wall-clock time from the same state. Two outputs of a wall that get the same state
 * draw the same frame at the same moment, however late the message reached either.
 */

export const LINK_PATH = '/__noctiluca/venue/link';
/** How often an output says it is alive. */
export const BEAT_MS = 1000;

/** A change from one level to another over `ms` milliseconds from the wall-clock instant `at`. */
export interface Ramp {
  from: number;
  to: number;
  /** Wall-clock ms since 1970 when the change starts. */
  at: number;
  ms: number;
}

export interface ShowState {
  /** Random per server start: a restarted server's counters start again, and outputs know it. */
  server: string;
  /** Bumped on every change; outputs report the revision they show. */
  rev: number;
  installation: string;
  /** The preset on top of the installation's config (values by key path), or null for the config as written. */
  preset: { name: string; values: Record<string, unknown> } | null;
  /** Overall brightness 0–1 (the remote's slider, OSC), ramped. */
  brightness: Ramp;
  /** Sound volume 0–1 over each installation's `sound.volume` (the remote's slider, OSC), ramped. */
  volume: Ramp;
  /** Scheduled darkness 0 (lit) – 1 (dark), ramped: the fade to black at closing and back at opening. */
  dark: Ramp & { poster: boolean };
  /** Wall-clock instant the timeline is held at (every output shows the frame of that instant), or null. */
  holdAt: number | null;
  /** Outputs show their wall output number and id until this wall-clock instant (or never: null). */
  identifyUntil: number | null;
  /** Bumped to make every output reload its page (a restarted server, with its own `server`, makes none reload). */
  reload: number;
}

/** What an output reports every BEAT_MS. */
export interface Beat {
  type: 'beat';
  /** Random per page load: a new session is a reload or a relaunched browser. */
  session: string;
  /** The kiosk's launch token from the URL (`&launch=`), so it can tell its own browser beating. */
  launch: string | null;
  installation: string;
  state: 'loading' | 'ready' | 'error';
  fps: number;
  /** Mean milliseconds between frames over the last beat. */
  frameMs: number | null;
  losses: number;
  recoveries: number;
  rebuilds: number;
  heapBytes: number | null;
  qualityStep: number;
  uptimeSeconds: number;
  lastError: string | null;
  /** The wall ("2x1") and this page's place on it, row by row from 0. */
  wall: string;
  wallOutput: number;
  /** The show revision this output applied, and what it shows now. */
  rev: number;
  level: number;
  held: boolean;
  preset: string | null;
}

/**
 * A message from one output to the others of the venue, e.g. visitor stirring seen by the output
 * that owns a camera, drawn by every output of the wall. `channel` names what it is (lowercase
 * letters, digits, dashes); `data` is JSON of at most RELAY_MAX_BYTES. The server adds `from`.
 */
export interface RelayMessage {
  type: 'relay';
  channel: string;
  data: unknown;
  from?: string;
}

export const RELAY_CHANNEL = /^[a-z][a-z0-9-]{0,31}$/;
export const RELAY_MAX_BYTES = 4096;

/**
 * A new publication of an installation's artefact (residents' contributions joined or withdrawn,
 * docs/CONTRIBUTIONS.md): outputs playing it load the artefact again without a reload, and light
 * each newborn cell for BIRTH_MS from `at` (one after another), so every output of a wall shows
 * the birth at the same moment. Sent on every publication and, on connect, the latest one.
 */
export interface PublicationMessage {
  type: 'publication';
  installation: string;
  rev: number;
  /** Wall-clock instant of the publication (ms since 1970). */
  at: number;
  cells: number;
  /** Cells (indices in the new artefact) of contributions new in it. */
  born: number[];
}

/** How long a newborn cell shines. */
export const BIRTH_MS = 12_000;

export type PageMessage = Beat | RelayMessage;
export type ServerMessage = { type: 'show'; show: ShowState } | RelayMessage | PublicationMessage;

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/** A ramp's value at wall-clock `ms`. */
export function rampAt(r: Ramp, ms: number): number {
  if (r.ms <= 0 || ms >= r.at + r.ms) return r.to;
  if (ms <= r.at) return r.from;
  return r.from + ((r.to - r.from) * (ms - r.at)) / r.ms;
}

/** A ramp from wherever `current` is at `ms` to `to`, over `durationMs`. */
export function rampTo(current: Ramp, to: number, ms: number, durationMs: number): Ramp {
  return { from: rampAt(current, ms), to, at: ms, ms: Math.max(0, durationMs) };
}

/** How much light an output gives at wall-clock `ms`: brightness times (1 − scheduled darkness). */
export function lightAt(show: Pick<ShowState, 'brightness' | 'dark'>, ms: number): number {
  return clamp01(rampAt(show.brightness, ms)) * (1 - clamp01(rampAt(show.dark, ms)));
}

/** Whether either ramp is still moving at `ms` (an output redraws its veil only then). */
export function rampsMoving(show: Pick<ShowState, 'brightness' | 'dark'>, ms: number): boolean {
  const moving = (r: Ramp) => r.ms > 0 && ms < r.at + r.ms && r.from !== r.to;
  return moving(show.brightness) || moving(show.dark);
}

/** The initial state of a show playing `installation`. */
export function initialShow(installation: string, server = ''): ShowState {
  return {
    server,
    rev: 0,
    installation,
    preset: null,
    brightness: { from: 1, to: 1, at: 0, ms: 0 },
    volume: { from: 1, to: 1, at: 0, ms: 0 },
    dark: { from: 0, to: 0, at: 0, ms: 0, poster: false },
    holdAt: null,
    identifyUntil: null,
    reload: 0,
  };
}
