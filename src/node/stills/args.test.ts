import { describe, expect, it } from 'vitest';
import { parseStillsArgs } from './args.ts';

describe('parseStillsArgs', () => {
  it('reads a still', () => {
    const a = parseStillsArgs(['harmonia', '--size', '7680x4320', '--time', '12.5', '--out', 'poster.png']);
    expect(a).toMatchObject({ installation: 'harmonia', width: 7680, height: 4320, time: 12.5, frames: null, out: 'poster.png', gl: 'auto' });
  });

  it('reads a sharded sequence, with --flag=value too', () => {
    const a = parseStillsArgs(['harmonia', '--frames=0:300', '--fps', '24', '--out', 'frames/', '--shard', '3/8', '--piece', '128x96']);
    expect(a).toMatchObject({ time: null, frames: { start: 0, end: 300 }, fps: 24, shard: { index: 3, count: 8 }, piece: [128, 96] });
  });

  it('takes the older --tile for --piece', () => {
    expect(parseStillsArgs(['harmonia', '--out', 'x.png', '--tile=64x64']).piece).toEqual([64, 64]);
    expect(() => parseStillsArgs(['harmonia', '--out', 'x.png', '--tile', '64x64', '--piece', '32x32'])).toThrow(/--piece given twice/);
  });

  it.each([
    [[], /which installation/],
    [['a', 'b', '--out', 'x.png'], /one installation at a time/],
    [['harmonia'], /--out is required/],
    [['harmonia', '--out', 'x.png', '--size', '1920*1080'], /--size: expected WIDTHxHEIGHT/],
    [['harmonia', '--out', 'x.png', '--size', '0x10'], /each side must be from 1/],
    [['harmonia', '--out', 'x.png', '--time', 'soon'], /--time: expected a number from 0, got "soon"/],
    [['harmonia', '--out', 'x.png', '--fps', '30'], /--fps is for a sequence/],
    [['harmonia', '--out', 'x.png', '--shard', '1/2'], /--shard is for a sequence/],
    [['harmonia', '--out', 'x.jpg'], /name it \*\.png/],
    [['harmonia', '--out', 'f/', '--frames', '10:5'], /END must be greater than START/],
    [['harmonia', '--out', 'f/', '--frames', '0-5'], /--frames: expected START:END/],
    [['harmonia', '--out', 'f/', '--frames', '0:5', '--time', '3'], /--time is for a still/],
    [['harmonia', '--out', 'f/', '--frames', '0:5', '--shard', '3/2'], /--shard: expected i\/n with 1 <= i <= n/],
    [['harmonia', '--out', 'f/', '--frames', '0:5', '--shard', '0/2'], /--shard/],
    [['harmonia', '--out', 'x.png', '--gl', 'metal'], /--gl: expected auto, gpu or swiftshader/],
    [['harmonia', '--out', 'x.png', '--colour', 'red'], /unknown option --colour/],
    [['harmonia', '--out'], /--out needs a value/],
    [['harmonia', '--out', 'x.png', '--out', 'y.png'], /--out given twice/],
  ])('refuses %j', (args, message) => {
    expect(() => parseStillsArgs(args as string[])).toThrow(message);
  });
});
