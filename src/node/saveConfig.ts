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
import { parseJson, pathKey } from '../config/json.ts';
import { isPresetName, readPreset, type Preset } from '../studio/presets.ts';
import { listInstallations } from './config.ts';

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

// ---- writing only the changed leaves into the original text ----

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isObject = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Deep equality that ignores key order. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, k) => same(x, b[k]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => same(a[k], b[k]));
}

/** Values written on one line: `{ "a": 1, "b": [1, 2] }`, as the shipped files write small objects. */
function inline(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
  if (isObject(v)) {
    const members = Object.entries(v).filter(([, x]) => x !== undefined);
    return members.length ? `{ ${members.map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`).join(', ')} }` : '{}';
  }
  return JSON.stringify(v);
}

/** A value for a position indented by `indent`: inline when short, else one member per line. */
function format(v: Json, indent: string, unit: string): string {
  const one = inline(v);
  if (!isObject(v) || indent.length + one.length <= 100) return one;
  const inner = indent + unit;
  const members = Object.entries(v).filter(([, x]) => x !== undefined);
  return `{\n${members.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${format(x, inner, unit)}`).join(',\n')}\n${indent}}`;
}

/** The changed part of `next` relative to `before`: objects keep only changed members; encoding channels stay whole. */
function changedPart(before: unknown, next: Json, path: string[]): Json {
  if (!isObject(next) || !isObject(before) || (path.length === 2 && path[0] === 'encoding')) return next;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(next)) if (v !== undefined && !same(before[k], v)) out[k] = changedPart(before[k], v, [...path, k]);
  return out;
}

/** `next` with its keys in the order `like` has them (new keys after), for a whole re-serialisation. */
function orderLike(next: Json, like: unknown): Json {
  if (Array.isArray(next)) return next.map((x, k) => orderLike(x, Array.isArray(like) ? like[k] : undefined));
  if (!isObject(next)) return next;
  const keys = [...(isObject(like) ? Object.keys(like).filter((k) => k in next) : []), ...Object.keys(next).filter((k) => !isObject(like) || !(k in like))];
  return Object.fromEntries(keys.filter((k) => next[k] !== undefined).map((k) => [k, orderLike(next[k], isObject(like) ? like[k] : undefined)]));
}

/**
 * The original config text with `next` written into it: each changed value replaced where it
 * stands, values the file left to defaults inserted into their nearest object, everything else
 * (key order, spacing, line breaks) untouched. Falls back to a whole re-serialisation in the
 * file's indentation and key order when the text cannot be patched (e.g. an older-version file).
 */
export function patchConfigText(text: string, next: unknown, file = 'installation.json'): string {
  const unit = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const newline = text.endsWith('\n') ? '\n' : '';
  const target = JSON.parse(JSON.stringify(next)) as Json;
  let raw: unknown;
  try {
    const patched = patchText(text, target, file, unit);
    raw = patched.raw;
    if (patched.text !== null) {
      const check = parseInstallationConfig(patched.text, file);
      if (check.config && same(JSON.parse(JSON.stringify(check.config)), target)) return patched.text;
    }
  } catch {
    // Unparseable original: written whole below.
  }
  return JSON.stringify(orderLike(target, raw), null, unit) + newline;
}

function patchText(text: string, target: Json, file: string, unit: string): { text: string | null; raw: unknown } {
  const parsed = parseJson(text);
  const raw = parsed.value;
  const before = parseInstallationConfig(text, file);
  if (!before.config || before.migratedFrom !== undefined || parsed.duplicates.length) return { text: null, raw };
  const beforeConfig = JSON.parse(JSON.stringify(before.config)) as Json;

  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) lineStarts.push(k + 1);
  const offsetOf = (path: (string | number)[]): number => {
    const p = parsed.positions.get(pathKey(path))!;
    let at = lineStarts[p.line - 1] + p.column - 1;
    if (path.length && typeof path[path.length - 1] === 'string' && isObject(valueAt(raw, path.slice(0, -1)))) {
      at = stringEnd(text, at); // an object member's position is its key's: step over the key and the colon
      while (/\s/.test(text[at])) at++;
      at++; // ':'
      while (/\s/.test(text[at])) at++;
    }
    return at;
  };
  const span = (path: (string | number)[]) => {
    const start = offsetOf(path);
    return { start, end: valueEnd(text, start) };
  };
  const lineIndent = (at: number) => {
    let s = at;
    while (s > 0 && text[s - 1] !== '\n') s--;
    return /^[ \t]*/.exec(text.slice(s))![0];
  };

  const edits: { start: number; end: number; text: string }[] = [];
  const walk = (path: string[], rawNode: unknown, beforeNode: unknown, nextNode: Json) => {
    if (isObject(nextNode) && isObject(rawNode) && Object.keys(rawNode).every((k) => k in nextNode)) {
      const inserts: [string, Json][] = [];
      for (const [k, v] of Object.entries(nextNode)) {
        if (v === undefined) continue;
        const b = isObject(beforeNode) ? beforeNode[k] : undefined;
        if (k in rawNode) walk([...path, k], rawNode[k], b, v);
        else if (!same(b, v)) inserts.push([k, changedPart(b, v, [...path, k])]);
      }
      if (inserts.length) edits.push(insertion(path, rawNode, inserts));
      return;
    }
    if (same(beforeNode, nextNode)) return;
    const { start, end } = span(path);
    edits.push({ start, end, text: format(nextNode, lineIndent(start), unit) });
  };
  const insertion = (path: string[], rawNode: Record<string, unknown>, inserts: [string, Json][]) => {
    const { start, end } = span(path);
    const keys = Object.keys(rawNode);
    if (keys.length === 0) {
      const indent = lineIndent(start);
      const members = inserts.map(([k, v]) => `${JSON.stringify(k)}: ${format(v, indent + unit, unit)}`);
      return { start, end, text: `{ ${members.join(', ')} }` };
    }
    const last = span([...path, keys[keys.length - 1]]);
    const multiline = text.slice(start, end).includes('\n');
    // A multi-line object gets one new line per member, indented like its last member.
    const lastKey = parsed.positions.get(pathKey([...path, keys[keys.length - 1]]))!;
    const memberIndent = multiline ? lineIndent(lineStarts[lastKey.line - 1]) : lineIndent(start);
    const members = inserts.map(([k, v]) => `${JSON.stringify(k)}: ${format(v, memberIndent, unit)}`);
    const sep = multiline ? `,\n${memberIndent}` : ', ';
    return { start: last.end, end: last.end, text: sep + members.join(sep) };
  };

  if (!isObject(raw) || !isObject(target)) return { text: null, raw };
  walk([], raw, beforeConfig, target);
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { text: out, raw };
}

function valueAt(obj: unknown, path: (string | number)[]): unknown {
  let o = obj;
  for (const k of path) o = (o as Record<string | number, unknown>)?.[k];
  return o;
}

/** Index just past the string starting at `at` (a quote). */
function stringEnd(text: string, at: number): number {
  let i = at + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Index just past the JSON value starting at `at`. */
function valueEnd(text: string, at: number): number {
  const c = text[at];
  if (c === '"') return stringEnd(text, at);
  if (c === '{' || c === '[') {
    let depth = 0;
    let i = at;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '"') {
        i = stringEnd(text, i);
        continue;
      }
      if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
  return at + /^(-?[0-9.eE+-]+|true|false|null)/.exec(text.slice(at, at + 64))![0].length;
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
