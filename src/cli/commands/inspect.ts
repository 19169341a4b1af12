/**
 * `noctiluca inspect <installation | data file | data folder> [--format NAME]`: what the intake
 * read — journeys, events, communities, date range, skipped rows with reasons, the range of each
 * derived measure. A bare file or folder's format is detected (src/data/formats.ts). Runs on the
 * artist's machine, so it shows names and exact dates the artefact never contains.
 * Exit code 1 when nothing usable was found, 2 on a usage error.
 */
import { relative, resolve } from 'node:path';
import { MEASURES } from '../../bake/artefact';
import { dataFormatNames } from '../../data/formats';
import { codesSnippet, describeImport } from '../../data/import/describe';
import { DataError } from '../../data/messages';
import { bakeInstallationData, communityCheck } from '../../node/bake';
import { resolveIntakeTarget } from '../../node/intakeTarget';
import { print, printError } from '../output.ts';
import { CommandUsageError, optionLines, parseCommandArgs, type OptionSpec } from '../args';

export const summary = 'show what an installation\'s data contains: journeys, events, skipped rows, measure ranges';

export const options: Record<string, OptionSpec> = {
  format: { type: 'string', value: 'NAME', help: `read the data as this format (${dataFormatNames().join(', ')}); default: the config's, or detected` },
};

export const usage = [
  'usage: noctiluca inspect <installation | data file | data folder> [--format NAME]',
  '',
  summary,
  '',
  ...optionLines(options),
  '',
  'A data file or folder without an installation.json is read as the format it is detected to be:',
  'an event log (CSV, TSV, JSON, NDJSON), a Synthea CSV export folder or a FHIR bundle, folder or NDJSON export.',
].join('\n');

const MAX_ISSUES_LISTED = 20;
const fmtInt = (n: number) => n.toLocaleString('en-US');
const fmtNum = (v: number) => (Number.isNaN(v) ? '–' : Math.abs(v) >= 1000 || Number.isInteger(v) ? String(Math.round(v * 100) / 100) : v.toFixed(3));
const isoDay = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : '–');

function quantiles(a: Float32Array): { min: number; median: number; max: number; missing: number } {
  const v = Array.from(a).filter((x) => !Number.isNaN(x));
  v.sort((x, y) => x - y);
  if (!v.length) return { min: NaN, median: NaN, max: NaN, missing: a.length };
  return { min: v[0], median: v[Math.floor(v.length / 2)], max: v[v.length - 1], missing: a.length - v.length };
}

const FROM = { config: 'from the config', flag: 'from --format', content: 'detected from the content', names: 'detected from the file names' } as const;

