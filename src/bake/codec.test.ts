import { describe, expect, it } from 'vitest';
import type { CareEvent } from '../data/events';
import { testSpec } from '../data/testing';
import { createBaker } from './bake';
import { MEASURES } from './artefact';
import { BakeDecodeError, decodeBake, encodeBake } from './codec';

function sample() {
  const b = createBaker(testSpec({ privacy: { minCommunitySize: 1, datePrecision: 'month' } }), 'harmonia');
  let line = 0;
  const ev = (id: string, date: string, more: Partial<CareEvent> = {}): CareEvent => ({
    journeyId: id,
    time: Date.parse(`${date}T00:00:00Z`),
    kind: 'checkup',
    source: { file: 'f.csv', line: ++line },
    ...more,
  });
  b.event(ev('a', '2140-01-05', { community: 'Søndre', pain: 4, ageBand: '20-29', extra: { income: '3', ward: 'E' }, consentStory: true, story: 'ünïcode ✓' }));
  b.event(ev('a', '2141-03-05', { kind: 'filling', pain: 2 }));
  b.event(ev('b', '2142-03-05', { kind: 'emergency', community: 'Harbour', extra: { income: '1.5', ward: 'W' } }));
  b.issue({ severity: 'warning', code: 'unknown-event', file: 'f.csv', line: 9, message: 'x' });
  return b.finish();
}

describe('bake codec', () => {
  it('round trips every field', () => {
    const m = sample();
    const bytes = encodeBake(m);
    const copy = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(copy).set(bytes);
    const d = decodeBake(copy);
    expect(d).toEqual(m);
    for (const name of MEASURES) expect(d.measures[name]).toBeInstanceOf(Float32Array);
  });

  it('decoding makes views into the buffer, 8-byte aligned (zero copy)', () => {
    const bytes = encodeBake(sample());
    const d = decodeBake(bytes.buffer as ArrayBuffer);
    expect(d.timeline.buffer).toBe(bytes.buffer);
    expect(d.measures.wellness.buffer).toBe(bytes.buffer);
    expect(d.measures.wellness.byteOffset % 8).toBe(0);
    expect(bytes.byteLength % 8).toBe(0);
  });

  it('accepts a Uint8Array, also at an unaligned offset', () => {
    const bytes = encodeBake(sample());
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    expect(decodeBake(shifted.subarray(3)).journeyCount).toBe(2);
  });

  it('empty mosaic round trips', () => {
    const m = createBaker(testSpec(), 'empty').finish();
    expect(decodeBake(encodeBake(m))).toEqual(m);
  });

  it.each([
    ['too short', (b: Uint8Array) => b.slice(0, 10), /too short/],
    ['wrong magic', (b: Uint8Array) => Object.assign(b.slice(), { 0: 0x50 }), /not a baked mosaic/],
    ['other version', (b: Uint8Array) => { const c = b.slice(); new DataView(c.buffer).setUint32(8, 99, true); return c; }, /version 99 is not supported/],
    ['truncated', (b: Uint8Array) => b.slice(0, b.byteLength - 64), /truncated/],
    ['corrupt header', (b: Uint8Array) => { const c = b.slice(); c[16] = 0x5d; return c; }, /header is not valid JSON/],
  ])('a %s file gives a clear error', (_name, damage, message) => {
    const bytes = damage(encodeBake(sample()));
    expect(() => decodeBake(bytes)).toThrow(BakeDecodeError);
    expect(() => decodeBake(bytes)).toThrow(message);
  });
});
