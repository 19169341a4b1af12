/**
 * Every user-facing message of the installation config, in one place (as Vega-Lite's
 * src/log/message.ts). Each says what was wrong and what was expected, or what happens now.
 * Messages are fragments; parse.ts prefixes them with the file and JSON path:
 *
 *   installations/harmonia/installation.json: look.bloom.intensity: expected a number from 0 to 10, got "bright"
 */

import { CONFIG_VERSION } from './schema.ts';

/** What a schema node accepts, as the walker (walk.ts) sees it; turned into words by `expectedText`. */
export type Expectation =
  | { kind: 'number'; min?: number; max?: number; integer: boolean }
  | { kind: 'boolean' }
  | { kind: 'string'; format?: 'color' | 'date' | 'datetime' | 'slug'; nonEmpty: boolean }
  | { kind: 'enum'; options: readonly (string | number)[] }
  | { kind: 'literal'; values: readonly unknown[] }
  | { kind: 'null' }
  | { kind: 'object'; required?: readonly string[] }
  | { kind: 'record'; values: Expectation }
  | { kind: 'array'; items: Expectation; minItems?: number }
  | { kind: 'tuple'; items: Expectation[] }
  | { kind: 'union'; options: Expectation[] }
  | { kind: 'any' };

const quote = (s: string | number): string => JSON.stringify(s);
const list = (xs: readonly (string | number)[]): string => xs.map(quote).join(', ');

/** The value the author wrote, short enough for one line. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  let s: string;
  try {
    s = JSON.stringify(value);
  } catch {
    s = String(value);
  }
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** "numbers", "colours "#rrggbb"": simple items named in the plural; null when a list needs "each …". */
function plural(e: Expectation): string | null {
  if (e.kind === 'number' && e.min === undefined && e.max === undefined) return e.integer ? 'integers' : 'numbers';
  if (e.kind !== 'string') return null;
  switch (e.format) {
    case 'color':
      return 'colours "#rrggbb"';
    case 'date':
      return 'dates "YYYY-MM-DD"';
    case undefined:
      return e.nonEmpty ? 'non-empty strings' : 'strings';
    default:
      return null;
  }
}

/** "a number from 0 to 10", "one of "aces", "agx"", "null or a date "YYYY-MM-DD"", … */
export function expectedText(e: Expectation): string {
  switch (e.kind) {
    case 'number': {
      const what = e.integer ? 'an integer' : 'a number';
      if (e.min !== undefined && e.max !== undefined) return `${what} from ${e.min} to ${e.max}`;
      if (e.min !== undefined) return `${what} of at least ${e.min}`;
      if (e.max !== undefined) return `${what} of at most ${e.max}`;
      return what;
    }
    case 'boolean':
      return 'true or false';
    case 'string':
      switch (e.format) {
        case 'color':
          return 'a colour "#rrggbb"';
        case 'date':
          return 'a date "YYYY-MM-DD"';
        case 'datetime':
          return 'an ISO date-time such as "2146-06-01T18:00:00Z"';
        case 'slug':
          return 'a name of lowercase letters, digits and dashes (e.g. "harmonia")';
        default:
          return e.nonEmpty ? 'a non-empty string' : 'a string';
      }
    case 'enum':
      return e.options.length === 1 ? quote(e.options[0]) : `one of ${list(e.options)}`;
    case 'literal':
      return e.values.map((v) => JSON.stringify(v)).join(' or ');
    case 'null':
      return 'null';
    case 'object':
      return e.required?.length ? `an object with ${e.required.map(quote).join(', ')}` : 'an object';
    case 'record':
      return `an object whose values are each ${expectedText(e.values)}`;
    case 'array': {
      const least = e.minItems ? `at least ${e.minItems} ` : '';
      const noun = plural(e.items);
      return noun ? `a list of ${least}${noun}` : `a list of ${least}items, each ${expectedText(e.items)}`;
    }
    case 'tuple':
      return e.items.every((x) => x.kind === 'number')
        ? `a list of ${e.items.length} numbers`
        : `a list of ${e.items.length} items`;
    case 'union': {
      // null first reads best: "null or a number from 0 to 1".
      const parts = [...e.options].sort((a, b) => Number(b.kind === 'null') - Number(a.kind === 'null'));
      return parts.map(expectedText).join(' or ');
    }
    case 'any':
      return 'a value';
  }
}

