/**
 * Upgrades configs written for older config versions, in memory, and says what changed.
 *
 * Version 0 was the prototype's shape (before the schema):
 *   - `palette` at the top level           → `look.palette`
 *   - `look.bloomStrength`                 → `look.bloom.intensity`
 *   - `look.bloomThreshold`                → `look.bloom.threshold`
 *   - `motion.loop` (seconds)              → `motion.loopSeconds`
 *   - `version` 0                          → 1
 *
 * Version 1 → 2 removed settings that never did anything and narrowed constants to what the GPU holds:
 *   - `layout.maxCells`                    dropped (nothing sampled journeys: every journey is a cell)
 *   - `motion.scrub`                       dropped (nothing let visitors scrub the timeline)
 *   - `encoding.size.value` above 1        → 1 (a cell never grew past its region: 1 fills it)
 *   - `encoding.pulseRate.value` above 8   → 8 (the byte on the GPU held at most 8)
 * A file newer than CONFIG_VERSION is refused by parse.ts; it is never read as if it were current.
 */
import { msg } from './messages.ts';
import { CONFIG_VERSION } from './schema.ts';

type Json = Record<string, unknown>;

export interface Migration {
  /** The config, upgraded to CONFIG_VERSION. */
  config: Json;
  /** One short phrase per change, for the migration message. */
  changes: string[];
}

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Moves `from` (a key of `src`) to `to` (a key of `dst`), unless `to` is already set. */
function move(src: Json, fromKey: string, dst: Json, toKey: string, fromName: string, toName: string, changes: string[]) {
  if (!(fromKey in src)) return;
  if (toKey in dst) changes.push(msg.droppedKey(fromName, toName));
  else {
    dst[toKey] = src[fromKey];
    changes.push(msg.movedKey(fromName, toName));
  }
  delete src[fromKey];
}

function from0(c: Json): Migration {
  const changes: string[] = [];
  const out: Json = structuredClone(c);
  const look: Json = isObject(out.look) ? out.look : {};
  move(out, 'palette', look, 'palette', 'palette', 'look.palette', changes);
  if ('bloomStrength' in look || 'bloomThreshold' in look) {
    const bloom: Json = isObject(look.bloom) ? look.bloom : {};
    move(look, 'bloomStrength', bloom, 'intensity', 'look.bloomStrength', 'look.bloom.intensity', changes);
    move(look, 'bloomThreshold', bloom, 'threshold', 'look.bloomThreshold', 'look.bloom.threshold', changes);
    look.bloom = bloom;
  }
  if (Object.keys(look).length || 'look' in out) out.look = look;
  if (isObject(out.motion)) move(out.motion, 'loop', out.motion, 'loopSeconds', 'motion.loop', 'motion.loopSeconds', changes);
  out.version = 1;
  return { config: out, changes };
}

function from1(c: Json): Migration {
  const changes: string[] = [];
  const out: Json = structuredClone(c);
  const drop = (section: string, key: string, why: string) => {
    const s = out[section];
    if (isObject(s) && key in s) {
      delete s[key];
      changes.push(msg.removedKey(`${section}.${key}`, why));
    }
  };
  drop('layout', 'maxCells', 'every journey is drawn; nothing ever sampled them');
  drop('motion', 'scrub', 'visitors never could scrub the timeline');
  const clamp = (channel: string, max: number) => {
    const enc = out.encoding;
    const ch = isObject(enc) ? enc[channel] : undefined;
    if (isObject(ch) && typeof ch.value === 'number' && ch.value > max) {
      changes.push(msg.clampedValue(`encoding.${channel}.value`, ch.value, max));
      ch.value = max;
    }
  };
  clamp('size', 1);
  clamp('pulseRate', 8);
  out.version = 2;
  return { config: out, changes };
}

/** Upgrade steps: MIGRATIONS[v] turns version v into version v + 1. */
const MIGRATIONS: Record<number, (c: Json) => Migration> = { 0: from0, 1: from1 };

/** Versions this software can upgrade from. */
export const MIGRATABLE_VERSIONS = Object.keys(MIGRATIONS).map(Number);

/** Runs every step from `version` up to CONFIG_VERSION. The caller checks `version` is migratable. */
export function migrate(config: Json, version: number): Migration {
  let cur = config;
  const changes: string[] = [];
  for (let v = version; v < CONFIG_VERSION; v++) {
    const step = MIGRATIONS[v];
    const r = step(cur);
    cur = r.config;
    changes.push(...r.changes);
  }
  return { config: cur, changes };
}
