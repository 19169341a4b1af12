/**
 * The privacy report of an installation, on the artist's machine: the artefact (baked now, or the
 * bytes about to be published) attacked with the raw data and the installation's secret at hand
 * (src/disclose/risk.ts). `noctiluca privacy` prints it; `npm run build` refuses an artefact it finds
 * breaking the installation's declared guarantee.
 */
import { decodeBake } from '../bake/codec';
import { smallForArtists, smallMosaic } from '../bake/small';
import type { BakedMosaic } from '../bake/artefact';
import type { CareEvent } from '../data/events';
import { rawJourneyCollector } from '../disclose/raw';
import { assessRisk, type RiskReport } from '../disclose/risk';
import { keyedOrder } from '../disclose/secret';
import { bakeWindow } from '../bake/bake';
import type { DataSpec } from '../data/events';
import type { RawJourney } from '../disclose/raw';
import { bakeInstallationData, installationSecret, readerFor } from './bake';
import { requireInstallation } from './config';
import { dataStamp } from './dataStamp';

export interface InstallationRisk {
  name: string;
  report: RiskReport;
  bake: BakedMosaic;
}

/**
 * Assess an installation (a name under `root`, or a folder). With `bytes`, the artefact assessed is
 * those bytes (what the build is about to publish); without, a fresh bake. `events`: care events
 * baked after the data source's (a publication with residents' contributions). `keep`: the raw
 * journeys as last read, kept between calls (RawKept).
 */
export async function assessInstallation(
  nameOrDir: string,
  opts: { root?: string; bytes?: Uint8Array; events?: readonly CareEvent[]; keep?: RawKept } = {},
): Promise<InstallationRisk> {
  const loaded = await requireInstallation(nameOrDir, { root: opts.root, checkFiles: true });
  const spec = loaded.dataSpec;
  const bake = opts.bytes ? decodeBake(opts.bytes) : (await bakeInstallationData(loaded.dir, spec, loaded.name, undefined, { events: opts.events })).bake;
  // Events baked after the data's own (residents' contributions, src/node/contributions/publish.ts) are raw records too.
  const read = await rawRecords(loaded.dir, spec, opts.events ?? [], opts.keep);
  // The journeys the bake keeps: those with care inside its window (data.window.keep), as the bake does.
  const raw = spec.window?.keep === 'all' ? read : insideWindow(read, spec);
  const secret = await installationSecret(loaded.dir);
  const mapping = keyedOrder(
    raw.map((r) => r.id),
    secret,
  );
  const report = assessRisk(bake, { raw, mapping, k: spec.privacy.minCommunitySize, synthetic: spec.privacy.synthetic === true });
  if (bake.privacy.k !== spec.privacy.minCommunitySize || bake.privacy.synthetic !== (spec.privacy.synthetic === true)) {
    report.violations.push(`the artefact was made for k = ${bake.privacy.k}${bake.privacy.synthetic ? ', synthetic' : ''}, but the installation declares k = ${spec.privacy.minCommunitySize}${spec.privacy.synthetic ? ', synthetic' : ''}; bake again`);
  }
  if (mapping.length !== bake.journeyCount) report.violations.push(`the artefact has ${bake.journeyCount} cells but the data ${mapping.length} journeys; bake again`);
  return { name: loaded.name, report, bake };
}

/**
 * The raw journeys of installations as last read, by folder, with the stamp of their data
 * (dataStamp.ts): a process that checks one installation again and again (the contributions'
 * server's checker, src/node/contributions/check.ts) reads its data only when it changed.
 */
export type RawKept = Map<string, { stamp: string; journeys: RawJourney[]; ids: Set<string> }>;

/**
 * The raw records: the data source's journeys (read now, or as `keep` holds them while the data is
 * unchanged), then those of `events` (baked after the data's rows: residents' contributions), as
 * one collector over both would number and group them.
 */
async function rawRecords(dir: string, spec: DataSpec, events: readonly CareEvent[], keep?: RawKept): Promise<RawJourney[]> {
  const collect = async (withEvents: readonly CareEvent[]) => {
    const collector = rawJourneyCollector();
    await (await readerFor(spec.format))(spec.source, spec, collector.sink);
    for (const e of withEvents) collector.sink.event(e);
    return collector.finish();
  };
  if (!keep) return collect(events);
  const stamp = await dataStamp(dir, spec);
  let kept = keep.get(dir);
  if (!kept || kept.stamp !== stamp) {
    keep.delete(dir);
    const journeys = await collect([]);
    keep.set(dir, (kept = { stamp, journeys, ids: new Set(journeys.map((r) => r.id)) }));
  }
  // A journey's records are grouped by id: an event of a journey the data has too is read with it, all again.
  const known = kept.ids;
  if (events.some((e) => known.has(e.journeyId))) return collect(events);
  const after = rawJourneyCollector();
  for (const e of events) after.sink.event(e);
  return kept.journeys.concat(after.finish());
}

/** The raw journeys with at least one event inside the bake's window. */
function insideWindow(raw: RawJourney[], spec: DataSpec): RawJourney[] {
  let min = Infinity;
  let max = -Infinity;
  for (const r of raw) if (r.time.length) (min = Math.min(min, r.time[0])), (max = Math.max(max, r.time[r.time.length - 1]));
  if (min > max) return raw;
  const { start, end } = bakeWindow(spec, min, max);
  return raw.filter((r) => r.time.some((t) => t >= start && t < end));
}

/** The build's refusal, in words, or null when the artefact may be published. */
export function refusal(r: InstallationRisk): string | null {
  if (!r.report.violations.length) return null;
  // Too few journeys for k: say that first, in plain words (the violations follow from it).
  const small = smallMosaic(r.bake);
  return (
    `installations/${r.name}: the mosaic breaks its privacy guarantee (docs/PRIVACY.md) and is not published:\n` +
    (small?.kind === 'too-small' ? `  ${smallForArtists(small, r.name)}\n` : '') +
    r.report.violations.map((v) => `  - ${v}`).join('\n') +
    `\nRun \`npx noctiluca privacy ${r.name}\` for the whole report.`
  );
}
