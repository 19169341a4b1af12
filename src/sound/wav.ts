/**
 * WAV files of 32-bit float samples (WAVE_FORMAT_IEEE_FLOAT): exactly the samples Web Audio
 * rendered, with no rounding or dither, so two renders compare byte for byte and a peak measured in
 * the file is the peak that was rendered. ffmpeg, sox and every audio editor read them. Pure.
 */

/** Bytes before the samples: RIFF, fmt (18: a non-PCM format carries cbSize), fact, data headers. */
export const WAV_HEADER_BYTES = 12 + 8 + 18 + 8 + 4 + 8;

/** The header of a float32 WAV of `frames` frames of `channels` channels. */
export function wavHeader(frames: number, channels: number, sampleRate: number): Uint8Array {
  const dataBytes = frames * channels * 4;
  const b = new Uint8Array(WAV_HEADER_BYTES);
  const v = new DataView(b.buffer);
  const text = (at: number, s: string) => [...s].forEach((ch, i) => v.setUint8(at + i, ch.charCodeAt(0)));
  text(0, 'RIFF');
  v.setUint32(4, WAV_HEADER_BYTES - 8 + dataBytes, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  v.setUint32(16, 18, true);
  v.setUint16(20, 3, true); // IEEE float
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels * 4, true);
  v.setUint16(32, channels * 4, true);
  v.setUint16(34, 32, true);
  v.setUint16(36, 0, true); // cbSize: no extension
  text(38, 'fact');
  v.setUint32(42, 4, true);
  v.setUint32(46, frames, true);
  text(50, 'data');
  v.setUint32(54, dataBytes, true);
  return b;
}

/** Channels (equal lengths) interleaved as float32 little-endian bytes. */
export function interleave(channels: Float32Array[]): Uint8Array {
  const n = channels[0]?.length ?? 0;
  const out = new Float32Array(n * channels.length);
  for (let c = 0; c < channels.length; c++) {
    const ch = channels[c];
    for (let i = 0; i < n; i++) out[i * channels.length + c] = ch[i];
  }
  return new Uint8Array(out.buffer);
}

export interface Wav {
  sampleRate: number;
  channels: Float32Array[];
}

/** Reads a WAV of float32 (format 3) or 16-bit PCM (format 1) samples; throws on anything else. */
export function readWav(bytes: Uint8Array): Wav {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('wav: not a RIFF WAVE file');
  let at = 12;
  let format = 0;
  let channels = 0;
  let sampleRate = 0;
  let bits = 0;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    const size = v.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      format = v.getUint16(body, true);
      channels = v.getUint16(body + 2, true);
      sampleRate = v.getUint32(body + 4, true);
      bits = v.getUint16(body + 14, true);
    } else if (id === 'data') {
      if (!((format === 3 && bits === 32) || (format === 1 && bits === 16))) throw new Error(`wav: format ${format} with ${bits} bits is not read here`);
      const frames = Math.floor(size / (channels * (bits / 8)));
      const out = Array.from({ length: channels }, () => new Float32Array(frames));
      for (let i = 0; i < frames; i++)
        for (let c = 0; c < channels; c++) {
          const p = body + (i * channels + c) * (bits / 8);
          out[c][i] = format === 3 ? v.getFloat32(p, true) : v.getInt16(p, true) / 32768;
        }
      return { sampleRate, channels: out };
    }
    at = body + size + (size & 1);
  }
  throw new Error('wav: no data chunk');
}
