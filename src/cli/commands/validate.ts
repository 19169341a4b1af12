/**
 * `noctiluca validate [installation…] [--files]`: checks installation configs and prints every
 * message; where the data is there, it is read too, for what residents will see (a mosaic that
 * privacy merging leaves with fewer than two communities is a warning, data that cannot be read an
 * error). Exit code 1 on any error, 0 otherwise (warnings do not fail).
 */
import { existsSync } from 'node:fs';
import { DataError } from '../../data/messages.ts';
import { createSecret } from '../../disclose/secret.ts';
import { bakeInstallationData, communityCheck } from '../../node/bake.ts';
import { INSTALLATIONS_DIR, listInstallations, loadInstallation } from '../../node/config.ts';
import { msg } from '../../config/messages.ts';
import { print, printError } from '../output.ts';
import { CommandUsageError, optionLines, parseCommandArgs, type OptionSpec } from '../args.ts';

export const summary = 'check installation configs (all, or the named ones) and what their data makes; --files also checks data and mask files exist';

export const options: Record<string, OptionSpec> = {
  files: { type: 'boolean', help: 'also check that the data source and the mask image exist' },
};

export const usage = ['usage: noctiluca validate [installation…] [--files]', '', summary, '', ...optionLines(options)].join('\n');

export async function run(args: string[]): Promise<number> {
  let checkFiles: boolean;
  let names: string[];
  try {
    const a = parseCommandArgs(args, options);
    checkFiles = a.values.files === true;
    names = a.positionals;
  } catch (err) {
    if (!(err instanceof CommandUsageError)) throw err;
    printError(`noctiluca validate: ${err.message}\n\n${usage}`);
    return 2;
  }
  const targets = names.length ? names : listInstallations();
  if (targets.length === 0) {
    printError(msg.noInstallations(INSTALLATIONS_DIR));
    return 1;
  }
  let errors = 0;
  let warnings = 0;
  for (const target of targets) {
    const r = await loadInstallation(target, { checkFiles });
    // The data, where it is there: what the published mosaic will show.
    if (r.config && r.dataSpec && existsSync(r.dataSpec.source)) {
      try {
        // A passing secret: validate writes nothing (the installation's own is made by its first bake).
        const few = communityCheck(await bakeInstallationData(r.dir, r.dataSpec, r.name, undefined, { secret: createSecret() }), r.dataSpec);
        if (few) r.warnings.push({ file: r.file, path: 'data', message: few, text: `${r.file}: data: ${few}` });
      } catch (err) {
        if (!(err instanceof DataError)) throw err;
        r.errors.push({ file: r.file, path: 'data', message: err.message, text: `${r.file}: data: ${err.message}` });
      }
    }
    for (const e of r.errors) printError(e.text);
    for (const w of r.warnings) printError(`${msg.warningPrefix()}${w.text}`);
    if (r.errors.length === 0) print(msg.validOk(r.file));
    errors += r.errors.length;
    warnings += r.warnings.length;
  }
  print(msg.validated(targets.length, errors, warnings));
  return errors > 0 ? 1 : 0;
}
