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

  it('takes the page server\'s port, any free one by default', () => {
    expect(parseStillsArgs(['harmonia', '--out', 'x.png']).port).toBe(0);
    expect(parseStillsArgs(['harmonia', '--out', 'x.png', '--port', '4399']).port).toBe(4399);
    expect(parseStillsArgs(['harmonia', '--audio', 'o.wav', '--time', '0:4', '--port=4399']).port).toBe(4399);
    expect(() => parseStillsArgs(['harmonia', '--out', 'x.png', '--port', 'http'])).toThrow(/--port: expected a whole number from 1/);
    expect(() => parseStillsArgs(['harmonia', '--out', 'x.png', '--port', '70000'])).toThrow(/--port: at most 65535/);
  });

  it('takes the older --tile for --piece', () => {
    expect(parseStillsArgs(['harmonia', '--out', 'x.png', '--tile=64x64']).piece).toEqual([64, 64]);
    expect(() => parseStillsArgs(['harmonia', '--out', 'x.png', '--tile', '64x64', '--piece', '32x32'])).toThrow(/--piece given twice/);
  });

  it('reads the sound alone, and the sound of a sequence (the frames\' times)', () => {
    const a = parseStillsArgs(['harmonia', '--audio', 'out.wav', '--time', '12.5:60']);
    expect(a).toMatchObject({ out: null, audio: 'out.wav', audioRange: { start: 12.5, end: 60 }, sampleRate: 48000, frames: null });
    const b = parseStillsArgs(['harmonia', '--frames', '30:330', '--fps', '30', '--out', 'frames/', '--audio', 'film.wav', '--sample-rate', '44100']);
    expect(b).toMatchObject({ out: 'frames/', audio: 'film.wav', audioRange: { start: 1, end: 11 }, sampleRate: 44100 });
  });

  it.each([
    [['harmonia', '--audio', 'out.mp3', '--time', '0:4'], /name it \*\.wav/],
    [['harmonia', '--audio', 'out.wav'], /--audio needs the range: --time A:B/],
    [['harmonia', '--audio', 'out.wav', '--time', '5'], /with --audio, expected START:END/],
    [['harmonia', '--audio', 'out.wav', '--time', '5:5'], /END must be greater than START/],
    [['harmonia', '--audio', 'out.wav', '--time', '0:5', '--out', 'x.png'], /--out is for pictures/],
    [['harmonia', '--out', 'x.png', '--time', '0:5'], /--time A:B is the range of the sound/],
    [['harmonia', '--out', 'x.png', '--sample-rate', '44100'], /--sample-rate is for the sound/],
    [['harmonia', '--audio', 'o.wav', '--time', '0:5', '--sample-rate', '1000'], /--sample-rate: expected a whole number from 8000/],
    [['harmonia', '--frames', '0:10', '--out', 'f/', '--audio', 'o.wav', '--shard', '1/2'], /--audio with --shard/],
  ])('refuses the sound with %j', (args, message) => {
    expect(() => parseStillsArgs(args as string[])).toThrow(message);
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
