/**
 * JSON-lines logs for the venue server and the kiosk: one object a line (pino), to stdout (the
 * journal under systemd) and to `<dir>/<name>.<n>.log`, rolled when a file reaches `maxSize` and
 * once a day, keeping the newest `keep` rolled files beside the current one (pino-roll). Files are
 * counted per name, so the venue server and the kiosk can share a folder.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import pinoRoll from 'pino-roll';

export type { Logger };

export interface LogOptions {
  /** "venue" or "kiosk": the file's base name and the `name` field of every line. */
  name: string;
  dir: string | null;
  maxSize?: string;
  keep?: number;
  /** Also write to stdout (default true). */
  stdout?: boolean;
  level?: string;
}

export interface VenueLog {
  log: Logger;
  /** The file being written (its first rotation number), or null. */
  file: string | null;
  close(): Promise<void>;
}

export async function createLog(o: LogOptions): Promise<VenueLog> {
  const streams: pino.StreamEntry[] = [];
  if (o.stdout !== false) streams.push({ stream: pino.destination({ dest: 1, sync: false }) });
  let roll: Awaited<ReturnType<typeof pinoRoll>> | null = null;
  if (o.dir) {
    mkdirSync(o.dir, { recursive: true });
    roll = await pinoRoll({
      file: join(o.dir, o.name),
      extension: '.log',
      size: o.maxSize ?? '10m',
      frequency: 'daily',
      mkdir: true,
      limit: { count: o.keep ?? 10, removeOtherLogFiles: true },
    });
    streams.push({ stream: roll });
  }
  const log = pino(
    { name: o.name, level: o.level ?? 'info', base: { name: o.name }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.multistream(streams),
  );
  return {
    log,
    file: o.dir ? join(o.dir, o.name) : null,
    close: () =>
      new Promise<void>((resolve) => {
        log.flush();
        if (!roll) return resolve();
        (roll as unknown as NodeJS.EventEmitter).once('close', () => resolve());
        roll.end();
      }),
  };
}
