/** Node-side file access for the event-log reader: streams files in chunks into the pure parser. */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { DataSpec, EventSink, ReaderSummary } from '../data/events';
import { createEventLogParser } from '../data/eventLog';
import { DataError } from '../data/messages';

const EVENT_LOG_EXTENSIONS = ['.csv', '.tsv', '.json', '.ndjson', '.jsonl'];

/** Stream a text file (UTF-8) in chunks. */
export async function streamTextFile(path: string, onChunk: (text: string) => void, chunkBytes = 1 << 20): Promise<void> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: chunkBytes });
  for await (const chunk of stream) onChunk(chunk as string);
}

/** The files an event-log source names: the file itself, or a folder's event-log files in name order. */
export async function eventLogFiles(path: string): Promise<string[]> {
  let st;
  try {
    st = await stat(path);
  } catch {
    throw new DataError(`data source not found: ${path}`);
  }
  if (!st.isDirectory()) return [path];
  const names = (await readdir(path))
    .filter((n) => EVENT_LOG_EXTENSIONS.some((e) => n.toLowerCase().endsWith(e)) && !n.startsWith('.'))
    .sort();
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
    await streamTextFile(f, (t) => parser.push(t));
    const s = parser.end();
    total.rowsRead += s.rowsRead;
    for (const [k, v] of Object.entries(s.counts)) total.counts[k] = (total.counts[k] ?? 0) + v;
  }
  return total;
}
