import { describe, expect, it } from 'vitest';
import type { CareEvent } from '../data/events';
import { testSpec } from '../data/testing';
import { createBaker } from './bake';
import { MEASURES } from './artefact';
import { BakeDecodeError, decodeBake, encodeBake, readBakeColumns } from './codec';
import { syntheticBake } from '../encode/testBake';

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

  describe('reading the columns alone, as the body arrives (readBakeColumns)', () => {
    /** A body handing out `bytes` in `chunk`-byte pieces, saying how much it handed out and whether it was cancelled. */
    const body = (bytes: Uint8Array, chunk: number) => {
      const seen = { sent: 0, cancelled: false };
      const stream = new ReadableStream<Uint8Array>(
        {
          pull(c) {
            if (seen.sent >= bytes.byteLength) return c.close();
            c.enqueue(bytes.slice(seen.sent, seen.sent + chunk));
            seen.sent = Math.min(bytes.byteLength, seen.sent + chunk);
          },
          cancel() {
            seen.cancelled = true;
          },
        },
        { highWaterMark: 0 },
      );
      return { stream, seen };
    };
    const big = syntheticBake(2000, { seed: 5 });
    const bytes = encodeBake(big);
    const whole = decodeBake(bytes.slice());

    it('gives the columns decodeBake gives, from pieces of any size', async () => {
      for (const chunk of [7, 4096, bytes.byteLength]) {
        const c = await readBakeColumns(body(bytes, chunk).stream);
        expect(c.journeyCount).toBe(2000);
        expect(c.communities).toEqual(whole.communities);
        expect(c.community).toEqual(whole.community);
        expect(c.measures).toEqual(whole.measures);
        expect(c.fields).toEqual(whole.fields);
      }
      const small = sample();
      const c = await readBakeColumns(body(encodeBake(small), 5).stream);
      expect({ ...c, fields: { ...c.fields } }).toEqual({ journeyCount: 2, communities: small.communities, community: small.community, measures: small.measures, fields: { ...small.fields } });
    });

    it('stops at the end of the columns, which come first, and cancels the rest of the body', async () => {
      const columns = [whole.community, ...Object.values(whole.measures), ...Object.values(whole.fields).map((f) => (f.kind === 'numeric' ? f.values : f.codes))];
      const rest = [whole.tier, whole.timeline, whole.eventOffsets, whole.eventDates, whole.eventKinds];
      const columnsEnd = Math.max(...columns.map((a) => a.byteOffset + a.byteLength));
      expect(columnsEnd).toBeLessThanOrEqual(Math.min(...rest.map((a) => a.byteOffset)));
      const { stream, seen } = body(bytes, 4096);
      await readBakeColumns(stream);
      expect(seen.cancelled).toBe(true);
      expect(seen.sent).toBeGreaterThanOrEqual(columnsEnd);
      expect(seen.sent).toBeLessThan(columnsEnd + 4096);
      expect(seen.sent).toBeLessThanOrEqual(whole.timeline.byteOffset); // not a byte of the timeline
    });

    it.each([
      ['too short', bytes.slice(0, 10), /too short/],
      ['not a bake', new TextEncoder().encode('journey_id,date\n'.repeat(10)), /not a baked mosaic/],
      ['truncated in its header', bytes.slice(0, 40), /header length \d+ runs past the end of the file \(40 bytes\): the file is truncated/],
      ['truncated in its columns', bytes.slice(0, whole.measures.wellness.byteOffset + 8), /section measures\.wellness .* lies outside the file .*truncated/],
    ])('a body %s gives the error decodeBake gives', async (_name, damaged, message) => {
      const { stream, seen } = body(damaged, 1000);
      await expect(readBakeColumns(stream)).rejects.toThrow(BakeDecodeError);
      await expect(readBakeColumns(body(damaged, 1000).stream)).rejects.toThrow(message);
      expect(seen.cancelled || seen.sent === damaged.byteLength).toBe(true);
    });
  });
});
