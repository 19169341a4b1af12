import { describe, expect, it } from 'vitest';
import { RGFormat } from 'three';
import { HELD_INTO, SLICE_WINDOW, SliceWindow, sliceMoment } from './sliceWindow.ts';

const SAMPLES = 16;
const CELLS = 7;
/** A light timeline whose bytes say where they are: flash = slice, wellness = 100 + cell. */
function timeline(samples = SAMPLES, count = CELLS) {
  const data = new Uint8Array(2 * samples * count);
  for (let s = 0; s < samples; s++) for (let j = 0; j < count; j++) data.set([s, 100 + j], 2 * (s * count + j));
  return { data, samples, count };
}

/** What the shaders read for (cell, slice): the layer formula of shaders/lib/timeline.glsl, on the CPU copy. */
function read(w: SliceWindow, cell: number, s: number, samples = SAMPLES): [number, number] {
  const { x: base, y: offset, z: size } = w.ring;
  const layer = (offset + ((((s - base) % samples) + samples) % samples)) % size;
  const [wide, high] = [w.texture.image.width, w.texture.image.height];
  const data = w.texture.image.data as Uint8Array;
  const i = 2 * (layer * wide * high + cell);
  return [data[i], data[i + 1]];
}

/** A window over a light timeline, as the mosaic makes it. */
function windowOf(t: ReturnType<typeof timeline>, w: number, h: number): SliceWindow {
  return new SliceWindow({ data: t.data, samples: t.samples, sliceBytes: 2 * t.count }, w, h, RGFormat, 2, 'test');
}

describe('a slice window over the light timeline', () => {
  it('holds the slice before now, now\'s and the one after, and the shaders find each one', () => {
    const w = windowOf(timeline(), 4, 2);
    expect(SLICE_WINDOW).toBe(3);
    expect(w.bytes).toBe(2 * 4 * 2 * 3);
    for (const now of [0, 1, 5, 15]) {
      w.show(now, true);
      for (let d = -1; d <= 1; d++) {
        const s = (now + d + SAMPLES) % SAMPLES;
        for (let cell = 0; cell < CELLS; cell++) expect(read(w, cell, s)).toEqual([s, 100 + cell]);
      }
    }
  });

  it('turns by one layer as the loop moves on by one slice (also past the loop end), and fills every layer on a jump', () => {
    const w = windowOf(timeline(), 4, 2);
    w.show(13, true);
    expect(w.texture.layerUpdates.size).toBe(0); // the whole window
    const version = w.texture.version;
    for (const now of [14, 15, 0, 1]) {
      w.texture.clearLayerUpdates();
      w.show(now, true);
      expect([...w.texture.layerUpdates]).toHaveLength(1);
      for (let d = -1; d <= 1; d++) expect(read(w, 3, (now + d + SAMPLES) % SAMPLES)[0]).toBe((now + d + SAMPLES) % SAMPLES);
    }
    expect(w.texture.version).toBe(version + 4);
    w.show(1, true);
    expect(w.texture.version).toBe(version + 4); // nothing new: nothing uploaded
    w.show(9, true);
    expect(w.texture.layerUpdates.size).toBe(0);
    for (let d = -1; d <= 1; d++) expect(read(w, 6, 9 + d)).toEqual([9 + d, 106]);
  });

  it('never sends a single layer to a texture the GL context does not hold (a restored context)', () => {
    const w = windowOf(timeline(), 4, 2);
    w.show(4, true);
    w.show(5, true);
    expect(w.texture.layerUpdates.size).toBe(1);
    // The context was lost before that layer went up: the whole window goes up instead.
    w.show(5, false);
    expect(w.texture.layerUpdates.size).toBe(0);
    w.show(6, false);
    expect(w.texture.layerUpdates.size).toBe(0);
    for (let d = -1; d <= 1; d++) expect(read(w, 0, 6 + d)[0]).toBe(6 + d);
  });

  it('holds every slice of a timeline shorter than the window, once', () => {
    const w = windowOf(timeline(2, 3), 3, 1);
    w.show(1, true);
    const version = w.texture.version;
    w.show(0, true);
    expect(w.texture.version).toBe(version);
    for (const s of [0, 1]) for (let cell = 0; cell < 3; cell++) expect(read(w, cell, s, 2)).toEqual([s, 100 + cell]);
  });

  it('holds every slice of a timeline of three, and turns none', () => {
    const w = windowOf(timeline(3, 2), 2, 1);
    w.show(2, true);
    const version = w.texture.version;
    for (const now of [0, 1, 2]) w.show(now, true);
    expect(w.texture.version).toBe(version);
    for (const s of [0, 1, 2]) expect(read(w, 1, s, 3)).toEqual([s, 101]);
  });

  /** sliceMoment as [slice, into]. */
  const at = (time: number, loop: number, hold: number, samples: number) => {
    const m = sliceMoment(time, loop, hold, samples, { slice: -1, into: -1 });
    return [m.slice, m.into];
  };

  it.each([
    ['the loop start', 0, 10, -1, 64, 0, 0],
    ['just before the loop end', 9.99, 10, -1, 64, 63, 0.936],
    ['the loop end, wrapping', 10, 10, -1, 64, 0, 0],
    ['the second loop', 25, 10, -1, 64, 32, 0],
    ['a quarter into a slice', 25 + 10 / 256, 10, -1, 64, 32, 0.25],
    ["Harmonia's loop (48 s, 64 slices) at t = 10", 10, 48, -1, 64, 13, 1 / 3],
    ['a loop of 7 s in 5 slices', 20.3, 7, -1, 5, 4, 0.5],
    ['a held moment, whatever the time', 25, 10, 0.5, 64, 32, HELD_INTO],
    ['a moment held at the end', 3, 10, 1, 64, 63, HELD_INTO],
  ])('works out the moment at %s', (_, time, loop, hold, samples, slice, into) => {
    const [s, f] = at(time, loop, hold, samples);
    expect(s).toBe(slice);
    expect(f).toBeCloseTo(into, 9);
  });

  it('puts a moment that float32 would round across a slice edge in its slice, the same for every output', () => {
    // A venue days into its run (before gpuTime wraps the clock): the slice 13 of Harmonia begins at
    // 13 · 0.75 s into a loop. A hair before that edge is slice 12 in double precision; float32 time
    // (24 bits) cannot tell the two apart there.
    const time = 1000 * 48 + 13 * 0.75 - 1e-6;
    expect(Math.fround(time)).toBeGreaterThanOrEqual(1000 * 48 + 13 * 0.75);
    const [s, f] = at(time, 48, -1, 64);
    expect(s).toBe(12);
    expect(f).toBeGreaterThan(0.9999);
    expect(f).toBeLessThanOrEqual(1);
    expect(at(time, 48, -1, 64)).toEqual([s, f]);
  });
});
