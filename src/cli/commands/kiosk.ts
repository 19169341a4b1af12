/**
 * `noctiluca kiosk [--venue venue.json] [--server URL] [--only id,id] [--headless] [--devtools] [--print-systemd]`:
 * one Chromium per output of the venue file, kept alive by a watchdog (src/node/venue/kiosk.ts);
 * `--print-systemd` prints the systemd units that start the venue server and the kiosk at boot.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Kiosk } from '../../node/venue/kiosk.ts';
import { createLog } from '../../node/venue/log.ts';
import { printedUnits } from '../../node/venue/systemd.ts';
import { loadVenueFile, venuePath } from '../../node/venue/venueFile.ts';
import { venueFileArg } from './venue.ts';

export const summary = 'run one kiosk browser per venue output, with a watchdog; --print-systemd prints boot units';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      venue: { type: 'string' },
      server: { type: 'string' },
      only: { type: 'string' },
      headless: { type: 'boolean', default: false },
      devtools: { type: 'boolean', default: false },
      'print-systemd': { type: 'boolean', default: false },
    },
  });
  const file = venueFileArg(values.venue);
  const loaded = loadVenueFile(file);
  if (!loaded.venue) {
    for (const e of loaded.errors) console.error(e.text);
    return 1;
  }
  const venue = loaded.venue;
  const only = values.only ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : [];
  if (values['print-systemd']) {
    if (!file) {
      console.error('kiosk: --print-systemd needs the venue file the units start with (--venue venue.json)');
      return 2;
    }
    const kioskArgs = [...(values.server ? ['--server', values.server] : []), ...(only.length ? ['--only', only.join(',')] : [])];
    process.stdout.write(printedUnits({ venueName: venue.name, venueFile: resolve(file), installations: [], kioskArgs }));
    return 0;
  }
  const host = venue.server.host === '0.0.0.0' || venue.server.host === '::' ? '127.0.0.1' : venue.server.host;
  const server = values.server ?? `http://${host.includes(':') ? `[${host}]` : host}:${venue.server.port}`;
  const { log, close: closeLog } = await createLog({ name: 'kiosk', dir: venuePath(loaded.dir, venue.logs.dir), maxSize: venue.logs.maxSize, keep: venue.logs.keep });
  const kiosk = new Kiosk({ venue, venueDir: loaded.dir, server, only, headless: values.headless, devtools: values.devtools, log });
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
