/**
 * Walks the zod schema: unwraps defaults, optionals and nullables, follows a JSON path to the
 * schema node it addresses, and says what a node accepts. Messages (parse.ts), tunables
 * (tunables.ts) and the reference docs (generate.ts) all read the schema through here, so none of
 * them repeats a range or an option list.
 */
import { z } from 'zod';
import type { Expectation } from './messages.ts';
import { HEX_COLOUR, ISO_DATE, SLUG } from './schema.ts';

type Schema = z.ZodType;

interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  shape?: Record<string, Schema>;
  element?: Schema;
  items?: Schema[];
  valueType?: Schema;
  options?: Schema[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  defaultValue?: unknown;
}

const defOf = (s: Schema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
}
/** The checks (.min, .regex, …) attached to a node, read from their definitions. */
const checksOf = (s: Schema): CheckDef[] =>
  ((defOf(s) as Def & { checks?: { _zod: { def: CheckDef } }[] }).checks ?? []).map((c) => c._zod.def);
const minLength = (s: Schema): number | undefined => {
  const mins = checksOf(s)
    .filter((c) => c.check === 'min_length' && typeof c.minimum === 'number')
    .map((c) => c.minimum as number);
  return mins.length ? Math.max(...mins) : undefined;
};

/** A schema node with its wrappers peeled off and what they said. */
export interface Unwrapped {
  /** The node under default/prefault/optional/nullable wrappers. */
  base: Schema;
  type: string;
  nullable: boolean;
  optional: boolean;
  hasDefault: boolean;
  default: unknown;
  /** Metadata of every wrapper, outer keys winning. */
  meta: Record<string, unknown> & { description?: string; step?: number };
}

export function unwrap(schema: Schema): Unwrapped {
  let s = schema;
  let nullable = false;
  let optional = false;
  let hasDefault = false;
  let dflt: unknown;
  const metas: Record<string, unknown>[] = [];
  for (;;) {
    const m = z.globalRegistry.get(s);
    if (m) metas.push(m as Record<string, unknown>);
    const def = defOf(s);
    if (def.type === 'default' || def.type === 'prefault') {
      if (!hasDefault) {
        hasDefault = true;
        dflt = def.defaultValue;
        // A prefault is parsed to reach the value the program sees.
        if (def.type === 'prefault') {
          const r = s.safeParse(undefined);
          if (r.success) dflt = r.data;
        }
      }
      s = def.innerType!;
    } else if (def.type === 'optional') {
      optional = true;
      s = def.innerType!;
    } else if (def.type === 'nullable') {
      nullable = true;
      s = def.innerType!;
    } else if (def.type === 'readonly' || def.type === 'catch') {
      s = def.innerType!;
    } else if (def.type === 'pipe') {
      s = def.in!;
    } else break;
  }
  const meta: Unwrapped['meta'] = {};
  for (const m of metas.reverse()) Object.assign(meta, m);
  return { base: s, type: defOf(s).type, nullable, optional, hasDefault, default: dflt, meta };
}

/** The object's members, or null when the node is not an object. */
export function shapeOf(schema: Schema): Record<string, Schema> | null {
  const def = defOf(unwrap(schema).base);
  return def.type === 'object' ? def.shape! : null;
}

/** The alternatives of a union node (after unwrapping), or null. */
export function unionOptions(schema: Schema): Schema[] | null {
  const def = defOf(unwrap(schema).base);
  return def.type === 'union' ? def.options! : null;
}

/** Keys an object with this schema must have (no default, not optional). */
export function requiredKeys(schema: Schema): string[] {
  const shape = shapeOf(schema) ?? {};
  return Object.keys(shape).filter((k) => {
    const u = unwrap(shape[k]);
    return !u.optional && !u.hasDefault;
  });
}

/**
 * The schema node a JSON path addresses, or null. Inside a union, the alternative that has the
 * next key (or, given the value there, that fits its JSON type) is followed.
 */
export function nodeAt(root: Schema, path: readonly PropertyKey[], value?: unknown): Schema | null {
  let s: Schema = root;
  let v = value;
  for (const seg of path) {
    const next = step(s, seg, v);
    if (!next) return null;
    s = next;
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[seg] : undefined;
  }
  return s;
}

