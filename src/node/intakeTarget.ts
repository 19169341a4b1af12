/** What `noctiluca inspect` / `bake` were pointed at: an installation folder, a bare name, or a data file. */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { DataSpec } from '../data/events';
import { defaultDataSpec, readDataSpec, resolveInstallationDir } from './dataSpec';

export interface IntakeTarget {
  /** Folder that `spec.source` is relative to. */
  dir: string;
  spec: DataSpec;
  /** Installation name (folder name), or the data file's name. */
  name: string;
  /** True when an installation.json was read. */
  isInstallation: boolean;
}

/** Resolve a command-line argument to a folder and DataSpec. */
export function resolveIntakeTarget(arg: string): IntakeTarget {
  const asPath = resolve(arg);
  if (existsSync(asPath) && statSync(asPath).isFile()) {
    return { dir: dirname(asPath), spec: defaultDataSpec({ source: basename(asPath) }), name: basename(asPath), isInstallation: false };
  }
  const dir = resolveInstallationDir(arg);
  if (existsSync(join(dir, 'installation.json'))) return { dir, spec: readDataSpec(dir), name: basename(dir), isInstallation: true };
  // A folder of event-log files without an installation.json.
  return { dir, spec: defaultDataSpec({ source: '.' }), name: basename(dir), isInstallation: false };
}
