/**
 * Saving from the tuning panel (dev server only). The panel posts the tuned config; the server
 * validates it, writes only the changed values into the original text (so key order, formatting and
 * the diff stay small), and replaces installation.json atomically: a temporary file, then a rename,
 * with the previous file kept as installation.bak.json. Presets live in installations/<name>/presets/.
 *
 *   POST /__noctiluca/save/<name>              body: the config      → { ok, errors?, backup? }
 *   GET  /__noctiluca/presets/<name>                                 → { presets, errors }
 *   POST /__noctiluca/presets/<name>/<preset>  body: { description, values }
 */
import * as nodeFs from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseInstallationConfig } from '../config/index.ts';
import { parseJson } from '../config/json.ts';
import { inline, patchConfigText, type Json } from '../studio/patchText.ts';
import { isPresetName, readPreset, type Preset } from '../studio/presets.ts';
import { listInstallations } from './config.ts';

export { patchConfigText };

/** The file operations a save uses: injectable, so tests can make one fail. */
export interface SaveFs {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  writeFile(path: string, data: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, opts: { force: boolean }): Promise<void>;
  readdir(path: string): Promise<string[]>;
  mkdir(path: string, opts: { recursive: boolean }): Promise<unknown>;
}

export const BACKUP_FILE = 'installation.bak.json';
export const PRESETS_DIR = 'presets';

/** Files the studio writes next to an installation: not data, so no hot reload or rebake. */
export function isStudioFile(relativePath: string): boolean {
  const parts = relativePath.split(/[\\/]/);
  const base = parts[parts.length - 1];
  return base.endsWith('.bak.json') || base.endsWith('.tmp') || parts.includes(PRESETS_DIR);
}

// ---- atomic writes ----

export type SaveResult = { ok: true; file: string; backup: string | null } | { ok: false; errors: string[] };

/** Writes `text` to `path` through a temporary file and a rename: readers see the old file or the new one, never a part. */
async function writeAtomic(fs: SaveFs, path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}-${Date.now().toString(36)}.tmp`;
  try {
    await fs.writeFile(tmp, text);
    await fs.rename(tmp, path);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => {});
    throw err;
  }
}

/**
 * Saves a tuned config into installations/<name>/installation.json: validated first (an invalid
 * config is refused with its messages and nothing is written), the previous file kept as
 * installation.bak.json, the new text in place by one rename.
 */
export async function saveInstallationConfig(root: string, name: string, config: unknown, fs: SaveFs = nodeFs as unknown as SaveFs): Promise<SaveResult> {
  const rel = `installations/${name}/installation.json`;
  const first = parseInstallationConfig(JSON.stringify(config ?? null), rel);
  if (!first.config) return { ok: false, errors: first.errors.map((e) => e.text) };
  if (first.config.name !== name) return { ok: false, errors: [`${rel}: name: expected "${name}" (the folder's name), got "${first.config.name}"; not saved`] };
  const dir = join(root, name);
  const path = join(dir, 'installation.json');
  let original: string;
  try {
    original = await fs.readFile(path, 'utf8');
  } catch (err) {
    return { ok: false, errors: [`${rel}: cannot be read (${(err as Error).message}); not saved`] };
  }
  const text = patchConfigText(original, first.config, rel);
  const check = parseInstallationConfig(text, rel);
  if (!check.config) return { ok: false, errors: check.errors.map((e) => e.text) };
  if (text === original) return { ok: true, file: rel, backup: null };
  try {
    const backup = join(dir, BACKUP_FILE);
    await fs.copyFile(path, `${backup}.tmp`);
    await fs.rename(`${backup}.tmp`, backup);
    await writeAtomic(fs, path, text);
  } catch (err) {
    return { ok: false, errors: [`${rel}: not saved (${(err as Error).message}); the file on disk is unchanged`] };
  }
  return { ok: true, file: rel, backup: `installations/${name}/${BACKUP_FILE}` };
}

/** The presets of an installation, and a message for each file that is not a preset. */
export async function listPresets(root: string, name: string, fs: SaveFs = nodeFs as unknown as SaveFs): Promise<{ presets: Preset[]; errors: string[] }> {
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
export async function savePreset(root: string, name: string, preset: string, body: unknown, fs: SaveFs = nodeFs as unknown as SaveFs): Promise<SaveResult> {
  const rel = `installations/${name}/${PRESETS_DIR}/${preset}.json`;
  if (!isPresetName(preset)) return { ok: false, errors: [`${rel}: a preset name is lowercase letters, digits and dashes; not saved`] };
  const p = readPreset(preset, body, rel);
  if (typeof p === 'string') return { ok: false, errors: [p] };
  const dir = join(root, name, PRESETS_DIR);
  const lines = Object.entries(p.values).map(([k, v]) => `    ${JSON.stringify(k)}: ${inline(v as Json)}`);
  const text = `{\n  "description": ${JSON.stringify(p.description)},\n  "values": {\n${lines.join(',\n')}\n  }\n}\n`;
  try {
    await fs.mkdir(dir, { recursive: true });
    await writeAtomic(fs, join(dir, `${preset}.json`), text);
  } catch (err) {
    return { ok: false, errors: [`${rel}: not saved (${(err as Error).message})`] };
  }
  return { ok: true, file: rel, backup: null };
}

// ---- the dev server routes ----

const ROUTE = /^\/__noctiluca\/(save|presets)\/([a-z0-9][a-z0-9-]*)(?:\/([^/]+))?$/;
const MAX_BODY = 1 << 20;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error('request body over 1 MB'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Connect middleware for the save and preset routes (hooked into the dev server only). */
export function studioRoutes(root: string, base = '/') {
  return async (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const path = (req.url ?? '').split('?')[0];
    const m = ROUTE.exec(path.startsWith(base) ? `/${path.slice(base.length)}` : path);
    if (!m) return next();
    const send = (status: number, body: unknown) => {
      res.statusCode = status;
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Cache-Control', 'no-store');
      res.end(JSON.stringify(body));
    };
    const [, route, name, preset] = m;
    if (!listInstallations(root).includes(name)) return send(404, { ok: false, errors: [`no installation named "${name}"`] });
    try {
      if (route === 'presets' && req.method === 'GET' && !preset) return send(200, await listPresets(root, name));
      if (req.method !== 'POST' || (route === 'save') !== !preset) return send(405, { ok: false, errors: [`${req.method} ${path}: not a studio route`] });
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch (err) {
        return send(400, { ok: false, errors: [`the request is not JSON (${(err as Error).message}); not saved`] });
      }
      const result = route === 'save' ? await saveInstallationConfig(root, name, body) : await savePreset(root, name, decodeURIComponent(preset), body);
      return send(result.ok ? 200 : 422, result);
    } catch (err) {
      return send(500, { ok: false, errors: [err instanceof Error ? err.message : String(err)] });
    }
  };
}
