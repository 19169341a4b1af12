/**
 * The GPU's byte rows follow the channel list: style's four bytes first, then a meta row of only as
 * many bytes a cell as the channels beyond those need (R8, RG8, RGBA8), and a message when the
 * channels outgrow both.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_LIST, type ChannelDeclaration } from './channels.ts';
import { byteStride, channelDefines, channelSlots, metaTexelBytes } from './slots.ts';

const list = CHANNEL_LIST as unknown as ChannelDeclaration[];
const shipped = list.length;
/** A steady GPU channel, added to the list for one test. */
const extra = (k: number): ChannelDeclaration => ({
  name: `extra${k}`,
  what: 'a test channel',
  range: [0, 1],
  values: [0, 1],
  default: { value: 0 },
  target: 'gpu',
  invalidates: 'column',
  photosensitivity: 'steady',
  legend: null,
});

afterEach(() => {
  list.length = shipped;
});

describe('channel slots', () => {
  it('give the shipped channels style x y z w and meta x: a one-byte (R8) meta row', () => {
    expect(channelSlots().map((s) => [s.channel, s.array, s.offset])).toEqual([
      ['hue', 'style', 0],
      ['glow', 'style', 1],
      ['pulseRate', 'style', 2],
      ['pulsePhase', 'style', 3],
      ['size', 'meta', 0],
    ]);
    expect([byteStride('style'), byteStride('meta'), metaTexelBytes()]).toEqual([4, 1, 1]);
    expect(channelDefines().CHANNEL_SIZE).toBe('(instanceMeta.x * 1.0)');
  });

  it.each([
    [1, 2, 'y'],
    [2, 4, 'z'],
  ])('widen the meta row for %i more channel(s) to %i bytes a cell, the last one in %s', (more, bytes, component) => {
    for (let k = 0; k < more; k++) list.push(extra(k));
    expect(metaTexelBytes()).toBe(bytes);
    expect(channelSlots().at(-1)).toMatchObject({ array: 'meta', offset: more });
    expect(channelDefines()[`CHANNEL_EXTRA${more - 1}`]).toBe(`(instanceMeta.${component} * 1.0)`);
  });

  it('say what to do when more channels are declared than both rows hold', () => {
    for (let k = 0; k < 3; k++) list.push(extra(k));
    expect(() => channelSlots()).toThrow('encode: 8 GPU channels are declared but the attribute row has 7 free bytes; widen instanceMeta or drop a channel');
  });
});
