/** Node-side file access for the event-log reader: checked files (src/data/files.ts) streamed in chunks into the pure parser. */
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { DataSpec, EventSink, ReaderSummary } from '../data/events';
import { createEventLogParser, syntaxOf } from '../data/eventLog';
import { MAX_STREAMED_FILE, MAX_WHOLE_FILE, streamDataBytes, streamDataFile } from '../data/files';
import { DataError } from '../data/messages';

export const EVENT_LOG_EXTENSIONS = ['.csv', '.tsv', '.txt', '.json', '.ndjson', '.jsonl'];

/** Files of an installation folder that are never data: the config, its backup, the studio's temporary files. */
function isConfigFile(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'installation.json' || lower.endsWith('.bak.json') || lower.endsWith('.tmp');
}

const hasDataExtension = (name: string) => EVENT_LOG_EXTENSIONS.some((e) => name.toLowerCase().endsWith(e));

/** Stream a data file (UTF-8) in chunks, inside `within` (default: the file itself), with the intake's checks. */
export async function streamTextFile(path: string, onChunk: (text: string) => void, chunkBytes = 1 << 20, within = path): Promise<void> {
  await streamDataFile(path, within, (t) => void onChunk(t), { chunkBytes });
}

/**
 * The files an event-log source names: the file itself, or a folder's event-log files in name order.
 * A file is read only if its name says it holds an event log, so nothing else is ever opened and
 * quoted in a message (a mask image, a key, the config).
 */
export async function eventLogFiles(path: string): Promise<string[]> {
  const st = await stat(path).catch(() => null);
  if (!st) throw new DataError(`data source not found: ${path}`);
  if (!st.isDirectory()) {
    if (!hasDataExtension(path)) {
      throw new DataError(`${basename(path)}: not an event-log file (expected a name ending in ${EVENT_LOG_EXTENSIONS.join(', ')}); nothing was read`);
    }
    return [path];
  }
  const names = (await readdir(path)).filter((n) => hasDataExtension(n) && !n.startsWith('.') && !isConfigFile(n)).sort();
  if (names.length === 0) throw new DataError(`no event-log files (${EVENT_LOG_EXTENSIONS.join(', ')}) in folder ${path}`);
  return names.map((n) => join(path, n));
}

/** Read one event-log file or folder into `sink`; messages name files relative to the folder (or by base name). */
export async function readEventLogFiles(path: string, spec: DataSpec, sink: EventSink): Promise<ReaderSummary> {
  const files = await eventLogFiles(path);
  const total: ReaderSummary = { rowsRead: 0, counts: { files: files.length, events: 0, rowsSkipped: 0 }, tallies: {} };
  for (const f of files) {
    const label = files.length > 1 ? relative(path, f) : basename(f);
    const parser = createEventLogParser(label, spec, sink);
    // A JSON array is parsed whole: a smaller limit than the streamed formats.
    const syntax = syntaxOf(f);
    const whole = syntax === 'json';
    const opts = { label, maxBytes: whole ? MAX_WHOLE_FILE : MAX_STREAMED_FILE };
    // CSV is read from its bytes (only the fields that need it become strings); JSON as text.
    if (syntax === 'csv') await streamDataBytes(f, path, (b) => parser.push(b), opts);
    else await streamDataFile(f, path, (t) => parser.push(t), opts);
    const s = parser.end();
    total.rowsRead += s.rowsRead;
    for (const [k, v] of Object.entries(s.counts)) total.counts[k] = (total.counts[k] ?? 0) + v;
    // Tallies (unknown event names …) add up over the files; keyed by data, so no prototype.
    for (const [name, tally] of Object.entries(s.tallies)) {
      const sum = (total.tallies[name] ??= Object.create(null) as Record<string, number>);
      for (const [k, v] of Object.entries(tally)) sum[k] = (sum[k] ?? 0) + v;
    }
  }
  return total;
}
