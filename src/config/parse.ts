/**
 * Reading a config: text → JSON (with positions) → version check and migration → zod validation
 * with defaults → messages people can act on, all at once → lint warnings.
 */
import type { z } from 'zod';
import { parseJson, pathKey, JsonSyntaxError, type ParsedJson } from './json.ts';
import { configMessage, expectedText, msg, syntaxMessage, type ConfigMessage } from './messages.ts';
import { migrate, MIGRATABLE_VERSIONS } from './migrate.ts';
import { CONFIG_VERSION, installationSchema, type InstallationConfig } from './schema.ts';
import { closest } from './suggest.ts';
import { expectation, narrow, fitsJsonType, nodeAt, requiredKeys, shapeOf, jsonTypeOf, unionOptions } from './walk.ts';
import { lint } from './lint.ts';

export interface ParseResult {
  /** The validated config with defaults, or null when there is any error. */
  config: InstallationConfig | null;
  errors: ConfigMessage[];
  warnings: ConfigMessage[];
  /** Set when the file had an older version and was upgraded in memory. */
  migratedFrom?: number;
}

type Issue = z.core.$ZodIssue;
type Path = (string | number)[];

/**
 * Parses and validates the text of an installation.json. Never throws: every problem comes back
 * as a message naming `file` (used only in messages) and the JSON path.
 */
export function parseInstallationConfig(text: string, file: string): ParseResult {
  const errors: ConfigMessage[] = [];
  const warnings: ConfigMessage[] = [];
  const fail = (): ParseResult => ({ config: null, errors, warnings });

  if (text.trim() === '') {
    errors.push(configMessage(file, '', msg.emptyFile()));
    return fail();
  }
  let parsed: ParsedJson;
  try {
    parsed = parseJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      errors.push(syntaxMessage(file, e.reason, e.position));
      return fail();
    }
    throw e;
  }
  const at = (path: readonly PropertyKey[]) => {
    // The nearest enclosing value with a known position: moved keys (migration) have none.
    for (let n = path.length; n >= 0; n--) {
      const p = parsed.positions.get(pathKey(path.slice(0, n)));
      if (p) return p;
    }
    return undefined;
  };

  let raw = parsed.value;
  if (jsonTypeOf(raw) !== 'object') {
    errors.push(configMessage(file, '', msg.notAnObject(raw), at([])));
    return fail();
  }
  for (const d of parsed.duplicates) warnings.push(configMessage(file, d.path, msg.duplicateKey(), d.position));

  // ---- version: newer is refused outright; older is upgraded with a message ----
  let migratedFrom: number | undefined;
  const version = (raw as Record<string, unknown>).version;
  if (typeof version === 'number' && Number.isInteger(version) && version > CONFIG_VERSION) {
    errors.push(configMessage(file, ['version'], msg.versionNewer(version, CONFIG_VERSION), at(['version'])));
    return fail();
  }
  if (typeof version === 'number' && MIGRATABLE_VERSIONS.includes(version)) {
    const m = migrate(raw as Record<string, unknown>, version);
    raw = m.config;
    migratedFrom = version;
    warnings.push(configMessage(file, ['version'], msg.migrated(version, CONFIG_VERSION, m.changes), at(['version'])));
  }

  // ---- validation ----
  const result = installationSchema.safeParse(raw);
  if (!result.success) {
    const found: { path: Path; message: string }[] = [];
    for (const issue of result.error.issues) explain(issue, [], raw, found);
    const seen = new Set<string>();
    const msgs = found
      .map((f) => configMessage(file, f.path, f.message, at(f.path)))
      .filter((m) => !seen.has(m.text) && seen.add(m.text));
    // File order reads best; messages without a position keep their order at the end.
    const order = (m: ConfigMessage) => (m.line ?? Infinity) * 1e6 + (m.column ?? 0);
    errors.push(...msgs.map((m, i) => ({ m, i })).sort((a, b) => order(a.m) - order(b.m) || a.i - b.i).map((x) => x.m));
    return { config: null, errors, warnings, ...(migratedFrom !== undefined ? { migratedFrom } : {}) };
  }

  const config = result.data;
  for (const w of lint(config, raw as Record<string, unknown>)) warnings.push(configMessage(file, w.path, w.message, at(w.path)));
  return { config, errors, warnings, ...(migratedFrom !== undefined ? { migratedFrom } : {}) };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

