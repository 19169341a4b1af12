/**
 * `noctiluca kiosk [--venue venue.json] [--server URL] [--only id,id] [--headless] [--devtools] [--print-systemd]`:
 * one Chromium per output of the venue file, kept alive by a watchdog (src/node/venue/kiosk.ts);
 * `--print-systemd` prints the systemd units that start the venue server and the kiosk at boot.
 */
import { resolve } from 'node:path';
import { Kiosk } from '../../node/venue/kiosk.ts';
import { createLog } from '../../node/venue/log.ts';
import { printedUnits } from '../../node/venue/systemd.ts';
import { loadVenueFile, venuePath } from '../../node/venue/venueFile.ts';
import { CommandUsageError, optionLines, parseCommandArgs, type OptionSpec } from '../args.ts';
import { print, printError } from '../output.ts';
import { venueFileArg } from './venue.ts';

export const summary = 'run one kiosk browser per venue output, with a watchdog; --print-systemd prints boot units';

export const options: Record<string, OptionSpec> = {
  venue: { type: 'string', value: 'FILE', help: 'the venue file (default: $NOCTILUCA_VENUE, else ./venue.json)' },
  server: { type: 'string', value: 'URL', help: 'the venue server (default: the venue file\'s server.host and port)' },
  only: { type: 'string', value: 'ID,ID', help: 'run only these outputs (a machine that drives some of the screens)' },
  headless: { type: 'boolean', help: 'no windows (rehearsal without a display, CI)' },
  devtools: { type: 'boolean', help: 'a loopback DevTools port per browser, for diagnosis' },
  'print-systemd': { type: 'boolean', help: 'print systemd user units for the venue server and the kiosk, and exit' },
};

export const usage = ['usage: noctiluca kiosk [--venue venue.json] [--server URL] [--only id,id] [--headless] [--devtools] [--print-systemd]', '', summary, '', ...optionLines(options)].join('\n');

export async function run(args: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    const a = parseCommandArgs(args, options);
    if (a.positionals.length) throw new CommandUsageError(`unexpected ${a.positionals.map((p) => `"${p}"`).join(', ')}; the kiosk takes the outputs from the venue file (--only picks some)`);
    values = a.values;
  } catch (err) {
    if (!(err instanceof CommandUsageError)) throw err;
    printError(`noctiluca kiosk: ${err.message}\n\n${usage}`);
    return 2;
  }
  const file = venueFileArg(values.venue as string | undefined);
  const loaded = loadVenueFile(file);
  if (!loaded.venue) {
    for (const e of loaded.errors) printError(e.text);
    return 1;
  }
  const venue = loaded.venue;
  const only = typeof values.only === 'string' ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : [];
  if (values['print-systemd']) {
    if (!file) {
      printError('noctiluca kiosk: --print-systemd needs the venue file the units start with (--venue venue.json)');
      return 2;
    }
    const kioskArgs = [...(typeof values.server === 'string' ? ['--server', values.server] : []), ...(only.length ? ['--only', only.join(',')] : [])];
    print(printedUnits({ venueName: venue.name, venueFile: resolve(file), installations: [], kioskArgs }));
    return 0;
  }
  const host = venue.server.host === '0.0.0.0' || venue.server.host === '::' ? '127.0.0.1' : venue.server.host;
  const server = (values.server as string | undefined) ?? `http://${host.includes(':') ? `[${host}]` : host}:${venue.server.port}`;
  const { log, close: closeLog } = await createLog({ name: 'kiosk', dir: venuePath(loaded.dir, venue.logs.dir), maxSize: venue.logs.maxSize, keep: venue.logs.keep });
  const kiosk = new Kiosk({ venue, venueDir: loaded.dir, server, only, headless: values.headless === true, devtools: values.devtools === true, log });
  try {
    kiosk.start();
  } catch (e) {
    log.fatal({}, (e as Error).message);
    await closeLog();
    return 1;
  }
  await new Promise<void>((r) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => r());
  });
  await kiosk.stop();
  await closeLog();
  return 0;
}
