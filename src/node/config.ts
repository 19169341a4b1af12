/**
 * Reading installation configs from disk (Node only; the parsing itself is browser-safe in src/config).
 * An installation is a folder `installations/<name>/` holding `installation.json`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSpec } from '../data/events.ts';
import { parseJson, pathKey } from '../config/json.ts';
import { resolveInside } from './paths.ts';
import { parseInstallationConfig, toDataSpec, type InstallationConfig } from '../config/index.ts';
import { configMessage, msg, type ConfigMessage } from '../config/messages.ts';
import { detectFormat, type DataFormatName } from '../data/formats.ts';
import { probeSource } from './probe.ts';

/** The repository's installations folder. */
export const INSTALLATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../installations');
export const CONFIG_FILE = 'installation.json';

export interface LoadedInstallation {
  /** Absolute path of the installation folder. */
  dir: string;
  /** The folder name, which is how the installation is found. */
  name: string;
  /** The config file as shown in messages (relative to the working directory when inside it). */
  file: string;
  /** The validated config with defaults, or null when there are errors. */
  config: InstallationConfig | null;
  /** The data section as importers take it, with `source` made absolute; null when there are errors. */
  dataSpec: DataSpec | null;
  /** The config leaves data.format out and `dataSpec.format` is the one the source was detected to be. */
  formatDetected?: boolean;
  errors: ConfigMessage[];
  warnings: ConfigMessage[];
  migratedFrom?: number;
}

export interface LoadOptions {
  /** Folder that bare names are looked up in (default: the repository's installations/). */
  root?: string;
  /** Also report a missing data source or mask image as an error. */
  checkFiles?: boolean;
}

/** Names of the installations (folders with an installation.json), sorted. */
export function listInstallations(root: string = INSTALLATIONS_DIR): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, CONFIG_FILE)))
    .map((d) => d.name)
    .sort();
}

/** Where `dirOrName` points: an installation name, its folder, or its installation.json. */
export function resolveInstallation(dirOrName: string, root: string = INSTALLATIONS_DIR): { dir: string; file: string } {
  const looksLikePath = dirOrName.includes('/') || dirOrName.includes(sep) || dirOrName.startsWith('.') || isAbsolute(dirOrName);
  let dir = looksLikePath ? resolve(dirOrName) : join(root, dirOrName);
  if (dir.endsWith('.json') && (!existsSync(dir) || statSync(dir).isFile())) dir = dirname(dir);
  return { dir, file: join(dir, CONFIG_FILE) };
}

function shownPath(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return (rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs).split(sep).join('/');
}

/** Where the value at a dotted JSON path starts in the config text, for messages. */
function positionOf(text: string, dotted: string): { line: number; column: number } | undefined {
  try {
    return parseJson(text).positions.get(pathKey(dotted.split('.')));
  } catch {
    return undefined;
  }
}

/** Whether the config's own text names data.format (the schema fills in a default otherwise). */
function formatGiven(text: string): boolean {
  try {
    const data = (JSON.parse(text) as { data?: { format?: unknown } }).data;
    return data?.format !== undefined;
  } catch {
    return true;
  }
}

/** Reads and validates one installation's config. Never throws for a bad or missing file: see `errors`. */
export async function loadInstallation(dirOrName: string, options: LoadOptions = {}): Promise<LoadedInstallation> {
  const { dir, file: abs } = resolveInstallation(dirOrName, options.root);
  const file = shownPath(abs);
  const name = basename(dir);
  const base = { dir, name, file, config: null, dataSpec: null, warnings: [] as ConfigMessage[] };
  let text: string;
  try {
    // The config itself stays in the folder too: a link to a file elsewhere is not read (its
    // values would be quoted in messages).
    const inside = await resolveInside(dir, CONFIG_FILE);
    if (!inside.ok) return { ...base, errors: [configMessage(file, '', msg.configOutside())] };
    text = await readFile(abs, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? msg.notFound(dirOrName, file) : msg.unreadable(String((e as Error).message));
    return { ...base, errors: [configMessage(file, '', reason)] };
  }
  const r = parseInstallationConfig(text, file);
  const errors = [...r.errors];
  const warnings = [...r.warnings];
  if (r.config && r.config.name !== name) warnings.push(configMessage(file, 'name', msg.nameMismatch(r.config.name, name)));
  // Files stay in the folder: each path is resolved (symlinks too) and refused if it leads out; a
  // refused path is never opened.
  let source: string | null = null;
  if (r.config) {
    const paths: [string, string | null][] = [
      ['data.source', r.config.data.source],
      ['layout.mask', r.config.layout.mask],
    ];
    for (const [path, rel] of paths) {
      if (rel === null) continue;
      const at = positionOf(text, path);
      const inside = await resolveInside(dir, rel);
      if (!inside.ok) {
        errors.push(configMessage(file, path, inside.why === 'special' ? msg.notInsideRegular(rel, inside.kind ?? 'special file') : msg.outsideFolder(rel, inside.why), at));
        continue;
      }
      if (path === 'data.source') source = resolve(dir, rel);
      const needed = path === 'data.source' || r.config.layout.kind === 'mask';
      if (options.checkFiles && needed && inside.kind === null) errors.push(configMessage(file, path, msg.fileMissing(rel, shownPath(resolve(dir, rel))), at));
    }
  }
  const config = errors.length ? null : r.config;
  const dataSpec = config && source ? { ...toDataSpec(config), source } : null;
  // data.format left out: the format the source is (a Synthea export copied in reads as one), as
  // `inspect` finds it for a bare folder; the schema's default where nothing is certain.
  let formatDetected = false;
  if (dataSpec && !formatGiven(text) && existsSync(source!)) {
    const found = detectFormat(probeSource(source!));
    if (found && found.certainty === 2) (dataSpec.format = found.format.name as DataFormatName), (formatDetected = true);
  }
  return { dir, name, file, config, dataSpec, ...(formatDetected ? { formatDetected } : {}), errors, warnings, ...(r.migratedFrom !== undefined ? { migratedFrom: r.migratedFrom } : {}) };
}

/** Like loadInstallation, but throws one Error listing every problem when the config is invalid. */
export async function requireInstallation(dirOrName: string, options: LoadOptions = {}): Promise<LoadedInstallation & { config: InstallationConfig; dataSpec: DataSpec }> {
  const loaded = await loadInstallation(dirOrName, options);
  if (!loaded.config || !loaded.dataSpec) throw new Error(loaded.errors.map((e) => e.text).join('\n'));
  return loaded as LoadedInstallation & { config: InstallationConfig; dataSpec: DataSpec };
}