export const msg = {
  // ---- whole-file problems ----
  emptyFile: () => `the file is empty; expected a JSON object such as { "version": ${CONFIG_VERSION}, "name": …, "title": …, "data": { "source": … } }`,
  notAnObject: (got: unknown) => `expected a JSON object { … } at the top of the file, got ${shown(got)}`,
  invalidJson: (reason: string) => `invalid JSON: ${reason}`,
  jsonExpected: (expected: string, got: string) => `expected ${expected}, got ${got}`,
  jsonEnd: () => 'the end of the file',
  jsonComment: () => 'comments are not allowed in JSON; use "description" for notes',
  jsonUnterminatedString: () => 'string is not closed; add the closing double quote on the same line',
  jsonBadEscape: () => 'bad escape in string; use \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX',
  jsonControlCharacter: (code: number) =>
    `control character U+${code.toString(16).toUpperCase().padStart(4, '0')} inside a string; JSON allows it only escaped (\\t, \\n, \\u${code.toString(16).padStart(4, '0')})`,
  jsonTooDeep: (max: number) => `nested more than ${max} levels deep (objects and lists inside each other); nothing here needs so many`,
  jsonExpectKey: () => 'a key in double quotes',
  jsonExpectKeyNotTrailing: () => 'a key in double quotes (JSON does not allow a comma before "}")',
  jsonExpectValueNotTrailing: () => 'a value (JSON does not allow a comma before "]")',
  jsonExpectValue: () => 'a value (an object, list, "string", number, true, false or null)',
  jsonEndExpected: () => 'the end of the text after the value that closes it',
  duplicateKey: () => 'duplicate key; the later value is used',

  // ---- version and migration ----
  versionNewer: (got: number, known: number) =>
    `this file is config version ${got}, but this Noctiluca reads versions up to ${known}; update Noctiluca to open it (the file was not read)`,
  migrated: (from: number, to: number, changes: string[]) =>
    `config version ${from} upgraded to version ${to} while reading${changes.length ? ` (${changes.join('; ')})` : ''}; make these changes in the file and set "version": ${to} to silence this`,
  movedKey: (from: string, to: string) => `${from} → ${to}`,
  droppedKey: (from: string, kept: string) => `${from} dropped because ${kept} is set`,
  removedKey: (key: string, why: string) => `${key} removed (${why})`,
  clampedValue: (key: string, got: number, max: number) => `${key} ${got} → ${max} (the most it ever showed)`,

  // ---- values ----
  expected: (what: string, got: unknown) => `expected ${what}, got ${shown(got)}`,
  missing: (what: string) => `missing; expected ${what}`,
  unknownKey: (suggestion: string | null, known: readonly string[]) =>
    suggestion !== null
      ? `unknown key; did you mean ${quote(suggestion)}?`
      : known.length
        ? `unknown key; expected one of ${list(known)}`
        : 'unknown key; this object takes no keys',
  bothKeys: (keys: readonly string[]) =>
    `has both ${keys.map(quote).join(' and ')}; use one: "field" maps data through a scale, "value" sets a constant`,
  needsOneKey: (keys: readonly string[]) => `expected an object with ${keys.map(quote).join(' or ')}`,

  // ---- cross-field rules (schema.ts superRefine) ----
  kindUnavailable: (kind: string, reason: string) => `${quote(kind)} cannot be used yet: ${reason}; the installation is not shown until then`,
  maskRequired: () => 'required when layout.kind is "mask": the path of a mask image (PNG, white and opaque = inside) in the installation folder',
  windowOrder: (start: string, end: string) => `expected a date after the window start ${quote(start)}, got ${quote(end)}`,
  dprOrder: (min: number, max: number) => `expected at most dpr.max (${max}), got ${min}`,
  cornerPins: (count: number, outputs: number) =>
    `expected at most ${outputs} corner pins (one per output of the wall: columns × rows), got ${count}`,
  ordinalDomain: (got: unknown) => `expected "auto" or a list of categories (strings) for an ordinal scale, got ${shown(got)}`,
  numericDomain: (type: string, got: unknown) =>
    `expected "auto" or [min, max] (2 numbers) for a ${type} scale, got ${shown(got)}`,
  logDomain: (got: unknown) => `expected [min, max] above 0 for a log scale, got ${shown(got)}`,

  // ---- warnings: valid but probably not what was meant ----
  schemaRef: (got: string, expected: string) =>
    `editors will not find the schema at ${quote(got)}; expected ${quote(expected)}`,
  loopShort: (seconds: number) =>
    `a ${seconds} s loop plays each year of the window in a blink; journeys read best over 20 s or more`,
  privacyWeak: (k: number) =>
    `communities as small as ${k} journeys are published as they are; a minimum of 5 or more protects residents better (k-anonymity)`,
  maskIgnored: (kind: string) => `the mask is ignored because layout.kind is ${quote(kind)}; set kind to "mask" to use it`,
  categoricalScale: (field: string, type: string) =>
    `${quote(field)} is categorical, so a ${type} scale has no order to follow; using "ordinal" instead would be usual`,
  flashing: (period: number, depth: number) =>
    `breathing every ${period} s at depth ${depth} flickers; keep the period above 2 s or the depth below 0.3 for photosensitive visitors`,
  nameMismatch: (name: string, folder: string) =>
    `the name ${quote(name)} differs from the folder ${quote(folder)}; the folder name is used to find the installation`,

  // ---- loading (src/node/config.ts) ----
  notFound: (what: string, looked: string) => `no installation ${quote(what)}: ${looked} does not exist`,
  unreadable: (reason: string) => `cannot read the file: ${reason}`,
  configOutside: () => 'the file is a link that leads outside the installation folder (or is not a regular file); refused, nothing was read',
  fileMissing: (rel: string, shown: string) => `${JSON.stringify(rel)} does not exist (looked for ${shown})`,
  outsideFolder: (rel: string, why: string) =>
    `${shown(rel)} leads outside the installation folder (${why === 'absolute' ? 'an absolute path' : why === 'parent' ? 'a ".." step' : why === 'link' ? 'through a symbolic link' : 'a NUL character'}); data and mask files must lie inside it, e.g. "journeys.csv" or "data/journeys.csv"; refused, nothing was opened`,
  notInsideRegular: (rel: string, kind: string) => `${shown(rel)} is a ${kind}, not a file or folder of data; refused, nothing was opened`,
  validated: (count: number, errors: number, warnings: number) =>
    `${count} installation${count === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`,
  validOk: (file: string) => `ok ${file}`,
  warningPrefix: () => 'warning: ',
  noInstallations: (root: string) => `no installations found in ${root}`,
} as const;

