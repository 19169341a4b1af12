/**
 * OSC over UDP for lighting desks and show control (node-osc). Each message becomes a show command,
 * the same the remote sends:
 *
 * | address                     | arguments                      | does                                              |
 * | --------------------------- | ------------------------------ | ------------------------------------------------- |
 * | /noctiluca/installation     | name (string)                  | switches every output to that installation        |
 * | /noctiluca/preset           | name (string; "" or "none")    | applies a preset of the installation, or none     |
 * | /noctiluca/brightness       | 0–1 [, fade seconds]           | sets the brightness (default fade 1 s)            |
 * | /noctiluca/volume           | 0–1 [, fade seconds]           | sets the sound volume (default fade 1 s)          |
 * | /noctiluca/hold             | 0–1                            | holds the timeline at ≥ 0.5, releases below       |
 * | /noctiluca/identify         | [seconds]                      | outputs show their number and id (default 10 s)   |
 * | /noctiluca/reload           | (none)                         | every output reloads its page                     |
 *
 * Numbers may be int or float (desks send either). Bundles are taken apart, their messages applied
 * in order. OSC has no authentication: listen on the lighting network only (osc.host), and list the
 * desks' addresses in osc.allow to refuse everyone else.
 */
import { Server } from 'node-osc';
import type { ShowCommand } from './show.ts';

export type OscResult = { command: ShowCommand } | { error: string };

/** OSC floats are 32-bit (0.6 arrives as 0.6000000238…): six decimals keep what the desk meant. */
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : typeof v === 'boolean' ? Number(v) : null);

/** The show command an OSC message asks for, or why it is refused. */
export function oscCommand(address: string, args: unknown[]): OscResult {
  const [a, b] = args;
  switch (address) {
    case '/noctiluca/installation':
      return typeof a === 'string' && a ? { command: { installation: a } } : { error: `${address}: expected an installation name (string)` };
    case '/noctiluca/preset':
      if (typeof a !== 'string') return { error: `${address}: expected a preset name (string; "" or "none" for none)` };
      return { command: { preset: a === '' || a === 'none' ? null : a } };
    case '/noctiluca/brightness':
    case '/noctiluca/volume': {
      const what = address === '/noctiluca/volume' ? 'volume' : 'brightness';
      const v = num(a);
      const fade = b === undefined ? undefined : num(b);
      if (v === null || v < 0 || v > 1) return { error: `${address}: expected a ${what} from 0 to 1, got ${JSON.stringify(a)}` };
      if (fade === null || (fade !== undefined && (fade < 0 || fade > 600))) return { error: `${address}: the fade is seconds from 0 to 600, got ${JSON.stringify(b)}` };
      return { command: fade === undefined ? { [what]: v } : { [what]: v, fadeSeconds: fade } };
    }
    case '/noctiluca/hold': {
      const v = a === undefined ? 1 : num(a);
      if (v === null) return { error: `${address}: expected 0–1 (≥ 0.5 holds), got ${JSON.stringify(a)}` };
      return { command: { hold: v >= 0.5 } };
    }
    case '/noctiluca/identify': {
      const v = a === undefined ? 10 : num(a);
      if (v === null || v < 0 || v > 600) return { error: `${address}: expected seconds from 0 to 600, got ${JSON.stringify(a)}` };
      return { command: { identify: v } };
    }
    case '/noctiluca/reload':
      return { command: { reload: true } };
    default:
      return { error: `${address}: not a Noctiluca address (see README, OSC)` };
  }
}

type Decoded = unknown[] | { elements: Decoded[] };

/** The messages of a decoded packet, bundles flattened. */
function messages(d: Decoded): unknown[][] {
  return Array.isArray(d) ? [d] : d.elements.flatMap(messages);
}

export interface OscListener {
  port: number;
  close(): Promise<void>;
}

/** Listens on UDP `host:port` (0: any free port) and hands each message to `onMessage`. */
export function listenOsc(
  host: string,
  port: number,
  allow: string[],
  onMessage: (address: string, args: unknown[], from: string) => void,
  onError: (message: string, from: string | null) => void,
): Promise<OscListener> {
  return new Promise((resolve, reject) => {
    const server = new Server(port, host);
    const take = (d: Decoded, rinfo: { address: string }) => {
      if (allow.length && !allow.includes(rinfo.address)) return onError(`refused: ${rinfo.address} is not in osc.allow`, rinfo.address);
      for (const [address, ...args] of messages(d)) onMessage(String(address), args, rinfo.address);
    };
    server.on('message', (m: unknown[], rinfo: { address: string }) => take(m, rinfo));
    server.on('bundle', (b: { elements: Decoded[] }, rinfo: { address: string }) => take(b, rinfo));
    server.once('listening', () => {
      server.removeListener('error', reject);
      server.on('error', (e: Error, rinfo?: { address: string }) => onError(e.message, rinfo?.address ?? null));
      resolve({ port: server.port, close: () => new Promise<void>((r) => server.close(() => r())) });
    });
    server.once('error', reject);
  });
}
