/**
 * Writing a tuned config back into its original text: only the changed values are replaced where
 * they stand, values the file left to defaults are inserted into their nearest object, and the rest
 * (key order, spacing, line breaks) is untouched, so a one-value change is a one-line diff.
 * Browser-safe: the dev server's save (src/node/saveConfig.ts) and the panel's Export both use it.
 */
import { parseInstallationConfig } from './index.ts';
import { parseJson, pathKey } from './json.ts';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
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
export function inline(v: Json): string {
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