/** One message about one config file, ready to print. */
export interface ConfigMessage {
  file: string;
  /** JSON path such as "look.bloom.intensity" or "look.palette[1]"; "" for the whole file. */
  path: string;
  message: string;
  /** The full line: "<file>: <path>: <message>" (or "<file>:<line>:<column>: …" for invalid JSON). */
  text: string;
  /** Where the value starts, when known. */
  line?: number;
  column?: number;
}

/** Path segments as people write them: look.palette[1], data.columns["journey id"]. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && /^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out;
}

export function configMessage(
  file: string,
  path: readonly PropertyKey[] | string,
  message: string,
  at?: { line: number; column: number },
): ConfigMessage {
  const p = typeof path === 'string' ? path : formatPath(path);
  const text = p ? `${file}: ${p}: ${message}` : `${file}: ${message}`;
  return { file, path: p, message, text, ...(at ? { line: at.line, column: at.column } : {}) };
}

/** Invalid JSON has no path: the line and column go where editors and terminals make them clickable. */
export function syntaxMessage(file: string, reason: string, at: { line: number; column: number }): ConfigMessage {
  const message = msg.invalidJson(reason);
  return { file, path: '', message, text: `${file}:${at.line}:${at.column}: ${message}`, line: at.line, column: at.column };
}
