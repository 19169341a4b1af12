/**
 * What `noctiluca inspect` / `bake` were pointed at: an installation folder, a bare name, or a data
 * file or folder. A bare source's format is detected (src/data/formats.ts) unless `--format` names it.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { DataSpec } from '../data/events';
import { dataFormat, dataFormatNames, dataFormats, detectFormat, type DataFormatName } from '../data/formats';
import { DataError } from '../data/messages';
import { defaultDataSpec } from './dataSpec';
import { loadInstallation, resolveInstallation } from './config';
import { probeSource } from './probe';

export interface IntakeTarget {
  /** Folder that `spec.source` is relative to. */
  dir: string;
  spec: DataSpec;
  /** Installation name (folder name), or the data file's name. */
  name: string;
  /** True when an installation.json was read. */
  isInstallation: boolean;
  /** Where the format came from: the installation's config, --format, or detection (by the content or the file names). */
  formatFrom: 'config' | 'flag' | 'content' | 'names';
  /** A note for people: an installation whose source looks like another format than its config says. */
  formatNote: string | null;
}

/** `--format`'s value, checked against the format list. */
export function checkFormat(name: string): DataFormatName {
  if (!dataFormat(name)) throw new DataError(`--format: no format "${name}"; expected one of ${dataFormatNames().join(', ')}`);
  return name as DataFormatName;
}

/** The format of a bare source: `--format`'s, or the one detection finds; a DataError when none recognises it. */
function bareFormat(path: string, format: string | undefined): { format: DataFormatName; from: IntakeTarget['formatFrom'] } {
  if (format) return { format: checkFormat(format), from: 'flag' };
  const found = detectFormat(probeSource(path));
  if (!found) {
    throw new DataError(
      `cannot tell the format of ${path}: ${dataFormats().map((f) => `${f.name} is ${f.description}`).join('; ')}. Name it with --format ${dataFormatNames().join('|')}`,
    );
  }
  return { format: found.format.name as DataFormatName, from: found.certainty === 2 ? 'content' : 'names' };
}

/**
 * Resolve a command-line argument to a folder and DataSpec. An installation's data section comes
 * from its validated config (src/config): an invalid config stops here with all of its messages.
 * `format` (--format) overrides the config's or the detected format.
 */
export async function resolveIntakeTarget(arg: string, opts: { format?: string } = {}): Promise<IntakeTarget> {
  const asPath = resolve(arg);
  if (existsSync(asPath) && statSync(asPath).isFile() && basename(asPath) !== 'installation.json') {
    const f = bareFormat(asPath, opts.format);
    return { dir: dirname(asPath), spec: defaultDataSpec({ source: basename(asPath), format: f.format }), name: basename(asPath), isInstallation: false, formatFrom: f.from, formatNote: null };
  }
  const { dir, file } = resolveInstallation(arg);
  if (existsSync(file)) {
    const loaded = await loadInstallation(arg);
    if (!loaded.config || !loaded.dataSpec) throw new DataError(loaded.errors.map((e) => e.text).join('\n'));
    const spec = opts.format ? { ...loaded.dataSpec, format: checkFormat(opts.format) } : loaded.dataSpec;
    return { dir: loaded.dir, spec, name: loaded.name, isInstallation: true, formatFrom: opts.format ? 'flag' : loaded.formatDetected ? 'content' : 'config', formatNote: mismatch(resolve(loaded.dir, spec.source), spec.format) };
  }
  if (existsSync(dir) && statSync(dir).isDirectory()) {
    // A data folder without an installation.json: an export folder, or a folder of event logs.
    const f = bareFormat(dir, opts.format);
    return { dir, spec: defaultDataSpec({ source: '.', format: f.format }), name: basename(dir), isInstallation: false, formatFrom: f.from, formatNote: null };
  }
  throw new DataError(`installation not found: "${arg}" is neither a data file, a folder, nor a name under installations/`);
}

/** Says so when a source is certainly another format than the one it is read as. */
function mismatch(path: string, format: string): string | null {
  if (!existsSync(path)) return null;
  const probe = probeSource(path);
  const found = detectFormat(probe);
  if (!found || found.format.name === format || found.certainty < 2 || dataFormat(format)?.detect(probe) === 2) return null;
  return `data.source looks like ${found.format.name} (${found.format.description}), but data.format is "${format}"`;
}
