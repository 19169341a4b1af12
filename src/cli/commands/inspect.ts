/**
 * `noctiluca inspect <installation folder | data file>`: what the intake read — journeys, events,
 * communities, date range, skipped rows with reasons, the range of each derived measure. Runs on the
 * artist's machine, so it shows names and exact dates the artefact never contains.
 * Exit code 1 when nothing usable was found, 2 on a usage error.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MEASURES } from '../../bake/artefact';
import type { ReaderSummary } from '../../data/events';
import { DataError } from '../../data/messages';
import { bakeInstallationData } from '../../node/bake';
import { resolveIntakeTarget } from '../../node/intakeTarget';
import { print, printError } from '../output.ts';

export const summary = 'show what an installation\'s data contains: journeys, events, skipped rows, measure ranges';

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

/** The clinical importers' own summary lines (src/data/import/describe.ts), when that module exists. */
async function describeClinical(rs: ReaderSummary): Promise<string[] | null> {
  const file = join(dirname(fileURLToPath(import.meta.url)), '../../data/import/describe.ts');
  if (!existsSync(file)) return null;
  const mod = (await import(file)) as { describeImport?: (s: ReaderSummary) => string[] };
  return mod.describeImport ? mod.describeImport(rs) : null;
}

export async function run(args: string[]): Promise<number> {
  const target = args.find((a) => !a.startsWith('-'));
  if (!target) {
    printError('usage: noctiluca inspect <installation folder | name | data file>');
    return 2;
  }
  try {
    const t = await resolveIntakeTarget(target);
    const { bake, issues, stats, summary: rs, bytes } = await bakeInstallationData(t.dir, t.spec, t.name);
    const out: string[] = [];
    const rel = relative(process.cwd(), t.dir) || '.';
    out.push(`noctiluca inspect: ${rel} (${t.spec.format}, source ${relative(t.dir, resolve(t.dir, t.spec.source)) || "."})`);
    const row = (label: string, value: string) => out.push(`  ${label.padEnd(14)} ${value}`);
    row('rows read', fmtInt(rs.rowsRead));
    row('events', fmtInt(stats.events));
    row('journeys', fmtInt(stats.journeys));
    const clinical = t.spec.format !== 'event-log' ? await describeClinical(rs) : null;
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
    if (!clinical) for (const [name, tally] of Object.entries(rs.tallies)) {
      const entries = Object.entries(tally).sort((a, b) => b[1] - a[1]);
      out.push(`  ${name}:`);
      for (const [k, v] of entries.slice(0, 15)) out.push(`    ${k.padEnd(40)} ${fmtInt(v)}`);
    }
    if (bake.journeyCount > 0) {
      out.push('  measures         min      median   max      (no value)');
      for (const m of MEASURES) {
        const q = quantiles(bake.measures[m]);
        out.push(`    ${m.padEnd(17)} ${fmtNum(q.min).padEnd(8)} ${fmtNum(q.median).padEnd(8)} ${fmtNum(q.max).padEnd(8)} ${q.missing ? fmtInt(q.missing) : ''}`);
      }
      const fields = Object.entries(bake.fields).map(([n, f]) => (f.kind === 'numeric' ? `${n} (numeric)` : `${n} (${f.categories.length} categories)`));
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
      return 1;
    }
    throw err;
  }
}
