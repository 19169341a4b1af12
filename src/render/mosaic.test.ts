/**
 * The mosaic's shaders and their TypeScript side agree: every channel byte is decoded exactly once
 * (through its generated define, never by reading the attribute directly), and the uniforms the
 * GLSL declares are exactly the ones MOSAIC_UNIFORMS declares, with the same types.
 */
import { describe, expect, it } from 'vitest';
import { channelList } from '../encode/channels.ts';
import { channelDefine, channelDefines, channelSlots } from '../encode/slots.ts';
import { encodeCells } from '../encode/cellTable.ts';
import { testBake } from '../encode/testBake.ts';
import { layoutMosaic } from '../layout/layout.ts';
import { shaderSource } from './glsl.ts';
import { MOSAIC_UNIFORMS, MosaicGPU } from './mosaic.ts';

const stripComments = (s: string) => s.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
const vert = stripComments(shaderSource('mosaic/cell.vert', { lines: false }));
const frag = stripComments(shaderSource('mosaic/cell.frag', { lines: false }));
const count = (text: string, word: string) => (text.match(new RegExp(`\\b${word}\\b`, 'g')) ?? []).length;

describe('channel decoders in GLSL', () => {
  it('decodes every GPU channel exactly once, through its generated define', () => {
    const slots = channelSlots();
    expect(slots.map((s) => s.channel)).toEqual(channelList().filter((c) => c.target === 'gpu').map((c) => c.name));
    for (const s of slots) expect([s.channel, count(vert + frag, channelDefine(s.channel))]).toEqual([s.channel, 1]);
    expect(count(vert + frag, 'CORNER_COUNT')).toBe(1);
  });

  it('never reads a channel byte behind its decoder', () => {
    // The attributes are declared (`in vec4 instanceStyle;`) and read nowhere else.
    for (const attr of ['instanceStyle', 'instanceMeta']) {
      expect(vert.match(new RegExp(`\\b${attr}\\b`, 'g'))).toHaveLength(1);
      expect(vert).toMatch(new RegExp(`in vec4 ${attr};`));
      expect(frag).not.toMatch(new RegExp(`\\b${attr}\\b`));
    }
  });

  it('gives each byte to one channel and multiplies back by its maximum; a periodic channel comes out capped', () => {
    const slots = channelSlots();
    const bytes = slots.map((s) => `${s.array}.${s.offset}`);
    expect(new Set(bytes).size).toBe(bytes.length);
    expect(bytes).not.toContain('meta.0'); // the corner count's
    const d = channelDefines();
    expect(d.CHANNEL_GLOW).toBe('(instanceStyle.y * 4.0)');
    expect(d.CHANNEL_SIZE).toBe('(instanceMeta.y * 1.0)');
    for (const s of slots) {
      if (s.declaration.photosensitivity === 'periodic') expect(d[channelDefine(s.channel)]).toMatch(/^min\(.*, uMaxPulseFreq\)$/);
    }
  });
});

describe('the mosaic uniforms', () => {
  /** `uniform <type> <name>[<size>];` declarations of one shader stage. */
  const declared = (src: string) =>
    new Map([...src.matchAll(/^\s*uniform\s+(\w+)\s+(\w+)\s*(\[\s*(\w+)\s*\])?\s*;/gm)].map((m) => [m[2], m[4] ? `${m[1]}[${m[4]}]` : m[1]]));

  it('are declared in GLSL exactly as MOSAIC_UNIFORMS declares them, and nowhere else', () => {
    const all = new Map([...declared(vert), ...declared(frag)]);
    // A uniform both stages declare has one type.
    for (const [name, type] of declared(frag)) if (declared(vert).has(name)) expect([name, declared(vert).get(name)]).toEqual([name, type]);
    expect(Object.fromEntries([...all].sort())).toEqual(Object.fromEntries(Object.entries(MOSAIC_UNIFORMS).sort()));
  });

  it('are exactly the keys of the uniforms object MosaicGPU hands to three', () => {
    const n = 40;
    const bake = testBake(n);
    const layout = layoutMosaic({ count: n, groups: bake.community }, { kind: 'voronoi', seed: 1, relaxation: 0, aspect: 16 / 9 });
    const look = {
      organism: 'sea-sparkle' as const,
      palette: 'noctiluca',
      background: '#000000',
      gap: 0.1,
      rim: 0.4,
      noise: 0.1,
      nucleus: true,
      exposure: 1,
      loopSeconds: 60,
      hold: null,
      breathPeriod: 8,
      breathDepth: 0.2,
      waves: { strength: 0.3, speed: 0.2, width: 0.15, interval: 12 },
      ripples: { strength: 0.8, reach: 3 },
      stirring: { strength: 1, radius: 0.05 },
      speed: 1,
      reducedMotion: false,
      reduced: { speed: 0.25, breathing: 0.2, pulse: 0, waves: 0, stirring: 0.5 },
    };
    const gpu = new MosaicGPU(encodeCells(bake, layout, {}), look);
    expect(Object.keys(gpu.uniforms).sort()).toEqual(Object.keys(MOSAIC_UNIFORMS).sort());
    // The decoders reach the material as defines.
    expect(gpu.mesh.material.defines).toMatchObject(channelDefines());
    gpu.dispose();
  });
});
