import { describe, expect, it } from 'vitest';
import { CHANNELS, SCALE_TYPES, defaultConfig, parseInstallationConfig, type InstallationConfig } from '../config/index.ts';
import { channelTunables, tunables } from '../config/tunables.ts';
import { PALETTES } from '../render/palettes.ts';
import { CONSTANT, CUSTOM_PALETTE, NO_GROUP, normalise, panelBindings, readBinding, structureKey, writeBinding, type FieldInfo } from './bindings.ts';
import { History } from './history.ts';
import { applyPreset, presetValues } from '../config/presets.ts';

const fields: FieldInfo[] = [
  { name: 'wellness', kind: 'numeric' },
  { name: 'visits_per_year', kind: 'numeric' },
  { name: 'first_date', kind: 'numeric' },
  { name: 'community', kind: 'categorical' },
  { name: 'income', kind: 'categorical' },
];
const ctx = { fields, palettes: PALETTES };
const config = (): InstallationConfig => defaultConfig('x');
const byId = (c: InstallationConfig) => new Map(panelBindings(c, fields).map((b) => [b.id, b]));
const valid = (c: InstallationConfig | null) => c !== null && parseInstallationConfig(JSON.stringify(c), 'x.json').config !== null;

describe('panelBindings: schema → controls', () => {
  it('gives every tunable leaf a control with the schema range, step and options', () => {
    const bindings = byId(config());
    for (const t of tunables()) {
      const b = bindings.get(t.kind === 'palette' ? `${t.path}:mode` : t.path);
      expect(b, t.path).toBeDefined();
      expect(b!.keys).toEqual(t.keys);
      expect(b!.folder).toBe(t.keys[0]);
      if (t.kind === 'number' || t.kind === 'integer') {
        expect([t.path, b!.control, b!.min, b!.max, b!.step, b!.integer]).toEqual([t.path, 'slider', t.min, t.max, t.step, t.kind === 'integer']);
      }
      if (t.kind === 'enum') expect(b!.options!.map((o) => o.value)).toEqual(t.options);
      if (t.kind === 'boolean') expect(b!.control).toBe('toggle');
      if (t.kind === 'color') expect(b!.control).toBe('color');
      if (t.kind === 'palette') expect(b!.options!.map((o) => o.value)).toEqual([...t.options!, CUSTOM_PALETTE]);
      if (t.nullable) expect(bindings.get(`${t.path}:on`)?.control).toBe('toggle');
    }
  });

  it('gives every encoding channel a field list (the data fields and a constant) and its scale or value', () => {
    const c = config();
    const bindings = byId(c);
    for (const ch of channelTunables()) {
      const source = bindings.get(`encoding.${ch.channel}:source`)!;
      expect(source.options!.map((o) => o.value)).toEqual([...fields.map((f) => f.name), CONSTANT]);
      if ('field' in c.encoding[ch.channel as (typeof CHANNELS)[number]]) {
        expect(bindings.get(`encoding.${ch.channel}.scale.type`)!.options!.map((o) => o.value)).toEqual([...SCALE_TYPES]);
        expect(bindings.get(`encoding.${ch.channel}.scale.range.0`)).toMatchObject({ min: ch.min, max: ch.max });
        expect(bindings.has(`encoding.${ch.channel}.value`)).toBe(false);
      } else {
        expect(bindings.get(`encoding.${ch.channel}.value`)).toMatchObject({ control: 'slider', min: ch.min, max: ch.max });
      }
    }
    expect(bindings.get('layout.groupBy')!.options!.map((o) => o.value)).toEqual([NO_GROUP, 'community', 'income']);
  });

  it('has unique ids, folders in order, and marks layout (but the gap, a uniform) and encoding as rebuilds', () => {
    const list = panelBindings(config(), fields);
    expect(new Set(list.map((b) => b.id)).size).toBe(list.length);
    expect([...new Set(list.map((b) => b.folder))]).toEqual(['layout', 'encoding', 'look', 'motion', 'display', 'sound']);
    for (const b of list) expect([b.id, b.rebuild]).toEqual([b.id, (b.folder === 'layout' && b.id !== 'layout.gap') || b.folder === 'encoding']);
    expect(list.find((b) => b.id === 'layout.gap')?.rebuild).toBe(false);
  });

  it('keeps a field the data lacks selectable, so the list shows the config as it is', () => {
    const c = writeBinding(config(), byId(config()).get('encoding.hue:source')!, 'wellness', ctx)!;
    const odd = { ...c, encoding: { ...c.encoding, hue: { ...c.encoding.hue, field: 'shoe_size' } } } as InstallationConfig;
    expect(byId(odd).get('encoding.hue:source')!.options![0]).toEqual({ text: 'shoe_size (not in the data)', value: 'shoe_size' });
  });
});

