import { describe, expect, it } from 'vitest';
import { quantiseStir } from '../render/stir.ts';
import { RELAY_MAX_BYTES } from './protocol.ts';
import { decodeStir, stirMessages } from './stirRelay.ts';

describe('stirring over the venue relay', () => {
  const samples = Array.from({ length: 300 }, (_, k) => quantiseStir({ t: 1.7e9 / 1000 + k * 0.016, x: (k % 97) / 97, y: (k % 13) / 13, r: 0.05, a: 0.5 + (k % 5) / 10 }));

  it('goes in messages within the relay limit and comes back exactly as recorded', () => {
    const messages = stirMessages(samples);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(JSON.stringify({ type: 'relay', channel: 'stir', data: m }).length).toBeLessThanOrEqual(RELAY_MAX_BYTES);
    expect(messages.flatMap((m) => decodeStir(JSON.parse(JSON.stringify(m))))).toEqual(samples);
  });

  it('drops malformed rows', () => {
    expect(decodeStir({ s: [[1, 2, 3], [1, 0.5, 0.5, 0.05, 'x'], [2, 0.5, 0.5, 0.05, 1]] })).toEqual([{ t: 2, x: 0.5, y: 0.5, r: 0.05, a: 1 }]);
    expect(decodeStir(null)).toEqual([]);
    expect(decodeStir({ s: 'no' })).toEqual([]);
  });
});
