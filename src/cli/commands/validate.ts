/**
 * `noctiluca validate [installation…] [--files]`: checks installation configs and prints every
 * message. Exit code 1 on any error, 0 otherwise (warnings do not fail).
 */
import { INSTALLATIONS_DIR, listInstallations, loadInstallation } from '../../node/config.ts';
import { msg } from '../../config/messages.ts';
import { print, printError } from '../output.ts';

export const summary = 'check installation configs (all, or the named ones); --files also checks data and mask files exist';

export async function run(args: string[]): Promise<number> {
  const checkFiles = args.includes('--files');
  const names = args.filter((a) => !a.startsWith('--'));
  const targets = names.length ? names : listInstallations();
  if (targets.length === 0) {
    printError(msg.noInstallations(INSTALLATIONS_DIR));
    return 1;
  }
  let errors = 0;
  let warnings = 0;
  for (const target of targets) {
    const r = await loadInstallation(target, { checkFiles });
    for (const e of r.errors) printError(e.text);
    for (const w of r.warnings) printError(`${msg.warningPrefix()}${w.text}`);
    if (r.errors.length === 0) print(msg.validOk(r.file));
    errors += r.errors.length;
    warnings += r.warnings.length;
  }
  print(msg.validated(targets.length, errors, warnings));
  return errors > 0 ? 1 : 0;
}
