/** Configs built in code, and the config's data section as the intake reads it. */
import type { DataSpec } from '../data/events.ts';
import { CONFIG_VERSION, installationSchema, type InstallationConfig } from './schema.ts';
import { SCHEMA_REF } from './lint.ts';

/** The smallest valid config for `name` with every default filled in (data: journeys.csv). */
export function defaultConfig(name: string, source = 'journeys.csv'): InstallationConfig {
  return installationSchema.parse({
    $schema: SCHEMA_REF,
    version: CONFIG_VERSION,
    name,
    title: name,
    data: { source },
  });
}

/** The `data` section resolved to exactly the DataSpec every importer takes (fresh objects, safe to mutate). */
export function toDataSpec(config: InstallationConfig): DataSpec {
  const d = config.data;
  return {
    source: d.source,
    format: d.format,
    columns: { ...d.columns },
    window: { start: d.window.start, end: d.window.end, keep: d.window.keep },
    timelineSamples: d.timelineSamples,
    privacy: { minCommunitySize: d.privacy.minCommunitySize, datePrecision: d.privacy.datePrecision, synthetic: d.privacy.synthetic },
    communityFrom: d.communityFrom,
    codes: {
      snomed: Object.fromEntries(Object.entries(d.codes.snomed).map(([code, v]) => [code, typeof v === 'string' ? { kind: v, visit: false } : v])),
      events: { ...d.codes.events },
    },
  };
}
