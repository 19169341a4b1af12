/**
 * `noctiluca privacy <installation> [--json]`: the risk report of the mosaic the installation would
 * publish (docs/PRIVACY.md): its quasi-identifiers, the smallest equivalence class and the share of
 * cells in classes below k, the share of unique cells among those without card consent, what a
 * neighbour can single out, the date precision that can be recovered, whether the order can be
 * recomputed from raw ids, and what each tier publishes. Exit code 1 when the mosaic breaks the
 * installation's declared guarantee (the build refuses it too), 2 on a usage error.
 */
import { DataError } from '../../data/messages';
import { formatRisk } from '../../disclose/risk';
import { assessInstallation } from '../../node/privacy';
import { CommandUsageError, optionLines, parseCommandArgs, type OptionSpec } from '../args';
import { print, printError } from '../output.ts';

export const summary = 'measure what the published mosaic gives away (re-identification risk, recoverable dates); non-zero exit when it breaks the guarantee';

export const options: Record<string, OptionSpec> = {
  json: { type: 'boolean', help: 'print the report as JSON' },
};

export const usage = ['usage: noctiluca privacy <installation> [--json]', '', summary, '', ...optionLines(options)].join('\n');

export async function run(args: string[]): Promise<number> {
  let target: string | undefined;
  let json = false;
  try {
    const a = parseCommandArgs(args, options);
    if (a.positionals.length > 1) throw new CommandUsageError(`one installation at a time, got ${a.positionals.map((p) => `"${p}"`).join(', ')}`);
    target = a.positionals[0];
    json = a.values.json === true;
  } catch (err) {
    if (!(err instanceof CommandUsageError)) throw err;
    printError(`noctiluca privacy: ${err.message}\n\n${usage}`);
    return 2;
  }
  if (!target) {
    printError(usage);
    return 2;
  }
  try {
    const { report } = await assessInstallation(target);
    print(json ? JSON.stringify(report, (_k, v) => (v === Infinity ? null : v), 2) : formatRisk(report));
    return report.violations.length ? 1 : 0;
  } catch (err) {
    if (err instanceof DataError || (err instanceof Error && /installation\.json/.test(err.message))) {
      printError(`noctiluca privacy: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
