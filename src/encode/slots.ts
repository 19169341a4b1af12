/**
 * Where each channel lives on the GPU, derived from the channel list (channels.ts): every "gpu"
 * channel gets the next free byte of the cell's attribute row, in declaration order, and a generated
 * decoder define the shader uses. The row's bytes:
 *
 *   instanceStyle  x y z w   four channel bytes (RGBA8)
 *   instanceMeta   x [y z]   the channel bytes beyond those four, one to three: R8, RG8 or RGBA8,
 *                            as many bytes a cell as it carries (metaTexelBytes)
 *
 * A value v is stored as round(255 · v / max), max the upper bound of the channel's `values`; the
 * decoder multiplies back. A "periodic" channel's decoder returns cycles per shader second, already
 * capped by the photosensitivity limit (uMaxPulseFreq, src/render/safety.ts).
 */
import { channelList, type ChannelDeclaration } from './channels.ts';

/** The attribute arrays of the cell table that carry bytes (byteStride per cell each). */
export type ByteArrayName = 'style' | 'meta';

export interface ChannelSlot {
  channel: string;
  array: ByteArrayName;
  /** Which of the cell's bytes in `array` (0 to byteStride - 1). */
  offset: number;
  /** The value of byte 255. */
  max: number;
  declaration: ChannelDeclaration;
}

/** The GLSL attribute of each byte array. */
export const BYTE_ATTRIBUTES: Record<ByteArrayName, string> = { style: 'instanceStyle', meta: 'instanceMeta' };

/** Bytes channels may take, in the order they are given out. */
const FREE_BYTES: { array: ByteArrayName; offset: number }[] = [
  { array: 'style', offset: 0 },
  { array: 'style', offset: 1 },
  { array: 'style', offset: 2 },
  { array: 'style', offset: 3 },
  { array: 'meta', offset: 0 },
  { array: 'meta', offset: 1 },
  { array: 'meta', offset: 2 },
];

/** Every "gpu" channel's byte. Throws when more channels are declared than there are free bytes. */
export function channelSlots(): ChannelSlot[] {
  const gpu = channelList().filter((c) => c.target === 'gpu');
  if (gpu.length > FREE_BYTES.length) {
    throw new Error(
      `encode: ${gpu.length} GPU channels are declared but the attribute row has ${FREE_BYTES.length} free bytes; widen instanceMeta or drop a channel`,
    );
  }
  return gpu.map((declaration, k) => ({ channel: declaration.name, ...FREE_BYTES[k], max: declaration.values[1], declaration }));
}

/**
 * Bytes a cell of the meta row, as its GPU texture holds them: 1 (R8), 2 (RG8) or 4 (RGBA8, for
 * three), for the channel bytes beyond style's four; 1 when there are none, so the light pass
 * always has a meta texture to read.
 */
export function metaTexelBytes(): number {
  const beyond = channelSlots().filter((s) => s.array === 'meta').length;
  return beyond <= 1 ? 1 : beyond === 2 ? 2 : 4;
}

/** Bytes a cell of a byte array: the cell's bytes are [stride j, stride (j + 1)). */
export function byteStride(array: ByteArrayName): number {
  return array === 'style' ? 4 : metaTexelBytes();
}

/** "pulseRate" → "CHANNEL_PULSE_RATE": the define a channel's decoder is named by. */
export function channelDefine(name: string): string {
  return `CHANNEL_${name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

const glslFloat = (v: number) => (Number.isInteger(v) ? v.toFixed(1) : String(v));
const COMPONENT = ['x', 'y', 'z', 'w'];

/**
 * The decoder defines, injected into the mosaic's ShaderMaterial (three writes them as `#define`s
 * before the shader files): one per GPU channel.
 */
export function channelDefines(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of channelSlots()) {
    const value = `(${BYTE_ATTRIBUTES[s.array]}.${COMPONENT[s.offset]} * ${glslFloat(s.max)})`;
    out[channelDefine(s.channel)] =
      s.declaration.photosensitivity === 'periodic'
        ? // Cycles per shader second: the base frequency times the rate (at least a twentieth), capped.
          `min(max(${value}, 0.05) * uPulseFreq, uMaxPulseFreq)`
        : value;
  }
  return out;
}
