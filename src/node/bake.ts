/** Node entry of the bake: read an installation's data with the reader of its format (src/data/formats.ts), bake, encode. */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CareEvent, DataSpec, EventReader, ReaderSummary, RowIssue } from '../data/events';
import { dataFormat, dataFormatNames } from '../data/formats';
import { DataError, msg as dataMsg } from '../data/messages';
import type { BakedMosaic } from '../bake/artefact';
import { createBaker, UNKNOWN_GROUP, type Baker, type BakeStats } from '../bake/bake';
import { encodeBake } from '../bake/codec';
import { msg as configMsg } from '../config/messages';
import { MIN_PUBLISHABLE_K } from '../disclose/policy';
import { createSecret, keyedOrder, parseSecret } from '../disclose/secret';
import { resolveInside } from './paths';

/** Row issues kept in full for the caller; beyond this only the counts in the summary grow. */
export const MAX_ISSUES_KEPT = 10_000;

/** The EventReader for a format: an override, else the format list's own (src/data/formats.ts). */
export async function readerFor(format: DataSpec['format'], readers: Partial<Record<DataSpec['format'], EventReader>> = {}): Promise<EventReader> {
  const given = readers[format];
  if (given) return given;
  const f = dataFormat(format);
  if (!f) throw new DataError(`data.format "${String(format)}" is not known; expected one of ${dataFormatNames().map((n) => `"${n}"`).join(', ')}`);
  return f.reader();
}

export interface InstallationBake {
  bake: BakedMosaic;
  bytes: Uint8Array;
  summary: ReaderSummary;
  /** Row issues in reading order, at most MAX_ISSUES_KEPT (the bake's report counts all of them). */
  issues: RowIssue[];
  /** Pre-anonymisation counts, for `noctiluca inspect` on the artist's machine. */
  stats: BakeStats;
  /**
   * The cell (output index) of each journey id named in `options.locate`, or -1 when it has none:
   * for the server that published it (a venue lights a new contribution's cell). Never published.
   */
  located: Map<string, number>;
}

export interface BakeExtras {
  /** Care events baked after the data source's, as if they were its last rows (residents' contributions). */
  events?: Iterable<CareEvent>;
  /** Journey ids whose cells the caller wants to know. */
  locate?: readonly string[];
}

/** The installation's secret file: never published, git-ignored, and (by its `.key` name) refused by Vite's file serving too. */
export const SECRET_FILE = '.secret.key';

/** Where an installation keeps its secret. */
export function secretPath(installationDir: string): string {
  return join(installationDir, SECRET_FILE);
}

/**
 * The installation's secret (docs/PRIVACY.md, "How the pipeline keeps it"), created on first use: 32
 * random bytes, hex, in `<installation>/.secret.key` (mode 600). A file that holds no secret is an
 * error, never silently replaced (that would reshuffle a published mosaic).
 */
