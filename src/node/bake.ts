/** Node entry of the bake: read an installation's data with the reader its format names, bake, encode. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSpec, EventReader, EventSink, ReaderSummary, RowIssue } from '../data/events';
import { readEventLog } from '../data/eventLog';
import { DataError } from '../data/messages';
import type { BakedMosaic } from '../bake/artefact';
import { createBaker, type BakeStats } from '../bake/bake';
import { encodeBake } from '../bake/codec';
import { msg as configMsg } from '../config/messages';
import { resolveInside } from './paths';

/** Row issues kept in full for the caller; beyond this only the counts in the summary grow. */
export const MAX_ISSUES_KEPT = 10_000;

const here = dirname(fileURLToPath(import.meta.url));

/** Reader modules of the clinical formats, written separately; loaded only when present. */
const OPTIONAL_READERS: Record<'synthea-csv' | 'fhir', { file: string; exportName: string }> = {
  'synthea-csv': { file: '../data/import/synthea.ts', exportName: 'readSyntheaCsv' },
  fhir: { file: '../data/import/fhir.ts', exportName: 'readFhir' },
};

/** The EventReader for a format: an override, the event-log reader, or a clinical importer if it exists. */
export async function readerFor(format: DataSpec['format'], readers: Partial<Record<DataSpec['format'], EventReader>> = {}): Promise<EventReader> {
  const given = readers[format];
  if (given) return given;
  if (format === 'event-log') return readEventLog;
  const opt = OPTIONAL_READERS[format];
  if (!opt) throw new DataError(`data.format "${String(format)}" is not known; expected "event-log", "synthea-csv" or "fhir"`);
  const path = resolve(here, opt.file);
  if (!existsSync(path)) throw new DataError(`data.format "${format}" is not supported yet (its reader ${opt.file.replace('../', 'src/')} does not exist); use "event-log"`);
  const mod = (await import(path)) as Record<string, unknown>;
  const reader = mod[opt.exportName];
  if (typeof reader !== 'function') throw new DataError(`data.format "${format}": ${opt.file} does not export ${opt.exportName}`);
  return reader as EventReader;
}

export interface InstallationBake {
  bake: BakedMosaic;
  bytes: Uint8Array;
  summary: ReaderSummary;
  /** Row issues in reading order, at most MAX_ISSUES_KEPT (the bake's report counts all of them). */
  issues: RowIssue[];
  /** Pre-anonymisation counts, for `noctiluca inspect` on the artist's machine. */
  stats: BakeStats;
}

/** Read, bake and encode an installation's data. `spec.source` is relative to `installationDir`. */
export async function bakeInstallationData(
  installationDir: string,
  spec: DataSpec,
  name: string,
  readers?: Partial<Record<DataSpec['format'], EventReader>>,
): Promise<InstallationBake> {
  const reader = await readerFor(spec.format, readers);
  const baker = createBaker(spec, name);
  const issues: RowIssue[] = [];
  const sink: EventSink = {
    event: (e) => baker.event(e),
    issue: (i) => {
      if (issues.length < MAX_ISSUES_KEPT) issues.push(i);
      baker.issue(i);
    },
  };
  // Files stay in their folder: checked here too, for every caller (a refused source is never opened).
  const inside = await resolveInside(installationDir, spec.source);
  if (!inside.ok) {
    const rel = spec.source;
    throw new DataError(`data.source: ${inside.why === 'special' ? configMsg.notInsideRegular(rel, inside.kind ?? 'special file') : configMsg.outsideFolder(rel, inside.why)}`);
  }
  const summary = await reader(resolve(installationDir, spec.source), spec, sink);
  const bake = baker.finish({ rowsRead: summary.rowsRead });
  return { bake, bytes: encodeBake(bake), summary, issues, stats: baker.stats() };
}

/** Where `noctiluca bake` writes the artefact. */
export function bakeOutputPath(installationDir: string): string {
  return join(installationDir, '.bake', 'mosaic.bin');
}
