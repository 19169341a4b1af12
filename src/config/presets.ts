/**
 * Presets: named partial configs stored by key path in installations/<name>/presets/<preset>.json:
 *
 *   { "description": "…", "values": { "look.palette": "firefly", "look.bloom.intensity": 2 } }
 *
 * Applying one matches by key path, never by position; keys the config no longer has are reported
 * and skipped, and a result the schema refuses is reported and not applied.
 */
import { parseInstallationConfig, type InstallationConfig } from './index.ts';
import { channelTunables, tunables } from './tunables.ts';
import { setAt } from './keyPath.ts';

export interface Preset {
  name: string;
  description: string;
  values: Record<string, unknown>;
}

export interface PresetResult {
  /** The config with the preset applied, or null when the result is invalid (nothing is applied). */
  config: InstallationConfig | null;
  applied: string[];
  /** Key paths of the preset the config has no place for (renamed or removed keys). */
  missing: string[];
  /** Why the result was refused: schema messages naming the preset file and key path. */
  errors: string[];
}

const PRESET_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Whether a string can name a preset file (lowercase letters, digits and dashes). */
export function isPresetName(name: string): boolean {
  return PRESET_NAME.test(name) && name.length <= 64;
}

/** Reads a preset file's parsed JSON; a wrong shape is a message naming the file. */
export function readPreset(name: string, json: unknown, file: string): Preset | string {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return `${file}: expected an object { "description", "values" }`;
  const { description = '', values } = json as Record<string, unknown>;
  if (values === null || typeof values !== 'object' || Array.isArray(values)) return `${file}: values: expected an object of key paths, e.g. { "look.bloom.intensity": 2 }`;
  if (typeof description !== 'string') return `${file}: description: expected a string`;
  return { name, description, values: values as Record<string, unknown> };
}

function has(obj: unknown, keys: readonly string[]): boolean {
  let o = obj;
  for (const k of keys) {
    if (o === null || typeof o !== 'object' || !Object.prototype.hasOwnProperty.call(o, k)) return false;
    o = (o as Record<string, unknown>)[k];
  }
  return true;
}

/** Applies a preset to `config` by key path, then validates the result with the schema. */
export function applyPreset(config: InstallationConfig, preset: Preset, file: string): PresetResult {
  let next: unknown = config;
  const applied: string[] = [];
  const missing: string[] = [];
  for (const [path, value] of Object.entries(preset.values)) {
    const keys = path.split('.');
    if (path === '' || !has(config, keys)) {
      missing.push(path);
      continue;
    }
    next = setAt(next, keys, value);
    applied.push(path);
  }
  // The schema decides, and its messages name the preset file; the paths are the config's.
  const parsed = parseInstallationConfig(JSON.stringify(next), file);
  if (!parsed.config) return { config: null, applied, missing, errors: parsed.errors.map((e) => e.text) };
  return { config: parsed.config, applied, missing, errors: [] };
}

/**
 * The artistic state of a config as preset values: every tunable leaf of layout, look and motion,
 * and each encoding channel whole (a channel is a field through a scale or a constant, not leaves).
 * Display (screens, venue) belongs to the place, not the piece, and is left out.
 */
export function presetValues(config: InstallationConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of tunables()) {
    if (t.keys[0] === 'display') continue;
    let v: unknown = config;
    for (const k of t.keys) v = (v as Record<string, unknown>)[k];
    out[t.path] = structuredClone(v);
  }
  out['layout.groupBy'] = config.layout.groupBy;
  for (const c of channelTunables()) out[`encoding.${c.channel}`] = structuredClone((config.encoding as Record<string, unknown>)[c.channel]);
  return out;
}