describe('reading and writing controls', () => {
  it('clamps, snaps to the step and rounds integers', () => {
    const b = byId(config());
    expect(normalise(b.get('look.bloom.intensity')!, 0.1 + 0.2)).toEqual({ ok: true, value: 0.3 });
    expect(normalise(b.get('look.bloom.intensity')!, 99)).toEqual({ ok: true, value: 10 });
    expect(normalise(b.get('look.bloom.levels')!, 3.6)).toEqual({ ok: true, value: 4 });
    expect(normalise(b.get('layout.kind')!, 'spiral').ok).toBe(false);
    expect(normalise(b.get('look.background')!, 'red').ok).toBe(false);
    expect(writeBinding(config(), b.get('look.exposure')!, Number.NaN, ctx)).toBeNull();
  });

  it('round-trips every control through write and read, and every result is valid', () => {
    const c = config();
    for (const b of panelBindings(c, fields)) {
      const v = b.control === 'slider' ? b.max! : b.control === 'toggle' ? !readBinding(c, b) : b.control === 'color' ? '#123456' : b.options![b.options!.length - 1].value;
      const next = writeBinding(c, b, v, ctx)!;
      expect(readBinding(next, b), b.id).toEqual(b.id === 'display.dpr.min' ? 4 : v);
      if (b.id !== 'display.dpr.min' && b.id !== 'layout.kind') expect(valid(next), b.id).toBe(true);
    }
  });

  it('leaves cross-field rules to the schema: dpr.min above dpr.max is refused by validation', () => {
    const next = writeBinding(config(), byId(config()).get('display.dpr.min')!, 4, ctx);
    expect(valid(next)).toBe(false);
  });

  it('switches a palette between a name and custom colours, starting from the named stops', () => {
    const c = config();
    const custom = writeBinding(c, byId(c).get('look.palette:mode')!, CUSTOM_PALETTE, ctx)!;
    expect(custom.look.palette).toEqual(PALETTES.noctiluca.stops);
    expect(structureKey(custom, fields)).not.toBe(structureKey(c, fields));
    const colour = byId(custom).get('look.palette.2')!;
    const recoloured = writeBinding(custom, colour, '#FF0000', ctx)!;
    expect((recoloured.look.palette as string[])[2]).toBe('#ff0000');
    expect(valid(recoloured)).toBe(true);
    expect(writeBinding(recoloured, byId(recoloured).get('look.palette:mode')!, 'gfp', ctx)!.look.palette).toBe('gfp');
  });

  it('switches a channel between a field and a constant, with a scale that fits the field', () => {
    const c = config();
    const toConst = writeBinding(c, byId(c).get('encoding.glow:source')!, CONSTANT, ctx)!;
    expect(toConst.encoding.glow).toEqual({ value: 0.6 }); // the middle of the default range [0.2, 1]
    const toCommunity = writeBinding(toConst, byId(toConst).get('encoding.glow:source')!, 'community', ctx)!;
    expect(toCommunity.encoding.glow).toEqual({ field: 'community', scale: { type: 'ordinal', domain: 'auto', range: [0.2, 1] } });
    const back = writeBinding(toCommunity, byId(toCommunity).get('encoding.glow:source')!, 'wellness', ctx)!;
    expect(back.encoding.glow).toMatchObject({ field: 'wellness', scale: { type: 'linear' } });
    for (const x of [toConst, toCommunity, back]) expect(valid(x)).toBe(true);
  });

  it('turns a nullable number on and off', () => {
    const c = config();
    const b = byId(c);
    expect(readBinding(c, b.get('motion.hold:on')!)).toBe(false);
    expect(readBinding(c, b.get('motion.hold')!)).toBe(0.5);
    const on = writeBinding(c, b.get('motion.hold:on')!, true, ctx)!;
    expect(on.motion.hold).toBe(0.5);
    expect(writeBinding(on, b.get('motion.hold:on')!, false, ctx)!.motion.hold).toBeNull();
  });

  it('does not change the config it is given', () => {
    const c = config();
    const before = JSON.stringify(c);
    writeBinding(c, byId(c).get('look.bloom.intensity')!, 3, ctx);
    expect(JSON.stringify(c)).toBe(before);
  });
});

describe('presets', () => {
  it('apply by key path, report keys that no longer exist, and skip nothing else', () => {
    const r = applyPreset(config(), { name: 'p', description: '', values: { 'look.bloom.intensity': 2, 'look.bloomStrength': 3, 'motion.waves.speed': 1 } }, 'p.json');
    expect(r.missing).toEqual(['look.bloomStrength']);
    expect(r.applied).toEqual(['look.bloom.intensity', 'motion.waves.speed']);
    expect(r.config!.look.bloom.intensity).toBe(2);
    expect(r.config!.motion.waves.speed).toBe(1);
  });

  it('refuse an invalid result with the schema message, applying nothing', () => {
    const r = applyPreset(config(), { name: 'p', description: '', values: { 'look.exposure': 'bright', 'look.rim': 0.5 } }, 'presets/p.json');
    expect(r.config).toBeNull();
    expect(r.errors.join('\n')).toMatch(/presets\/p\.json: look\.exposure: expected a number from 0 to 4, got "bright"/);
  });

  it('presetValues of a config, applied to another, reproduces its artistic state', () => {
    const a = applyPreset(config(), { name: 'a', description: '', values: { 'look.palette': 'gfp', 'layout.seed': 5, 'encoding.size': { value: 0.8 } } }, 'a.json').config!;
    const r = applyPreset(config(), { name: 'a', description: '', values: presetValues(a) }, 'a.json');
    expect(r.missing).toEqual([]);
    expect(r.config).toEqual(a);
  });
});

describe('History', () => {
  it('undoes and redoes, and a new change clears redo', () => {
    const h = new History<number>();
    h.record(1); // 1 → 2
    h.record(2); // 2 → 3
    expect(h.undo(3)).toBe(2);
    expect(h.undo(2)).toBe(1);
    expect(h.undo(1)).toBeNull();
    expect(h.redo(1)).toBe(2);
    h.record(2); // 2 → 5
    expect(h.canRedo).toBe(false);
    expect(h.undo(5)).toBe(2);
  });
});
