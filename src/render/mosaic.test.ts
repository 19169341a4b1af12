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
import { SLICE_WINDOW } from './sliceWindow.ts';

const stripComments = (s: string) => s.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
// The cell image (drawn once per layout and view) and the light pass (every frame): one mosaic.
const imageVert = stripComments(shaderSource('mosaic/cellImage.vert', { lines: false }));
const imageFrag = stripComments(shaderSource('mosaic/cellImage.frag', { lines: false }));
const lightVert = stripComments(shaderSource('mosaic/cell.vert', { lines: false }));
const lightFrag = stripComments(shaderSource('mosaic/cell.frag', { lines: false }));
const stateFrag = stripComments(shaderSource('mosaic/cellState.frag', { lines: false }));
const vert = imageVert + lightVert;
const frag = imageFrag + lightFrag;
const count = (text: string, word: string) => (text.match(new RegExp(`\\b${word}\\b`, 'g')) ?? []).length;

describe('channel decoders in GLSL', () => {
  it('decodes every GPU channel exactly once, through its generated define', () => {
    const slots = channelSlots();
    expect(slots.map((s) => s.channel)).toEqual(channelList().filter((c) => c.target === 'gpu').map((c) => c.name));
    for (const s of slots) expect([s.channel, count(vert + frag, channelDefine(s.channel))]).toEqual([s.channel, 1]);
    // Channels light the cells (the light pass); the corners shape them (the cell image).
    for (const s of slots) expect([s.channel, count(lightFrag, channelDefine(s.channel))]).toEqual([s.channel, 1]);
  });

  it('never reads a channel byte behind its decoder', () => {
    // Each byte row is fetched from its per-cell texture once (`vec4 instanceStyle = texelFetch(uCellStyle, …)`)
    // where it is needed, and read nowhere else: the defines read it.
    const rows = { instanceStyle: 'uCellStyle', instanceMeta: 'uCellMeta' };
    for (const [row, texture] of Object.entries(rows)) {
      expect(lightFrag.match(new RegExp(`\\b${row}\\b`, 'g'))).toHaveLength(1);
      expect(lightFrag).toMatch(new RegExp(`vec4 ${row} = texelFetch\\(${texture}, `));
    }
    // The cell image reads no channel byte: its corners and their count come with the corners.
    for (const stage of [imageVert, imageFrag, lightVert]) expect(stage).not.toMatch(/\b(instance(Style|Meta)|uCell(Style|Meta))\b/);
  });

  it('reads the corners in the cell image alone (they are on the GPU only while it is drawn)', () => {
    for (const name of ['uCellCorners', 'uCellCornerCount']) {
      expect([name, count(imageVert, name)]).toEqual([name, 2]);
      for (const stage of [imageFrag, lightVert, lightFrag, stateFrag]) expect([name, count(stage, name)]).toEqual([name, 0]);
    }
  });

  it('gives each byte to one channel and multiplies back by its maximum; a periodic channel comes out capped', () => {
    const slots = channelSlots();
    const bytes = slots.map((s) => `${s.array}.${s.offset}`);
    expect(new Set(bytes).size).toBe(bytes.length);
    const d = channelDefines();
    expect(d.CHANNEL_GLOW).toBe('(instanceStyle.y * 4.0)');
    expect(d.CHANNEL_SIZE).toBe('(instanceMeta.x * 1.0)');
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
    const stages = [imageVert, imageFrag, lightVert, lightFrag, stateFrag];
    const all = new Map(stages.flatMap((s) => [...declared(s)]));
    // A uniform several stages declare has one type.
    for (const stage of stages) for (const [name, type] of declared(stage)) expect([name, all.get(name)]).toEqual([name, type]);
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
    // The decoders reach both materials as defines.
    expect(gpu.mesh.material.defines).toMatchObject(channelDefines());
    expect(gpu.cells.material.defines).toMatchObject(channelDefines());
    // Per cell on the GPU: 4 site, 4 style, 1 meta (R8: the shipped channels' fifth byte), and 2 for
    // each slice of the timeline window (no padding at 40 cells), not 2 for every slice; the corners
    // only while the cell image is drawn.
    expect(bake.timelineSamples).toBeGreaterThan(SLICE_WINDOW);
    expect(gpu.gpuBytes()).toBe(n * (9 + 2 * SLICE_WINDOW));
    gpu.dispose();
  });
});
