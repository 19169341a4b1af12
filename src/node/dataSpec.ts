/**
 * Interim reader of an installation's `data` section (installation.json), with the documented
 * defaults, until the config schema in src/config takes over. Also resolves `<installation>`
 * arguments: a folder path, or a bare name under installations/.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSpec } from '../data/events';
import { DataError } from '../data/messages';

/** The repository's installations/ folder. */
export const INSTALLATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../installations');

/** Defaults of every DataSpec key (docs/DATA.md). */
export function defaultDataSpec(overrides: Partial<DataSpec> = {}): DataSpec {
  return {
    source: 'journeys.csv',
    format: 'event-log',
    columns: {},
    window: { start: null, end: null },
    timelineSamples: 64,
    privacy: { minCommunitySize: 11, datePrecision: 'year' },
    communityFrom: null,
    ...overrides,
  };
}

/** Resolve `<installation>`: an existing folder path, else a name under installations/. */
export function resolveInstallationDir(arg: string): string {
  const asPath = resolve(arg);
  if (existsSync(asPath) && statSync(asPath).isDirectory()) return asPath;
  if (!isAbsolute(arg) && !arg.includes('/')) {
    const named = join(INSTALLATIONS_DIR, arg);
    if (existsSync(named) && statSync(named).isDirectory()) return named;
  }
  throw new DataError(`installation not found: "${arg}" is neither a folder nor a name under ${INSTALLATIONS_DIR}`);
}

/** Read `<dir>/installation.json` and return its `data` section with defaults filled in. */
export function readDataSpec(dir: string): DataSpec {
  const file = join(dir, 'installation.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : err instanceof Error ? err.message : String(err);
    throw new DataError(`${file}: cannot read (${why})`);
  }
  const data = (raw as { data?: Record<string, unknown> })?.data ?? {};
  const d = defaultDataSpec();
  const where = (key: string) => `${file}: data.${key}`;
  const str = (v: unknown, key: string, fallback: string): string => {
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || v === '') throw new DataError(`${where(key)} must be a non-empty string`);
    return v;
  };
  const format = str(data.format, 'format', d.format);
  if (format !== 'event-log' && format !== 'synthea-csv' && format !== 'fhir') {
    throw new DataError(`${where('format')} is "${format}"; expected "event-log", "synthea-csv" or "fhir"`);
  }
  const columns = (data.columns ?? {}) as Record<string, string>;
  if (typeof columns !== 'object' || Array.isArray(columns) || Object.values(columns).some((v) => typeof v !== 'string')) {
    throw new DataError(`${where('columns')} must map canonical names to column names, e.g. { "journey_id": "patient" }`);
  }
  const win = (data.window ?? {}) as { start?: string | null; end?: string | null };
  const privacy = (data.privacy ?? {}) as { minCommunitySize?: number; datePrecision?: string };
  const samples = data.timelineSamples ?? d.timelineSamples;
  if (typeof samples !== 'number' || !Number.isInteger(samples) || samples < 1 || samples > 4096) {
    throw new DataError(`${where('timelineSamples')} must be an integer from 1 to 4096`);
  }
  const k = privacy.minCommunitySize ?? d.privacy.minCommunitySize;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) throw new DataError(`${where('privacy.minCommunitySize')} must be a whole number ≥ 1`);
  const precision = privacy.datePrecision ?? d.privacy.datePrecision;
  if (precision !== 'year' && precision !== 'month') throw new DataError(`${where('privacy.datePrecision')} is "${precision}"; expected "year" or "month"`);
  return {
    source: str(data.source, 'source', d.source),
    format,
    columns,
    window: { start: win.start ?? null, end: win.end ?? null },
    timelineSamples: samples,
    privacy: { minCommunitySize: k, datePrecision: precision },
    communityFrom: typeof data.communityFrom === 'string' ? data.communityFrom : null,
  };
}