function step(s: Schema, seg: PropertyKey, v: unknown): Schema | null {
  const { base } = unwrap(s);
  const def = defOf(base);
  switch (def.type) {
    case 'object':
      return typeof seg === 'string' && Object.prototype.hasOwnProperty.call(def.shape, seg) ? def.shape![seg] : null;
    case 'record':
      return def.valueType!;
    case 'array':
      return typeof seg === 'number' ? def.element! : null;
    case 'tuple':
      return typeof seg === 'number' ? (def.items![seg] ?? null) : null;
    case 'union': {
      const fits = def.options!.filter((o) => v === undefined || fitsJsonType(o, v));
      for (const o of [...fits, ...def.options!]) {
        const n = step(o, seg, v);
        if (n) return n;
      }
      return null;
    }
    default:
      return null;
  }
}

export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

export function jsonTypeOf(value: unknown): JsonType | 'undefined' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean' || t === 'object') return t;
  return 'undefined';
}

/** JSON types a schema node accepts at all (ignoring ranges, formats and options). */
export function acceptedJsonTypes(schema: Schema): Set<JsonType> {
  const u = unwrap(schema);
  const def = defOf(u.base);
  const out = new Set<JsonType>();
  if (u.nullable) out.add('null');
  switch (def.type) {
    case 'number':
    case 'int':
      out.add('number');
      break;
    case 'string':
      out.add('string');
      break;
    case 'boolean':
      out.add('boolean');
      break;
    case 'null':
      out.add('null');
      break;
    case 'enum':
      for (const x of Object.values(def.entries!)) out.add(typeof x === 'number' ? 'number' : 'string');
      break;
    case 'literal':
      for (const x of def.values!) out.add(jsonTypeOf(x) as JsonType);
      break;
    case 'object':
    case 'record':
      out.add('object');
      break;
    case 'array':
    case 'tuple':
      out.add('array');
      break;
    case 'union':
      for (const o of def.options!) for (const t of acceptedJsonTypes(o)) out.add(t);
      break;
  }
  return out;
}

export function fitsJsonType(schema: Schema, value: unknown): boolean {
  const t = jsonTypeOf(value);
  return t !== 'undefined' && acceptedJsonTypes(schema).has(t);
}

/** A union narrowed to the one alternative of the value's JSON type, when there is exactly one. */
export function narrow(schema: Schema, value: unknown): Schema {
  const options = unionOptions(schema);
  if (!options || value === undefined) return schema;
  let fits = options.filter((o) => fitsJsonType(o, value));
  // Objects: the alternative whose required keys are all there ({ field } vs { value }).
  if (fits.length > 1 && jsonTypeOf(value) === 'object') {
    fits = fits.filter((o) => requiredKeys(o).every((k) => k in (value as object)));
  }
  return fits.length === 1 ? narrow(fits[0], value) : schema;
}

/** What a node accepts, for messages and docs. */
export function expectation(schema: Schema): Expectation {
  const u = unwrap(schema);
  const inner = baseExpectation(u.base);
  return u.nullable ? { kind: 'union', options: [{ kind: 'null' }, inner] } : inner;
}

function baseExpectation(s: Schema): Expectation {
  const def = defOf(s);
  switch (def.type) {
    case 'number':
    case 'int': {
      const n = s as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean };
      const min = n.minValue ?? undefined;
      const max = n.maxValue ?? undefined;
      const safe = (x: number | undefined) => (x === undefined || Math.abs(x) >= Number.MAX_SAFE_INTEGER ? undefined : x);
      return { kind: 'number', min: safe(min), max: safe(max), integer: n.isInt };
    }
    case 'boolean':
      return { kind: 'boolean' };
    case 'string': {
      const patterns = checksOf(s).flatMap((c) => (c.pattern ? [c.pattern] : []));
      const has = (r: RegExp) => patterns.some((p) => p.source === r.source);
      const format = has(HEX_COLOUR)
        ? 'color'
        : has(ISO_DATE)
          ? 'date'
          : has(SLUG)
            ? 'slug'
            : (def as Def & { format?: string }).format === 'datetime'
              ? 'datetime'
              : undefined;
      return { kind: 'string', format, nonEmpty: (minLength(s) ?? 0) > 0 };
    }
    case 'enum':
      return { kind: 'enum', options: Object.values(def.entries!) };
    case 'literal':
      return { kind: 'literal', values: def.values! };
    case 'null':
      return { kind: 'null' };
    case 'object':
      return { kind: 'object', required: requiredKeys(s) };
    case 'record':
      return { kind: 'record', values: expectation(def.valueType!) };
    case 'array':
      return {
        kind: 'array',
        items: expectation(def.element!),
        minItems: minLength(s) || undefined,
      };
    case 'tuple':
      return { kind: 'tuple', items: def.items!.map(expectation) };
    case 'union':
      return { kind: 'union', options: def.options!.map(expectation) };
    default:
      return { kind: 'any' };
  }
}