export async function run(args: string[]): Promise<number> {
  let target: string | undefined;
  let format: string | undefined;
  try {
    const a = parseCommandArgs(args, options);
    if (a.positionals.length > 1) throw new CommandUsageError(`one installation or data source at a time, got ${a.positionals.map((p) => `"${p}"`).join(', ')}`);
    target = a.positionals[0];
    format = a.values.format as string | undefined;
  } catch (err) {
    if (!(err instanceof CommandUsageError)) throw err;
    printError(`noctiluca inspect: ${err.message}\n\n${usage}`);
    return 2;
  }
  if (!target) {
    printError(usage);
    return 2;
  }
  let t: Awaited<ReturnType<typeof resolveIntakeTarget>> | null = null;
  try {
    t = await resolveIntakeTarget(target, { format });
    const baked = await bakeInstallationData(t.dir, t.spec, t.name);
    const { bake, issues, stats, summary: rs, bytes } = baked;
    const out: string[] = [];
    const rel = relative(process.cwd(), t.dir) || '.';
    out.push(`noctiluca inspect: ${rel} (${t.spec.format}, ${FROM[t.formatFrom]}; source ${relative(t.dir, resolve(t.dir, t.spec.source)) || "."})`);
    if (t.formatNote) out.push(`  note: ${t.formatNote}`);
    const row = (label: string, value: string) => out.push(`  ${label.padEnd(14)} ${value}`);
    row('rows read', fmtInt(rs.rowsRead));
    row('events', fmtInt(stats.events));
    const outside = stats.outsideWindow ?? 0;
    row('journeys', outside ? `${fmtInt(bake.journeyCount)} in the mosaic (of ${fmtInt(stats.journeys)} read; ${fmtInt(outside)} with no care inside the window left out)` : fmtInt(stats.journeys));
    const clinical = t.spec.format !== 'event-log' ? describeImport(rs) : null;
    if (clinical) for (const l of clinical) out.push(`  ${l}`);
    else for (const [k, v] of Object.entries(rs.counts)) if (!['events', 'rowsSkipped'].includes(k)) row(k, fmtInt(v));
    const comm = [...stats.communityJourneys.entries()].sort((a, b) => b[1] - a[1]);
    row(
      'communities',
      `${comm.length}` +
        (bake.report.mergedCommunities
          ? ` (${bake.report.mergedCommunities} with fewer than ${t.spec.privacy.minCommunitySize} journeys merge into "other" in the bake)`
          : ''),
    );
    for (const [name, n] of comm.slice(0, 30)) out.push(`    ${name.padEnd(28)} ${fmtInt(n)} ${n === 1 ? 'journey' : 'journeys'}`);
    if (comm.length > 30) out.push(`    … and ${comm.length - 30} more`);
    if (stats.events > 0) {
      row('date range', `${isoDay(stats.minTime)} … ${isoDay(stats.maxTime)} (baked window ${fmtNum(bake.window.start)} … ${fmtNum(bake.window.end)}, ${bake.precision} precision)`);
    }
    row('result', bake.report.summary);
    for (const i of issues.slice(0, MAX_ISSUES_LISTED)) out.push(`    ${i.severity === 'error' ? 'skipped' : 'warning'}  ${i.message}`);
    if (issues.length > MAX_ISSUES_LISTED) out.push(`    … ${fmtInt(stats.rowsSkipped + stats.warnings - MAX_ISSUES_LISTED)} more`);
    for (const w of bake.report.warnings.filter((w) => !bake.report.summary.includes(w))) out.push(`    note     ${w}`);
    const few = communityCheck(baked, t.spec);
    if (few) out.push(`    warning  ${few}`);
    if (!clinical) for (const [name, tally] of Object.entries(rs.tallies)) {
      const entries = Object.entries(tally).sort((a, b) => b[1] - a[1]);
      out.push(`  ${name}:`);
      for (const [k, v] of entries.slice(0, 15)) out.push(`    ${k.padEnd(40)} ${fmtInt(v)}`);
      if (entries.length > 15) out.push(`    … and ${entries.length - 15} more`);
    }
    const snippet = codesSnippet(rs, t.spec.codes);
    if (snippet) for (const l of snippet) out.push(`  ${l}`);
    if (bake.journeyCount > 0) {
      out.push('  measures         min      median   max      (no value)');
      for (const m of MEASURES) {
        const q = quantiles(bake.measures[m]);
        out.push(`    ${m.padEnd(17)} ${fmtNum(q.min).padEnd(8)} ${fmtNum(q.median).padEnd(8)} ${fmtNum(q.max).padEnd(8)} ${q.missing ? fmtInt(q.missing) : ''}`);
      }
      const fields = Object.entries(bake.fields).map(([n, f]) => (f.kind === 'numeric' ? `${n} (numeric)` : `${n} (${f.categories.length} ${f.categories.length === 1 ? 'category' : 'categories'})`));
      row('fields', fields.length ? fields.join(', ') : '(none)');
      row('stories', `${Object.keys(bake.stories).length} consented`);
      row('artefact', `${(bytes.byteLength / 1e6).toFixed(2)} MB baked`);
    }
    print(out.join('\n'));
    if (bake.journeyCount === 0) {
      printError(`noctiluca inspect: nothing usable found in ${rel}: no valid events`);
      return 1;
    }
    return 0;
  } catch (err) {
    if (err instanceof DataError) {
      printError(`noctiluca inspect: ${err.message}`);
      if (t?.formatNote) printError(`noctiluca inspect: note: ${t.formatNote}`);
      return 1;
    }
    throw err;
  }
}