/** Turns one zod issue (relative to `base`) into messages, resolving unions to the alternative meant. */
function explain(issue: Issue, base: Path, root: unknown, out: { path: Path; message: string }[]): void {
  const path: Path = [...base, ...(issue.path as Path)];
  const value = valueAt(root, path);
  const node = nodeAt(installationSchema, path, root);
  const expected = () => (node ? expectedText(expectation(narrow(node, value))) : 'a valid value');

  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = node ? Object.keys(shapeOf(narrow(node, value)) ?? {}) : [];
      for (const key of issue.keys) out.push({ path: [...path, key], message: msg.unknownKey(closest(key, known), known) });
      return;
    }
    case 'invalid_union': {
      const options = node ? unionOptions(node) : null;
      if (!options || options.length !== issue.errors.length) {
        out.push({ path, message: value === undefined ? msg.missing(expected()) : msg.expected(expected(), value) });
        return;
      }
      // Alternatives of the right JSON type; among objects, the one whose required keys are present.
      let candidates = options.map((o, i) => i).filter((i) => fitsJsonType(options[i], value));
      if (jsonTypeOf(value) === 'object' && candidates.length > 1) {
        const keyed = candidates.map((i) => ({ i, keys: requiredKeys(options[i]) })).filter((c) => c.keys.length > 0);
        const present = keyed.filter((c) => c.keys.every((k) => k in (value as object)));
        if (present.length > 1) {
          out.push({ path, message: msg.bothKeys(present.flatMap((c) => c.keys)) });
          return;
        }
        if (present.length === 0 && keyed.length === candidates.length) {
          // A misspelt required key ("feild") is the likely story: say which.
          const allRequired = keyed.flatMap((c) => c.keys);
          const known = candidates.flatMap((i) => Object.keys(shapeOf(options[i]) ?? {}));
          const typos = Object.keys(value as object)
            .filter((k) => !known.includes(k))
            .map((k) => ({ k, near: closest(k, allRequired) }))
            .filter((t) => t.near !== null);
          if (typos.length) {
            for (const t of typos) out.push({ path: [...path, t.k], message: msg.unknownKey(t.near, known) });
            return;
          }
          out.push({ path, message: msg.needsOneKey(keyed.flatMap((c) => c.keys)) });
          return;
        }
        if (present.length === 1) candidates = [present[0].i];
      }
      if (candidates.length === 1) {
        for (const sub of issue.errors[candidates[0]]) explain(sub, path, root, out);
        return;
      }
      out.push({ path, message: value === undefined ? msg.missing(expected()) : msg.expected(expected(), value) });
      return;
    }
    case 'custom': {
      const p = (issue.params ?? {}) as Record<string, unknown>;
      out.push({ path, message: ruleMessage(p, issue.message) });
      return;
    }
    default:
      if (value === undefined && issue.code === 'invalid_type') {
        out.push({ path, message: msg.missing(expected()) });
        return;
      }
      out.push({ path, message: msg.expected(expected(), value) });
  }
}

function ruleMessage(p: Record<string, unknown>, fallback: string): string {
  switch (p.rule) {
    case 'mask-required':
      return msg.maskRequired();
    case 'outside-folder':
      return msg.outsideFolder(String(p.path), String(p.why));
    case 'kind-unavailable':
      return msg.kindUnavailable(String(p.kind), String(p.reason));
    case 'window-order':
      return msg.windowOrder(String(p.start), String(p.end));
    case 'dpr-order':
      return msg.dprOrder(Number(p.min), Number(p.max));
    case 'corner-pins':
      return msg.cornerPins(Number(p.count), Number(p.outputs));
    case 'ordinal-domain':
      return msg.ordinalDomain(p.got);
    case 'numeric-domain':
      return msg.numericDomain(String(p.type), p.got);
    case 'log-domain':
      return msg.logDomain(p.got);
    default:
      return fallback;
  }
}
