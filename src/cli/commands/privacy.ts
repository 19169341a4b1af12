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

export const summary = 'measure what the published mosaic gives away (re-identification risk, recoverable dates); non-zero exit when it breaks the guarantee';

export async function run(args: string[]): Promise<number> {
  const target = args.find((a) => !a.startsWith('-'));
  if (!target) {
    console.error('usage: noctiluca privacy <installation folder | name> [--json]');
    return 2;
  }
  try {
    const { report } = await assessInstallation(target);
    console.log(args.includes('--json') ? JSON.stringify(report, (_k, v) => (v === Infinity ? null : v), 2) : formatRisk(report));
    return report.violations.length ? 1 : 0;
  } catch (err) {
    if (err instanceof DataError || (err instanceof Error && /installation\.json/.test(err.message))) {
      console.error(`noctiluca privacy: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
