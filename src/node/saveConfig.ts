/**
 * Saving installation files from the dev server (the tuning panel, presets, the venue's corner pin;
 * the routes are in src/node/routes/). A save validates the config, writes only the changed values
 * into the original text (so key order, formatting and the diff stay small), and replaces the file
 * atomically: a temporary file of its own (never shared with another save), written and synced to
 * disk, then renamed over the old one; the previous file is kept as installation.bak.json. Saves of
 * one installation run one after another, so concurrent saves never fail or lose each other's
 * changes; temporary files a crash leaves behind are removed when the dev server starts.
 */
import { randomUUID } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseInstallationConfig } from '../config/index.ts';
import { parseJson } from '../config/json.ts';
import { inline, patchConfigText, type Json } from '../config/patchText.ts';
import { isPresetName, readPreset, type Preset } from '../config/presets.ts';

export { patchConfigText };

/** What a save does to the disk: injectable, so tests can make one step fail or record the order. */
export interface SaveFs {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  /** Create `path` (it must not exist), write `data`, sync it to disk, close it. */
  writeFileSynced(path: string, data: string | Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Sync a folder, so a rename in it survives a power cut. */
  syncDir(path: string): Promise<void>;
  rm(path: string, opts: { force: boolean }): Promise<void>;
  readdir(path: string): Promise<string[]>;
  mkdir(path: string, opts: { recursive: boolean }): Promise<unknown>;
}

export const nodeSaveFs: SaveFs = {
  readFile: (path, encoding) => nodeFs.readFile(path, encoding),
  async writeFileSynced(path, data) {
    const handle = await nodeFs.open(path, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => nodeFs.rename(from, to),
  async syncDir(path) {
    const handle = await nodeFs.open(path, 'r');
    try {
      await handle.sync();
    } catch {
      // Some file systems cannot sync a folder; the rename itself is still atomic.
    } finally {
      await handle.close();
    }
  },
  rm: (path, opts) => nodeFs.rm(path, opts),
  readdir: (path) => nodeFs.readdir(path),
  mkdir: (path, opts) => nodeFs.mkdir(path, opts),
};

export const BACKUP_FILE = 'installation.bak.json';
export const PRESETS_DIR = 'presets';

/** Temporary files of a save: `<file>.<uuid>.noctiluca.tmp` (and the older `<file>.<pid>-<time>.tmp`). */
const TEMP_FILE = /\.(?:[0-9a-f-]{36}\.noctiluca|\d+-[0-9a-z]+)\.tmp$|^installation\.bak\.json\.tmp$/;

/** Files the studio writes next to an installation: not data, so no hot reload or rebake. */
export function isStudioFile(relativePath: string): boolean {
  const parts = relativePath.split(/[\\/]/);
  const base = parts[parts.length - 1];
  return base.endsWith('.bak.json') || base.endsWith('.tmp') || parts.includes(PRESETS_DIR);
}

// ---- one save at a time per installation ----

const queues = new Map<string, Promise<unknown>>();

/** Run `task` after every earlier task with the same key has finished (whether it failed or not). */
export function serialised<T>(key: string, task: () => Promise<T>): Promise<T> {
  const prev = queues.get(key) ?? Promise.resolve();
  const run = prev.then(task, task);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}

// ---- atomic writes ----

export type SaveResult = { ok: true; file: string; backup: string | null } | { ok: false; errors: string[] };

/** Writes `text` to `path` through a temporary file of its own, synced, then a rename: readers see the old file or the new one, never a part. */
export async function writeAtomic(fs: SaveFs, path: string, text: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${randomUUID()}.noctiluca.tmp`;
  try {
    await fs.writeFileSynced(tmp, text);
    await fs.rename(tmp, path);
    await fs.syncDir(dirname(path));
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => {});
    throw err;
  }
}

/** Removes the temporary files an interrupted save left in an installation folder and its presets. */
export async function removeStaleTemporaries(dir: string, fs: SaveFs = nodeSaveFs): Promise<string[]> {
  const removed: string[] = [];
  for (const folder of [dir, join(dir, PRESETS_DIR)]) {
    const names = await fs.readdir(folder).catch(() => [] as string[]);
    for (const n of names) {
      if (!TEMP_FILE.test(n)) continue;
      await fs.rm(join(folder, n), { force: true }).catch(() => {});
      removed.push(join(folder, n));
    }
  }
  return removed;
}

/**
 * Saves a config into installations/<name>/installation.json: `next` gives the config to save from
 * the file's current text (read under the installation's lock, so a change computed from it, like one
 * corner pin, never undoes another save). Validated first (an invalid config is refused with its
 * messages and nothing is written), the previous file kept as installation.bak.json, the new text in
 * place by one rename.
 */
export function updateInstallationConfig(root: string, name: string, next: (text: string) => unknown, fs: SaveFs = nodeSaveFs): Promise<SaveResult> {
  const dir = join(root, name);
  return serialised(dir, async (): Promise<SaveResult> => {
    const rel = `installations/${name}/installation.json`;
    const path = join(dir, 'installation.json');
    let original: string;
    try {
      original = await fs.readFile(path, 'utf8');
    } catch (err) {
      return { ok: false, errors: [`${rel}: cannot be read (${(err as Error).message}); not saved`] };
    }
    let config: unknown;
    try {
      config = next(original);
    } catch (err) {
      return { ok: false, errors: [`${rel}: ${(err as Error).message}; not saved`] };
    }
    const first = parseInstallationConfig(JSON.stringify(config ?? null), rel);
    if (!first.config) return { ok: false, errors: first.errors.map((e) => e.text) };
    if (first.config.name !== name) return { ok: false, errors: [`${rel}: name: expected "${name}" (the folder's name), got "${first.config.name}"; not saved`] };
    const text = patchConfigText(original, first.config, rel);
    const check = parseInstallationConfig(text, rel);
    if (!check.config) return { ok: false, errors: check.errors.map((e) => e.text) };
    if (text === original) return { ok: true, file: rel, backup: null };
    try {
      await writeAtomic(fs, join(dir, BACKUP_FILE), original);
      await writeAtomic(fs, path, text);
    } catch (err) {
      return { ok: false, errors: [`${rel}: not saved (${(err as Error).message}); the file on disk is unchanged`] };
    }
    return { ok: true, file: rel, backup: `installations/${name}/${BACKUP_FILE}` };
  });
}

/** Saves a tuned config (see updateInstallationConfig). */
export function saveInstallationConfig(root: string, name: string, config: unknown, fs: SaveFs = nodeSaveFs): Promise<SaveResult> {
  return updateInstallationConfig(root, name, () => config, fs);
}

/** The presets of an installation, and a message for each file that is not a preset. */
export async function listPresets(root: string, name: string, fs: SaveFs = nodeSaveFs): Promise<{ presets: Preset[]; errors: string[] }> {
  const dir = join(root, name, PRESETS_DIR);
  const files = await fs.readdir(dir).catch(() => [] as string[]);
  const presets: Preset[] = [];
  const errors: string[] = [];
  for (const f of files.filter((f) => f.endsWith('.json')).sort()) {
    const rel = `installations/${name}/${PRESETS_DIR}/${f}`;
    const presetName = f.slice(0, -'.json'.length);
    try {
      const p = readPreset(presetName, parseJson(await fs.readFile(join(dir, f), 'utf8')).value, rel);
      if (typeof p === 'string') errors.push(p);
      else presets.push(p);
    } catch (err) {
      errors.push(`${rel}: ${(err as Error).message}; skipped`);
    }
  }
  return { presets, errors };
}

/** Saves a preset (key path → value) as installations/<name>/presets/<preset>.json. */
export function savePreset(root: string, name: string, preset: string, body: unknown, fs: SaveFs = nodeSaveFs): Promise<SaveResult> {
  const rel = `installations/${name}/${PRESETS_DIR}/${preset}.json`;
  if (!isPresetName(preset)) return Promise.resolve({ ok: false, errors: [`${rel}: a preset name is lowercase letters, digits and dashes; not saved`] });
  const p = readPreset(preset, body, rel);
  if (typeof p === 'string') return Promise.resolve({ ok: false, errors: [p] });
  const dir = join(root, name, PRESETS_DIR);
  const lines = Object.entries(p.values).map(([k, v]) => `    ${JSON.stringify(k)}: ${inline(v as Json)}`);
  const text = `{\n  "description": ${JSON.stringify(p.description)},\n  "values": {\n${lines.join(',\n')}\n  }\n}\n`;
  return serialised(join(root, name), async (): Promise<SaveResult> => {
    try {
      await fs.mkdir(dir, { recursive: true });
      await writeAtomic(fs, join(dir, `${preset}.json`), text);
    } catch (err) {
      return { ok: false, errors: [`${rel}: not saved (${(err as Error).message})`] };
    }
    return { ok: true, file: rel, backup: null };
  });
}
