/**
 * Warnings: valid configs that are probably not what the artist meant. Shipped installations
 * produce none (a test checks).
 */
import { msg } from './messages.ts';
import { CHANNELS, type InstallationConfig } from './schema.ts';

export const SCHEMA_REF = '../installation.schema.json';
const CATEGORICAL_FIELDS = new Set(['community']);

export function lint(c: InstallationConfig, raw: Record<string, unknown>): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  if (c.$schema !== undefined && !c.$schema.endsWith('installation.schema.json')) {
    out.push({ path: ['$schema'], message: msg.schemaRef(c.$schema, SCHEMA_REF) });
  }
  if (c.motion.loopSeconds < 10) out.push({ path: ['motion', 'loopSeconds'], message: msg.loopShort(c.motion.loopSeconds) });
  if (c.motion.breathing.period < 2 && c.motion.breathing.depth >= 0.3) {
    out.push({ path: ['motion', 'breathing', 'period'], message: msg.flashing(c.motion.breathing.period, c.motion.breathing.depth) });
  }
  if (c.data.privacy.minCommunitySize < 5) {
    out.push({ path: ['data', 'privacy', 'minCommunitySize'], message: msg.privacyWeak(c.data.privacy.minCommunitySize) });
  }
  if (c.layout.kind !== 'mask' && c.layout.mask !== null) out.push({ path: ['layout', 'mask'], message: msg.maskIgnored(c.layout.kind) });
  const rawEncoding = (raw.encoding ?? {}) as Record<string, unknown>;
  for (const name of CHANNELS) {
    const ch = c.encoding[name];
    // Only what the author wrote: defaults are chosen to be sensible.
    if (!(name in rawEncoding) || !('field' in ch)) continue;
    if (CATEGORICAL_FIELDS.has(ch.field) && ch.scale.type !== 'ordinal') {
      out.push({ path: ['encoding', name, 'scale', 'type'], message: msg.categoricalScale(ch.field, ch.scale.type) });
    }
  }
  return out;
}
