/**
 * `noctiluca bake <installation>`: read the installation's data, apply the privacy rules and write
 * the artefact to `<installation>/.bake/mosaic.bin`. Prints the summary. Exit code 1 when there
 * was nothing to bake, 2 on a usage error.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { dataFormatNames } from '../../data/formats';
import { DataError } from '../../data/messages';
import { bakeInstallationData, bakeOutputPath, communityCheck } from '../../node/bake';
import { resolveIntakeTarget } from '../../node/intakeTarget';
import { print, printError } from '../output.ts';
import { CommandUsageError, optionLines, parseCommandArgs, type OptionSpec } from '../args';

export const summary = 'bake an installation\'s data into the anonymised artefact (.bake/mosaic.bin)';

export const options: Record<string, OptionSpec> = {
  format: { type: 'string', value: 'NAME', help: `read the data as this format (${dataFormatNames().join(', ')}) instead of the config's data.format` },
};

export const usage = ['usage: noctiluca bake <installation> [--format NAME]', '', summary, '', ...optionLines(options)].join('\n');

export async function run(args: string[]): Promise<number> {
  let target: string | undefined;
  let format: string | undefined;
  try {
    const a = parseCommandArgs(args, options);
    if (a.positionals.length > 1) throw new CommandUsageError(`one installation at a time, got ${a.positionals.map((p) => `"${p}"`).join(', ')}`);
    target = a.positionals[0];
    format = a.values.format as string | undefined;
  } catch (err) {
    if (!(err instanceof CommandUsageError)) throw err;
    printError(`noctiluca bake: ${err.message}\n\n${usage}`);
    return 2;
  }
  if (!target) {
    printError(usage);
    return 2;
  }
  try {
    const t = await resolveIntakeTarget(target, { format });
    if (!t.isInstallation) {
      printError(`noctiluca bake: ${target} is not an installation folder (no installation.json); use \`noctiluca inspect\` for a bare data file`);
      return 2;
    }
    const started = performance.now();
    const baked = await bakeInstallationData(t.dir, t.spec, t.name);
    const { bake, bytes } = baked;
    if (bake.journeyCount === 0) {
      printError(`noctiluca bake: nothing to bake in ${t.name}: no valid events (${bake.report.summary}); no artefact written`);
      return 1;
    }
    const out = bakeOutputPath(t.dir);
    await mkdir(dirname(out), { recursive: true });
    // Write then rename, so a running viewer never reads half a file.
    await writeFile(`${out}.tmp`, bytes);
    await rename(`${out}.tmp`, out);
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    print(
      `noctiluca bake: ${t.name}: ${bake.journeyCount.toLocaleString('en-US')} journeys, ` +
        `${bake.eventOffsets[bake.journeyCount].toLocaleString('en-US')} events → ${relative(process.cwd(), out)} ` +
        `(${(bytes.byteLength / 1e6).toFixed(2)} MB, ${secs} s)`,
    );
    print(`  ${bake.report.summary}`);
    if (t.formatNote) print(`  note: ${t.formatNote}`);
    for (const w of bake.report.warnings) if (!bake.report.summary.includes(w)) print(`  note: ${w}`);
    const few = communityCheck(baked, t.spec);
    if (few) printError(`  warning: ${few}`);
    return 0;
  } catch (err) {
    if (err instanceof DataError) {
      printError(`noctiluca bake: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
