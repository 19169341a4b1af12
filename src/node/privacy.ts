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

export interface InstallationRisk {
  name: string;
  report: RiskReport;
  bake: BakedMosaic;
}

/**
 * Assess an installation (a name under `root`, or a folder). With `bytes`, the artefact assessed is
 * those bytes (what the build is about to publish); without, a fresh bake. `events`: care events
 * baked after the data source's (a publication with residents' contributions).
 */
export async function assessInstallation(nameOrDir: string, opts: { root?: string; bytes?: Uint8Array; events?: readonly CareEvent[] } = {}): Promise<InstallationRisk> {
  const loaded = await requireInstallation(nameOrDir, { root: opts.root, checkFiles: true });
  const spec = loaded.dataSpec;
  const bake = opts.bytes ? decodeBake(opts.bytes) : (await bakeInstallationData(loaded.dir, spec, loaded.name, undefined, { events: opts.events })).bake;
  const collector = rawJourneyCollector();
  await (await readerFor(spec.format))(spec.source, spec, collector.sink);
  // Events baked after the data's own (residents' contributions, src/node/contributions/publish.ts) are raw records too.
  for (const e of opts.events ?? []) collector.sink.event(e);
  // The journeys the bake keeps: those with care inside its window (data.window.keep), as the bake does.
  const read = collector.finish();
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