export async function installationSecret(installationDir: string): Promise<string> {
  const file = secretPath(installationDir);
  const read = async () => {
    const secret = parseSecret(await readFile(file, 'utf8'));
    if (!secret) throw new DataError(`${SECRET_FILE} in ${installationDir} is not a secret (expected 32 or more hex digits); delete it to make a new one (the published order and placements change)`);
    return secret;
  };
  if (existsSync(file)) return read();
  try {
    await writeFile(file, `${createSecret()}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return read();
}

/**
 * An installation's data read into a baker, not yet baked: what `bakeRead` bakes, as often as asked
 * (the contributions' server keeps one while the data is unchanged, src/node/contributions/publish.ts).
 */
export interface InstallationRead {
  name: string;
  secret: string;
  summary: ReaderSummary;
  issues: RowIssue[];
  /** Has seen every row of the data source; never finished itself (bakeRead bakes a fork of it). */
  baker: Baker;
}

/** Read an installation's data with its format's reader into a baker (the first half of bakeInstallationData). */
export async function readInstallationData(
  installationDir: string,
  spec: DataSpec,
  name: string,
  readers?: Partial<Record<DataSpec['format'], EventReader>>,
  options: { secret?: string } = {},
): Promise<InstallationRead> {
  const reader = await readerFor(spec.format, readers);
  // Files stay in their folder: checked here too, for every caller (a refused source is never opened).
  const inside = await resolveInside(installationDir, spec.source);
  if (!inside.ok) {
    const rel = spec.source;
    throw new DataError(`data.source: ${inside.why === 'special' ? configMsg.notInsideRegular(rel, inside.kind ?? 'special file') : configMsg.outsideFolder(rel, inside.why)}`);
  }
  // An installation keeps its secret; a bare data folder (`noctiluca inspect`) publishes nothing, so a passing one will do.
  const secret = options.secret ?? (existsSync(join(installationDir, 'installation.json')) ? await installationSecret(installationDir) : createSecret());
  const baker = createBaker(spec, name, { secret });
  const issues: RowIssue[] = [];
  const summary = await reader(resolve(installationDir, spec.source), spec, {
    event: (e) => baker.event(e),
    issue: (i) => {
      if (issues.length < MAX_ISSUES_KEPT) issues.push(i);
      baker.issue(i);
    },
  });
  return { name, secret, summary, issues, baker };
}

/**
 * Bake and encode what `readInstallationData` read, with `options.events` after the data's rows (the
 * second half of bakeInstallationData). The read is left as it was, to be baked again.
 */
export function bakeRead(read: InstallationRead, options: BakeExtras = {}): InstallationBake {
  return bakeWith(read, read.baker.fork(), options);
}

function bakeWith(read: InstallationRead, baker: Baker, options: BakeExtras): InstallationBake {
  const { secret, summary } = read;
  let extraRows = 0;
  for (const e of options.events ?? []) baker.event(e), extraRows++;
  const bake = baker.finish({ rowsRead: summary.rowsRead + extraRows });
  const stats = baker.stats();
  const located = new Map<string, number>();
  if (options.locate?.length) {
    // The artefact's order (the disclosure stage's keyed order, src/disclose/secret.ts) over the journeys it
    // shows (the window may leave some out), read back for the ids asked about.
    const shown = stats.shownIds ?? [];
    const outOf = keyedOrder(shown, secret);
    const cellOfJourney = new Uint32Array(outOf.length);
    outOf.forEach((j, cell) => (cellOfJourney[j] = cell));
    const index = new Map(shown.map((id, j) => [id, j]));
    for (const id of options.locate) located.set(id, index.has(id) ? cellOfJourney[index.get(id)!] : -1);
  }
  return { bake, bytes: encodeBake(bake), summary, issues: read.issues, stats, located };
}

/** Read, bake and encode an installation's data. `spec.source` is relative to `installationDir`. */
export async function bakeInstallationData(
  installationDir: string,
  spec: DataSpec,
  name: string,
  readers?: Partial<Record<DataSpec['format'], EventReader>>,
  options: { secret?: string } & BakeExtras = {},
): Promise<InstallationBake> {
  // Baked once: the read's own baker, no copy.
  const read = await readInstallationData(installationDir, spec, name, readers, { secret: options.secret });
  return bakeWith(read, read.baker, options);
}

/**
 * When the data is too small for its privacy guarantee: fewer journeys than k (src/data/messages.ts
 * tooSmall), or privacy merging leaves the published mosaic fewer than two communities although the
 * data had some (fewCommunities); the message for the artist, else null. `inspect` and
 * `validate` print it.
 */
export function communityCheck(b: Pick<InstallationBake, 'bake' | 'stats'>, spec: DataSpec): string | null {
  const { bake, stats } = b;
  const k = spec.privacy.minCommunitySize;
  if (bake.journeyCount > 0 && bake.journeyCount < k)
    return dataMsg.tooSmall({
      journeys: bake.journeyCount,
      k,
      minK: MIN_PUBLISHABLE_K,
      synthetic: spec.privacy.synthetic === true,
      windowed: (spec.window?.start != null || spec.window?.end != null) && spec.window?.keep !== 'all',
    });
  if (bake.journeyCount === 0 || bake.communities.length >= 2 || bake.report.mergedCommunities === 0) return null;
  const before = [...stats.communityJourneys.entries()].filter(([name]) => name !== UNKNOWN_GROUP).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  if (before.length === 0) return null;
  return dataMsg.fewCommunities({
    kept: bake.communities,
    before,
    k: spec.privacy.minCommunitySize,
    journeys: bake.journeyCount,
    clinical: spec.format !== 'event-log',
    synthetic: spec.privacy.synthetic === true,
  });
}

/** Where `noctiluca bake` writes the artefact. */
export function bakeOutputPath(installationDir: string): string {
  return join(installationDir, '.bake', 'mosaic.bin');
}
