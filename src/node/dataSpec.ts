/** The data section a bare data file is read with: the config schema's defaults (docs/CONFIG.md). */
import { defaultConfig, toDataSpec } from '../config/index.ts';
import type { DataSpec } from '../data/events';

export function defaultDataSpec(overrides: Partial<DataSpec> = {}): DataSpec {
  return { ...toDataSpec(defaultConfig('data')), ...overrides };
}
