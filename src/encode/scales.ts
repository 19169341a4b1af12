/**
 * Scales map a data field to a channel's range, Vega-Lite style. They are built once per encoding
 * (on the CPU, at encode time), never per frame. Legends read the same scale objects.
 */

/** Scale types, in the order docs list them. */
export const SCALE_TYPES = ['linear', 'log', 'ordinal', 'quantile'] as const;
export type ScaleType = (typeof SCALE_TYPES)[number];

/**
 * How a field maps to a channel: the encoder's input, and what the config's `encoding.<channel>.scale`
 * resolves to (the schema fills every key; code may leave any out).
 */
export interface ScaleSpec {
  type?: ScaleType;
  /** "auto" (from the data), [min, max] for continuous scales, or the category order for ordinal. */
  domain?: 'auto' | number[] | string[];
  range?: [number, number];
}

export interface ScaleTick {
  label: string;
  /** The channel value. */
  value: number;
  /** The data value: a number, or a category. */
  datum: number | string;
}

export interface Scale {
  type: ScaleType;
  /** The resolved domain: [min, max] for continuous scales, categories for ordinal. */
  domain: number[] | string[];
  range: [number, number];
  /** Channel value of a data value (numbers for continuous, category codes for ordinal). */
  map(value: number): number;
  /** A few stops for a legend: the data value (`datum`, and as a short `label`) and its channel `value`. */
  ticks(count?: number): ScaleTick[];
}

const mix = (r: [number, number], t: number) => r[0] + (r[1] - r[0]) * Math.min(1, Math.max(0, t));

function finiteExtent(values: ArrayLike<number>, positive = false): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || (positive && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

/** A continuous scale over numeric values. Non-finite values map to the start of the range. */
export function continuousScale(values: ArrayLike<number>, spec: ScaleSpec): Scale {
  const type = spec.type ?? 'linear';
  const range = spec.range ?? [0, 1];
  if (type === 'quantile') {
    const sorted = Float64Array.from(Array.prototype.filter.call(values, Number.isFinite) as number[]).sort();
    const domain = sorted.length ? [sorted[0], sorted[sorted.length - 1]] : [0, 1];
    const rank = (v: number) => {
      // Fraction of values strictly below v plus half of the ties: the mid-rank, so ties share a value.
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const m = (lo + hi) >> 1;
        if (sorted[m] < v) lo = m + 1;
        else hi = m;
      }
      let end = lo;
      while (end < sorted.length && sorted[end] === v) end++;
      return sorted.length > 1 ? (lo + (end - lo - 1) / 2) / (sorted.length - 1) : 0.5;
    };
    return {
      type,
      domain,
      range,
      map: (v) => (Number.isFinite(v) ? mix(range, rank(v)) : range[0]),
      ticks: (count = 5) =>
        Array.from({ length: count }, (_, k) => {
          const q = k / (count - 1);
          const v = sorted.length ? sorted[Math.round(q * (sorted.length - 1))] : 0;
          return { label: fmt(v), value: mix(range, q), datum: v };
        }),
    };
  }
  const log = type === 'log';
  const domain =
    Array.isArray(spec.domain) && typeof spec.domain[0] === 'number'
      ? (spec.domain as number[])
      : finiteExtent(values, log);
  const f = log ? (v: number) => Math.log(Math.max(v, Number.MIN_VALUE)) : (v: number) => v;
  const [d0, d1] = [f(domain[0]), f(domain[domain.length - 1])];
  const norm = (v: number) => (d1 === d0 ? 0.5 : (f(v) - d0) / (d1 - d0));
  return {
    type,
    domain,
    range,
    map: (v) => (Number.isFinite(v) && (!log || v > 0) ? mix(range, norm(v)) : range[0]),
    ticks: (count = 5) =>
      Array.from({ length: count }, (_, k) => {
        const t = k / (count - 1);
        const v = log ? Math.exp(d0 + (d1 - d0) * t) : d0 + (d1 - d0) * t;
        return { label: fmt(v), value: mix(range, t), datum: v };
      }),
  };
}

/** An ordinal scale: category k of n maps to evenly spaced stops (k + 0.5) / n across the range. */
export function ordinalScale(categories: string[], spec: ScaleSpec): Scale {
  const range = spec.range ?? [0, 1];
  const order =
    Array.isArray(spec.domain) && typeof spec.domain[0] === 'string' ? (spec.domain as string[]) : categories;
  // Codes index `categories`; position follows the domain's order (unknown categories go last).
  const position = categories.map((c) => {
    const k = order.indexOf(c);
    return k < 0 ? order.length : k;
  });
  const n = Math.max(1, Math.max(order.length, ...position.map((p) => p + 1)));
  return {
    type: 'ordinal',
    domain: order,
    range,
    map: (code) => mix(range, ((position[code] ?? 0) + 0.5) / n),
    ticks: () => order.map((label, k) => ({ label, value: mix(range, (k + 0.5) / n), datum: label })),
  };
}
