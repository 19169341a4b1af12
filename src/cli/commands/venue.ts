/**
 * `noctiluca venue [installation…] [--venue venue.json] [--dist dist] [--host H] [--port N] [--osc-port N]`:
 * serves the built site to the venue's outputs with heartbeats, /healthz, /metrics, the schedule,
 * the phone remote and OSC (src/node/venue/server.ts). Runs until stopped (SIGINT, SIGTERM).
 * The venue file is --venue, else $NOCTILUCA_VENUE, else ./venue.json when there is one, else the
 * defaults (one output, always open, no remote, no OSC).
 */
import { existsSync } from 'node:fs';
import { INSTALLATIONS_DIR } from '../../node/config.ts';
import { createLog } from '../../node/venue/log.ts';
import { DatabaseError } from '../../node/contributions/db.ts';
import { ContributionsError } from '../../node/contributions/server.ts';
import { startVenueServer, VenueError } from '../../node/venue/server.ts';
import { loadVenueFile, venuePath } from '../../node/venue/venueFile.ts';
import { CommandUsageError, optionLines, parseCommandArgs, type OptionSpec } from '../args.ts';
import { printError } from '../output.ts';

export const summary = 'serve the built site to a venue: heartbeats, /healthz, /metrics, schedule, phone remote, OSC';

export const options: Record<string, OptionSpec> = {
  venue: { type: 'string', value: 'FILE', help: 'the venue file (default: $NOCTILUCA_VENUE, else ./venue.json, else one output, always open)' },
  dist: { type: 'string', value: 'DIR', help: 'the built site (default: the venue file\'s server.dist, dist)' },
  host: { type: 'string', value: 'ADDRESS', help: 'address to listen on (default: server.host, 127.0.0.1)' },
  port: { type: 'string', value: 'N', help: 'HTTP port (default: server.port, 4180)' },
  'osc-port': { type: 'string', value: 'N', help: 'OSC UDP port (default: osc.port; none without it)' },
  installations: { type: 'string', value: 'DIR', help: 'installations folder presets are read from' },
};

export const usage = [
  'usage: noctiluca venue [installation…] [--venue venue.json] [--dist dist] [--host H] [--port N] [--osc-port N]',
  '',
  summary,
  '(the installations named play, the first at start; default: the venue file\'s "installations"; see docs/VENUE.md)',
  '',
  ...optionLines(options),
].join('\n');

/** The venue file a command uses: --venue, $NOCTILUCA_VENUE, ./venue.json, or none (the defaults). */
export function venueFileArg(flag: string | undefined): string | null {
  return flag ?? process.env.NOCTILUCA_VENUE ?? (existsSync('venue.json') ? 'venue.json' : null);
}

const int = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new VenueError(`venue: --${name}: expected a port number, got "${v}"`);
  return n;
};

export async function run(args: string[]): Promise<number> {
  let values: Record<string, string | undefined>;
  let positionals: string[];
  try {
    const a = parseCommandArgs(args, options);
    values = a.values as Record<string, string | undefined>;
    positionals = a.positionals;
    int(values.port, 'port');
    int(values['osc-port'], 'osc-port');
  } catch (err) {
    if (!(err instanceof CommandUsageError) && !(err instanceof VenueError)) throw err;
    printError(`noctiluca venue: ${err.message.replace(/^venue: /, '')}\n\n${usage}`);
    return 2;
  }
  const loaded = loadVenueFile(venueFileArg(values.venue));
  if (!loaded.venue) {
    for (const e of loaded.errors) printError(e.text);
    return 1;
  }
  const venue = loaded.venue;
  const installations = positionals.length ? positionals : (venue.installations ?? []);
  const { log, close: closeLog } = await createLog({ name: 'venue', dir: venuePath(loaded.dir, venue.logs.dir), maxSize: venue.logs.maxSize, keep: venue.logs.keep });
  let server;
  try {
    server = await startVenueServer({
      venue,
      installations,
      dist: values.dist ?? venuePath(loaded.dir, venue.server.dist),
      installationsDir: values.installations ?? (venue.server.installations ? venuePath(loaded.dir, venue.server.installations) : (process.env.NOCTILUCA_INSTALLATIONS ?? INSTALLATIONS_DIR)),
      log,
      host: values.host,
      port: int(values.port, 'port'),
      oscPort: int(values['osc-port'], 'osc-port'),
      venueDir: loaded.dir,
      databaseUrl: process.env.NOCTILUCA_DATABASE_URL || null,
    });
  } catch (e) {
    const ours = e instanceof VenueError || e instanceof ContributionsError || e instanceof DatabaseError;
    if (!ours && (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    log.fatal({}, ours ? (e as Error).message : `venue: ${(e as Error).message} (another server on that port? --port picks another)`);
    await closeLog();
    return 1;
  }
  printError(`venue: serving ${server.url} (outputs at ${server.url}/output/<id>, health ${server.url}/healthz, metrics ${server.url}/metrics${venue.remote ? `, remote ${server.url}/remote` : ''}${server.contributions ? `, contributions ${server.url}/contribute, moderation ${server.url}/moderate` : ''}${server.oscPort !== null ? `, OSC on UDP ${server.oscPort}` : ''})`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  log.info({}, 'venue: stopping');
  await server.close();
  await closeLog();
  return 0;
}
