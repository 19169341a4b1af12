/** What `noctiluca inspect` / `bake` were pointed at: an installation folder, a bare name, or a data file. */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { DataSpec } from '../data/events';
import { DataError } from '../data/messages';
import { defaultDataSpec } from './dataSpec';
import { loadInstallation, resolveInstallation } from './config';

export interface IntakeTarget {
  /** Folder that `spec.source` is relative to. */
  dir: string;
  spec: DataSpec;
  /** Installation name (folder name), or the data file's name. */
  name: string;
  /** True when an installation.json was read. */
  isInstallation: boolean;
}

/**
 * Resolve a command-line argument to a folder and DataSpec. An installation's data section comes
 * from its validated config (src/config): an invalid config stops here with all of its messages.
 */
export async function resolveIntakeTarget(arg: string): Promise<IntakeTarget> {
  const asPath = resolve(arg);
  if (existsSync(asPath) && statSync(asPath).isFile() && basename(asPath) !== 'installation.json') {
    return { dir: dirname(asPath), spec: defaultDataSpec({ source: basename(asPath) }), name: basename(asPath), isInstallation: false };
  }
  const { dir, file } = resolveInstallation(arg);
  if (existsSync(file)) {
    const loaded = await loadInstallation(arg);
    if (!loaded.config || !loaded.dataSpec) throw new DataError(loaded.errors.map((e) => e.text).join('\n'));
    return { dir: loaded.dir, spec: loaded.dataSpec, name: loaded.name, isInstallation: true };
  }
  if (existsSync(dir) && statSync(dir).isDirectory()) {
    // A folder of event-log files without an installation.json.
    return { dir, spec: defaultDataSpec({ source: '.' }), name: basename(dir), isInstallation: false };
  }
  throw new DataError(`installation not found: "${arg}" is neither a data file, a folder, nor a name under installations/`);
}
