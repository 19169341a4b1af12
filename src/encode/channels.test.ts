/**
 * The channel list and the palette list are the only lists: a channel or a palette added to them
 * (here, as a test fixture, before anything that reads them is loaded) reaches the config schema,
 * the docs, the shader's decoder defines, the encoder, the legend and the accessible words, with
 * nothing else edited.
 */
import { describe, expect, it } from 'vitest';
import { CHANNEL_LIST, type ChannelDeclaration } from './channels.ts';
import { PALETTES, type PaletteDeclaration } from '../render/palettes.ts';

const sparkle: ChannelDeclaration = {
  name: 'sparkleRate',
  what: 'sparkle rate (multiple of the base rate)',
  range: [0.5, 2],
  values: [0, 4],
  default: { value: 1 },
  target: 'gpu',
  invalidates: 'column',
  photosensitivity: 'periodic',
  legend: { name: 'Sparkle', low: 'rare', high: 'frequent' },
};
const ember: PaletteDeclaration = {
  description: 'ember red, the glow of dinoflagellates in a red tide',
  stops: ['#2a0302', '#6e0c06', '#b5200f', '#e8502a', '#ffc2a8'],
  words: ['deep red', 'pale salmon-red'],
};
/** The GPU channels declared before the fixture: the fixture's byte is the one after theirs. */
const gpuBefore = CHANNEL_LIST.filter((c) => c.target === 'gpu').length;
(CHANNEL_LIST as unknown as ChannelDeclaration[]).push(sparkle);
(PALETTES as unknown as Record<string, PaletteDeclaration>).ember = ember;

// Everything that reads the lists, loaded after the fixture is in them.
const { installationSchema, CHANNELS, PALETTE_NAMES } = await import('../config/schema.ts');
const { configReference, installationJsonSchema } = await import('../config/generate.ts');
const { BYTE_ATTRIBUTES, byteStride, channelDefines, channelSlots, metaTexelBytes } = await import('./slots.ts');
const { encodeCells } = await import('./cellTable.ts');
const { testBake } = await import('./testBake.ts');
const { layoutMosaic } = await import('../layout/layout.ts');
const { legendModel } = await import('../legend/model.ts');
const { describeMosaic } = await import('../viewer/describe.ts');
const { configChanges } = await import('../app/changes.ts');
const { channelTunables } = await import('../config/tunables.ts');

const base = { version: 2, name: 'fixture', title: 'Fixture', data: { source: 'journeys.csv' } };

describe('a channel added to the channel list', () => {
  it('is a config key with its default, ranges and docs', () => {
    expect(CHANNELS).toContain('sparkleRate');
    const c = installationSchema.parse({ ...base, encoding: { sparkleRate: { field: 'emergency_share' } } });
    expect((c.encoding as Record<string, unknown>).sparkleRate).toEqual({ field: 'emergency_share', scale: { type: 'linear', domain: 'auto', range: [0.5, 2] } });
    expect((installationSchema.parse(base).encoding as Record<string, unknown>).sparkleRate).toEqual({ value: 1 });
    expect(installationSchema.safeParse({ ...base, encoding: { sparkleRate: { value: 5 } } }).success).toBe(false);
    expect(configReference()).toContain('| `sparkleRate` | `{"value":1}` | `[0.5,2]` | a number from 0 to 4 |');
    expect(JSON.stringify(installationJsonSchema())).toContain('sparkleRate');
  });

  // The fixture's byte follows the real channels' (style x y z w, then meta x y z), so adding a real
  // channel to the list moves it along without editing this test.
  const slot = () => channelSlots().find((s) => s.channel === 'sparkleRate')!;

  it('gets the next free byte and a generated decoder, capped because it is periodic', () => {
    const expected = gpuBefore < 4 ? { array: 'style', offset: gpuBefore } : { array: 'meta', offset: gpuBefore - 4 };
    expect(slot()).toMatchObject({ ...expected, max: 4 });
    // No other channel has that byte.
    expect(channelSlots().filter((s) => s.array === slot().array && s.offset === slot().offset)).toHaveLength(1);
    const byte = `${BYTE_ATTRIBUTES[slot().array]}.${'xyzw'[slot().offset]}`;
    expect(channelDefines().CHANNEL_SPARKLE_RATE).toBe(`min(max((${byte} * 4.0), 0.05) * uPulseFreq, uMaxPulseFreq)`);
  });

  it('widens the meta row by its byte when it needs one more (R8 to RG8, RG8 to RGBA8)', () => {
    const beyond = Math.max(0, gpuBefore + 1 - 4);
    expect(metaTexelBytes()).toBe(beyond <= 1 ? 1 : beyond === 2 ? 2 : 4);
    expect(byteStride('meta')).toBe(metaTexelBytes());
  });

  it('is encoded into that byte', () => {
    const n = 20;
    const bake = testBake(n);
    const layout = layoutMosaic({ count: n }, { kind: 'hex', seed: 1, relaxation: 0, aspect: 16 / 9 });
    const t = encodeCells(bake, layout, { sparkleRate: { field: 'wellness', scale: { range: [0, 4] } } } as never);
    const { array, offset } = slot();
    const stride = byteStride(array);
    expect(t[array].length).toBe(stride * n);
    for (let j = 0; j < n; j++) expect(t[array][stride * j + offset]).toBe(Math.round(bake.measures.wellness[j] * 255));
    expect(t.channels.map((c) => c.channel)).toContain('sparkleRate');
  });

  it('reaches the legend and the accessible description, in its own words', () => {
    const config = { encoding: { sparkleRate: { field: 'emergency_share', legend: { title: 'Emergencies' } } } };
    const row = legendModel(config).rows.find((r) => r.channel === 'sparkleRate')!;
    expect(row.sentence).toBe('Sparkle shows emergencies: rare is low, frequent is high.');
    const d = describeMosaic(testBake(30), config);
    expect(d.channels).toContain('Sparkle shows emergencies: rare is low (0%), frequent is high (100%).');
  });

  it('is re-encoded alone when its mapping changes, and appears in the tuning panel', () => {
    const a = installationSchema.parse(base);
    const b = installationSchema.parse({ ...base, encoding: { sparkleRate: { field: 'wellness' } } });
    expect(configChanges(a, b)).toEqual({ data: false, layout: false, channels: ['sparkleRate'], look: false });
    expect(channelTunables().find((c) => c.channel === 'sparkleRate')).toMatchObject({ min: 0, max: 4, defaultRange: [0.5, 2] });
  });
});

describe('a palette added to the palette list', () => {
  it('is a config option with its description in the docs', () => {
    expect(PALETTE_NAMES).toContain('ember');
    expect(installationSchema.parse({ ...base, look: { palette: 'ember' } }).look.palette).toBe('ember');
    expect(configReference()).toContain('"ember": ember red, the glow of dinoflagellates in a red tide');
  });

  it('colours the legend and names its ends in the description', () => {
    const config = { look: { palette: 'ember' } };
    const hue = legendModel(config).rows.find((r) => r.channel === 'hue')!;
    expect(hue.ramp).toEqual({ kind: 'colours', colours: expect.arrayContaining(['#2a0302', '#ffc2a8']) });
    expect(hue.sentence).toBe('Colour shows oral health: deep red is low, pale salmon-red is high.');
    expect(describeMosaic(testBake(30), config).channels[0]).toMatch(/^Colour shows oral health: deep red is low \(0 out of 100\), pale salmon-red is high \(100 out of 100\)\.$/);
  });
});
