/**
 * systemd user units so the whole venue starts at boot and comes back after any failure:
 * `noctiluca-venue.service` (the server; with lingering it starts at boot, before anyone logs in)
 * and `noctiluca-kiosk.service` (the browsers; part of the graphical session, so it starts when the
 * venue machine's auto-login opens the desktop). `npx noctiluca kiosk --print-systemd` prints them.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = resolve(fileURLToPath(new URL('../../../scripts/noctiluca.mjs', import.meta.url)));
const ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

/** A command line as systemd reads it: arguments with spaces or quotes are quoted. */
function execLine(args: string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `"${a.replace(/(["\\])/g, '\\$1')}"`)).join(' ');
}

export interface UnitOptions {
  venueName: string;
  /** Absolute path of the venue file. */
  venueFile: string;
  /** Installations named on the venue command line (empty: the venue file's). */
  installations: string[];
  /** Extra kiosk arguments (--only, --server). */
  kioskArgs: string[];
  node?: string;
}

export function systemdUnits(o: UnitOptions): { name: string; text: string }[] {
  const node = o.node ?? process.execPath;
  const venue = execLine([node, CLI, 'venue', ...o.installations, '--venue', o.venueFile]);
  const kiosk = execLine([node, CLI, 'kiosk', '--venue', o.venueFile, ...o.kioskArgs]);
  const server = `[Unit]
Description=Noctiluca venue server (${o.venueName})
After=network-online.target
Wants=network-online.target
StartLimitIntervalSec=0

[Service]
Type=simple
WorkingDirectory=${ROOT}
ExecStart=${venue}
Restart=always
RestartSec=2
KillSignal=SIGTERM
TimeoutStopSec=15

[Install]
WantedBy=default.target
`;
  const browsers = `[Unit]
Description=Noctiluca kiosk browsers (${o.venueName})
After=graphical-session.target noctiluca-venue.service
Wants=noctiluca-venue.service
PartOf=graphical-session.target
StartLimitIntervalSec=0

[Service]
Type=simple
WorkingDirectory=${ROOT}
ExecStart=${kiosk}
Restart=always
RestartSec=5
# The kiosk closes its browsers on SIGTERM; anything left after the timeout is killed.
KillMode=mixed
TimeoutStopSec=20

[Install]
WantedBy=graphical-session.target
`;
  return [
    { name: 'noctiluca-venue.service', text: server },
    { name: 'noctiluca-kiosk.service', text: browsers },
  ];
}

/** The units with the lines that install them, as --print-systemd prints it. */
export function printedUnits(o: UnitOptions): string {
  const units = systemdUnits(o);
  const head = `# Noctiluca: systemd user units for "${o.venueName}".
# Save each unit below under ~/.config/systemd/user/ with its file name, then:
#   systemctl --user daemon-reload
#   systemctl --user enable --now noctiluca-venue.service noctiluca-kiosk.service
#   sudo loginctl enable-linger "$USER"     # the server starts at boot, before anyone logs in
# and set the venue machine to log in to its desktop automatically (the kiosk needs the display).
# Logs: journalctl --user -u noctiluca-venue -u noctiluca-kiosk, and the JSON-lines files in logs.dir.
`;
  return [head, ...units.map((u) => `# ---- ${u.name} ----\n${u.text}`)].join('\n');
}
