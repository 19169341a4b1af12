import { describe, expect, it } from 'vitest';
import { installationJsonSchema } from './generate.ts';
import { defaultConfig } from './defaults.ts';
import { CHANNELS, SCALE_TYPES } from './schema.ts';
import { TUNABLE_SECTIONS, channelTunables, tunables } from './tunables.ts';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: string;
  default?: unknown;
};

/** Leaves of the generated JSON Schema a panel can bind: numbers, booleans, enums, colours (an independent walk). */
function jsonLeaves(s: JsonSchema, path: string, out: Map<string, JsonSchema>) {
  if (s.properties) {
    for (const [k, v] of Object.entries(s.properties)) jsonLeaves(v, `${path}.${k}`, out);
    return;
  }
  const alts = s.anyOf ? s.anyOf.filter((a) => a.type !== 'null') : [s];
  if (alts.length !== 1) {
    if (alts.some((a) => a.enum)) out.set(path, s); // the palette: names or colours
    return;
  }
  const a = alts[0];
  if (a.type === 'number' || a.type === 'integer' || a.type === 'boolean' || a.enum || a.pattern === '^#[0-9a-fA-F]{6}$') out.set(path, a);
}

describe('tunables()', () => {
  const byPath = new Map(tunables().map((t) => [t.path, t]));
  const schema = installationJsonSchema() as JsonSchema;
  const leaves = new Map<string, JsonSchema>();
  for (const section of TUNABLE_SECTIONS) jsonLeaves(schema.properties![section], section, leaves);

  it('covers every tunable leaf of the JSON Schema, and nothing else', () => {
    expect([...byPath.keys()].sort()).toEqual([...leaves.keys()].sort());
    expect(byPath.size).toBeGreaterThan(40);
  });

  it("carries the schema's range and options", () => {
    for (const [path, leaf] of leaves) {
      const t = byPath.get(path)!;
      if (leaf.minimum !== undefined || leaf.maximum !== undefined) {
        expect([path, t.min, t.max]).toEqual([path, leaf.minimum, leaf.maximum]);
        expect(t.step, path).toBeGreaterThan(0);
        expect(t.kind).toBe(leaf.type === 'integer' ? 'integer' : 'number');
      }
      if (leaf.enum) expect([path, t.options]).toEqual([path, leaf.enum]);
    }
  });

  it('has a description on every leaf', () => {
    for (const t of tunables()) expect(t.description, t.path).not.toBe('');
  });

  it('defaults match defaultConfig and sit in range', () => {
    const c = defaultConfig('x') as unknown as Record<string, unknown>;
    for (const t of tunables()) {
      const v = t.keys.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], c);
      expect([t.path, v]).toEqual([t.path, t.default]);
      if (typeof v === 'number') {
        expect(v, t.path).toBeGreaterThanOrEqual(t.min!);
        expect(v, t.path).toBeLessThanOrEqual(t.max!);
      }
    }
  });

  it('names the kinds a panel needs', () => {
    expect(byPath.get('look.bloom.intensity')).toMatchObject({ kind: 'number', min: 0, max: 10, step: 0.01, default: 1.2 });
    expect(byPath.get('look.bloom.levels')).toMatchObject({ kind: 'integer', min: 1, max: 9, step: 1 });
    expect(byPath.get('layout.kind')).toMatchObject({ kind: 'enum', options: ['voronoi', 'hex', 'mask'] });
    expect(byPath.get('look.palette')).toMatchObject({ kind: 'palette', options: ['noctiluca', 'firefly', 'gfp', 'abyss', 'foxfire'] });
    expect(byPath.get('look.background')).toMatchObject({ kind: 'color', default: '#01030a' });
    expect(byPath.get('motion.hold')).toMatchObject({ kind: 'number', nullable: true, default: null, min: 0, max: 1 });
    expect(byPath.get('look.dithering')).toMatchObject({ kind: 'boolean', default: true });
  });
});

describe('channelTunables()', () => {
  it("gives every channel its constant's range, the scale types and the default range", () => {
    const byName = new Map(channelTunables().map((c) => [c.channel, c]));
    expect([...byName.keys()]).toEqual([...CHANNELS]);
    expect(byName.get('glow')).toMatchObject({ min: 0, max: 4, defaultRange: [0.2, 1], scaleTypes: [...SCALE_TYPES] });
    expect(byName.get('size')).toMatchObject({ min: 0.01, max: 1, defaultRange: [0.5, 1] });
    const dflt = defaultConfig('x').encoding as unknown as Record<string, unknown>;
    for (const c of byName.values()) {
      expect([c.channel, c.default]).toEqual([c.channel, dflt[c.channel]]);
      expect(c.description).not.toBe('');
    }
  });
});
