/**
 * The installation config: schema, parsing with messages, migration, defaults, tunables.
 * Browser-safe: no node imports here (file reading lives in src/node/config.ts).
 */
export {
  installationSchema,
  CONFIG_VERSION,
  PALETTE_NAMES,
  CHANNELS,
  SCALE_TYPES,
  KNOWN_FIELDS,
  LEGEND_POSITIONS,
  type InstallationConfig,
  type InstallationConfigInput,
  type PaletteName,
  type ChannelName,
  type EncodingChannel,
  type FieldChannel,
  type ValueChannel,
} from './schema.ts';
export { parseInstallationConfig, type ParseResult } from './parse.ts';
export { type ConfigMessage } from './messages.ts';
export { defaultConfig, toDataSpec } from './defaults.ts';
export { SCHEMA_REF } from './lint.ts';
export { MIGRATABLE_VERSIONS } from './migrate.ts';
export { tunables, TUNABLE_SECTIONS, type Tunable, type TunableKind } from './tunables.ts';
