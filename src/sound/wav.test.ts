import { describe, expect, it } from 'vitest';
import { interleave, readWav, WAV_HEADER_BYTES, wavHeader } from './wav.ts';

describe('float32 WAV', () => {
  it('writes what it reads back, sample for sample', () => {
    const left = Float32Array.from([0, 0.5, -0.25, 1e-7]);
    const right = Float32Array.from([1, -1, 0.125, -0]);
    const bytes = new Uint8Array(WAV_HEADER_BYTES + 4 * 2 * 4);
    bytes.set(wavHeader(4, 2, 44100), 0);
    bytes.set(interleave([left, right]), WAV_HEADER_BYTES);
    const wav = readWav(bytes);
    expect(wav.sampleRate).toBe(44100);
    expect(Array.from(wav.channels[0])).toEqual(Array.from(left));
    expect(Array.from(wav.channels[1])).toEqual(Array.from(right));
  });

  it('has a RIFF size, an 18-byte fmt chunk with format 3 and a fact chunk with the frame count', () => {
    const h = wavHeader(1000, 2, 48000);
    const v = new DataView(h.buffer);
    expect(String.fromCharCode(...h.subarray(0, 4))).toBe('RIFF');
    expect(v.getUint32(4, true)).toBe(WAV_HEADER_BYTES - 8 + 8000);
    expect(v.getUint32(16, true)).toBe(18);
    expect(v.getUint16(20, true)).toBe(3);
    expect(v.getUint32(28, true)).toBe(48000 * 8);
    expect(String.fromCharCode(...h.subarray(38, 42))).toBe('fact');
    expect(v.getUint32(46, true)).toBe(1000);
    expect(v.getUint32(54, true)).toBe(8000);
  });

  it('refuses what is not a WAV', () => {
    expect(() => readWav(new Uint8Array(64))).toThrow(/not a RIFF WAVE/);
  });
});
