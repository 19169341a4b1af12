/**
 * Reading and writing a config by key path (`['look', 'bloom', 'intensity']`), without mutating it:
 * the panel's bindings, presets and the save's patcher all address values this way.
 */

/** The value at `keys` in `obj`, or undefined where the path ends early. */
export function getAt(obj: unknown, keys: readonly (string | number)[]): unknown {
  let o = obj;
  for (const k of keys) o = o !== null && typeof o === 'object' ? (o as Record<string | number, unknown>)[k] : undefined;
  return o;
}

/** A copy of `obj` with the value at `keys` replaced (parents copied, siblings shared). */
export function setAt<T>(obj: T, keys: readonly (string | number)[], value: unknown): T {
  if (keys.length === 0) return value as T;
  const [k, ...rest] = keys;
  const src = obj as unknown as Record<string | number, unknown>;
  const copy = (Array.isArray(obj) ? [...obj] : { ...src }) as Record<string | number, unknown>;
  copy[k] = setAt(src?.[k], rest, value);
  return copy as T;
}
