import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/index.ts';
import { bakeInstallationData } from '../node/bake.ts';
import { requireInstallation } from '../node/config.ts';
import type { SoundConfig } from '../config/sound.ts';
import { EVENT_KINDS } from '../data/events.ts';
import { testBake } from '../encode/testBake.ts';
import { brightnessOfNote } from './synth.ts';
import { bakeWith } from './testing.ts';
import { buildScore, DB_PER_DOUBLING, sliceOf, voicesOf } from './score.ts';

const kind = (k: (typeof EVENT_KINDS)[number]) => EVENT_KINDS.indexOf(k);

const sound = (patch: Partial<SoundConfig> = {}): SoundConfig => ({ ...defaultConfig('t').sound, ...patch });

describe('the score', () => {
  it('puts an event in the timeline slice its published date falls in, as the picture does', () => {
    const w = { start: 2140, end: 2146 };
    expect(sliceOf(2140, w, 8)).toBe(0);
    expect(sliceOf(2140.74, w, 8)).toBe(0);
    expect(sliceOf(2140.76, w, 8)).toBe(1);
    expect(sliceOf(2145.99, w, 8)).toBe(7);
    expect(sliceOf(2146, w, 8)).toBe(-1);
    expect(sliceOf(2139.9, w, 8)).toBe(-1);
  });

  it('makes one note per community and slice whose cells flash, in the timbre of the commonest published kind; missed appointments are silent', () => {
    // Slice 0 (2140.0–2140.75): north has 2 fillings and a checkup; south only a missed appointment.
    const b = bakeWith(6, [
      { journey: 0, date: 2140.1, kind: kind('filling') },
      { journey: 3, date: 2140.2, kind: kind('filling') },
      { journey: 3, date: 2140.3, kind: kind('checkup') },
      { journey: 1, date: 2140.2, kind: kind('missed') },
      { journey: 1, date: 2141, kind: kind('emergency') },
    ]);
    const s = buildScore(b, sound({ range: 60 }));
    expect(s.notes.map((n) => [n.slice, s.voices[n.voice].name, EVENT_KINDS[n.kind], n.events])).toEqual([
      [0, 'north', 'filling', 3],
      [1, 'south', 'emergency', 1],
    ]);
  });

  it('sounds from the timelines alone when the event lists are empty (cells whose residents chose glow only)', () => {
    const b = bakeWith(6, [
      { journey: 0, date: 2140.1, kind: kind('filling') },
      { journey: 4, date: 2142, kind: kind('cleaning') },
    ]);
    b.eventOffsets.fill(0);
    b.eventDates = new Float32Array(0);
    b.eventKinds = new Uint8Array(0);
    const s = buildScore(b, sound({ range: 60 }));
    expect(s.notes.map((n) => [n.slice, s.voices[n.voice].name, EVENT_KINDS[n.kind]])).toEqual([
      [0, 'north', 'checkup'],
      [2, 'south', 'checkup'],
    ]);
  });

  it('plays denser care louder: twice the events per resident is 10 dB (twice as loud); below the range is a rest', () => {
    const events: { journey: number; date: number; kind: number }[] = [];
    // north (journeys 0, 3, 6, 9): 4 events in slice 0, 2 in slice 1, 1 in slice 2, and 4 again in
    // slices 3–7 (so 4 per 4 residents is the busy moment the levels are relative to).
    for (const [slice, count] of [
      [0, 4],
      [1, 2],
      [2, 1],
      [3, 4],
      [4, 4],
      [5, 4],
      [6, 4],
      [7, 4],
    ]) {
      for (let k = 0; k < count; k++) events.push({ journey: 3 * k, date: 2140 + slice * 0.75 + 0.1, kind: kind('checkup') });
    }
    const s = buildScore(bakeWith(12, events), sound({ range: 15 }));
    const db = s.notes.map((n) => n.db);
    expect(db[0]).toBeCloseTo(0, 6);
    expect(db[1]).toBeCloseTo(-DB_PER_DOUBLING, 6);
    expect(s.reference).toBe(1);
    expect(s.notes.map((n) => n.slice)).toEqual([0, 1, 3, 4, 5, 6, 7]); // one event is 20 dB down: beyond a 15 dB range, a rest
    expect(s.notes[1].amplitude).toBeCloseTo(10 ** (-DB_PER_DOUBLING / 20), 6);
  });

  it('brightens a community\'s notes with its cells\' wellness (the light the picture shows)', () => {
    const b = bakeWith(6, [
      { journey: 0, date: 2140.1, kind: kind('checkup') },
      { journey: 3, date: 2141, kind: kind('checkup') },
    ]);
    // north's cells (0 and 3): wellness 0.2 in slice 0, 1 in slice 1.
    for (const j of [0, 3]) {
      b.timeline[2 * (j * 8 + 0) + 1] = 51;
      b.timeline[2 * (j * 8 + 1) + 1] = 255;
    }
    const s = buildScore(b, sound({ range: 60 }));
    expect(s.notes.map((n) => n.wellness)).toEqual([0.2, 1]);
    expect(brightnessOfNote(sound({ brightness: 0.8 }), s.notes[0])).toBe(0.375); // 1 − 0.8 · 0.8 = 0.36, in eighths
    expect(brightnessOfNote(sound({ brightness: 0.8 }), s.notes[1])).toBe(1);
    expect(brightnessOfNote(sound({ brightness: 0 }), s.notes[0])).toBe(1);
  });

  it('brightens a note with the wellness of the cells whose care it is, not of those without care then', () => {
    // north's cells 0 and 3: both cared for in slice 0; in slice 2 only cell 0 (cell 3's journey has
    // ended, and its light fades as its trailing year empties of visits).
    const b = bakeWith(6, [
      { journey: 0, date: 2140.1, kind: kind('checkup') },
      { journey: 3, date: 2140.2, kind: kind('checkup') },
      { journey: 0, date: 2141.6, kind: kind('checkup') },
    ]);
    const well = (j: number, s: number, v: number) => (b.timeline[2 * (j * 8 + s) + 1] = v);
    well(0, 0, 204), well(3, 0, 102); // 0.8 and 0.4
    well(0, 2, 255), well(3, 2, 0); // 1 and 0
    const s = buildScore(b, sound({ range: 60 }));
    expect(s.notes.map((n) => [n.slice, n.events])).toEqual([[0, 2], [2, 1]]);
    expect(s.notes[0].wellness).toBeCloseTo(0.6, 6);
    expect(s.notes[1].wellness).toBe(1);
  });

  it('spreads the voices from left to right in the order of their regions, each on its own degree, rising', () => {
    const b = bakeWith(6, []);
    // Sites: north (j % 3 = 0) on the right, south on the left, other in the middle.
    const sites = new Uint16Array(12);
    for (let j = 0; j < 6; j++) sites[2 * j] = [60000, 5000, 30000][j % 3];
    const v = voicesOf(b, sound(), sites);
    expect(v.map((x) => [x.name, x.rank, x.degree])).toEqual([
      ['north', 2, 4],
      ['south', 0, 0],
      ['other', 1, 2],
    ]);
    expect(v[1].pan).toBeCloseTo(-0.8);
    expect(v[2].pan).toBeCloseTo(0);
    expect(v[0].pan).toBeCloseTo(0.8);
    // layout: where the cells are; centre: mono; no layout yet: the data's order.
    expect(voicesOf(b, sound({ stereo: 'layout', width: 1 }), sites)[0].pan).toBeCloseTo((2 * 60000) / 65535 - 1);
    expect(voicesOf(b, sound({ stereo: 'centre' }), sites).every((x) => x.pan === 0)).toBe(true);
    expect(voicesOf(b, sound(), null).map((x) => x.rank)).toEqual([0, 1, 2]);
  });

  it('shares degrees only when there are more communities than the octaves hold', () => {
    const b = testBake(40);
    b.communities = Array.from({ length: 40 }, (_, c) => `c${c}`);
    b.community = Uint16Array.from({ length: 40 }, (_, j) => j);
    const v = voicesOf(b, sound({ octaves: 2 }));
    expect(v[0].degree).toBe(0);
    expect(v[39].degree).toBe(10);
    expect(new Set(v.map((x) => x.degree)).size).toBe(11);
  });
});

describe('the Oral Symphony\'s nanobot years', () => {
  it('brighten the Smile Architects\' notes: their cared-for residents\' wellness rises as nanobots arrive (2143–45), though their journeys\' ends dim the community as a whole', async () => {
    const inst = await requireInstallation('oral-symphony');
    const { bake } = await bakeInstallationData(inst.dir, inst.dataSpec, inst.name, undefined, { secret: 'ab'.repeat(32) });
    const s = buildScore(bake, inst.config.sound);
    const yearOf = (slice: number) => bake.window.start + (slice / s.slices) * (bake.window.end - bake.window.start);
    const mean = (voice: number, from: number, to: number) => {
      const w = s.notes.filter((n) => n.voice === voice && yearOf(n.slice) >= from && yearOf(n.slice) < to).map((n) => n.wellness);
      return w.reduce((a, b) => a + b, 0) / w.length;
    };
    const affluent = s.voices.filter((v) => v.name.startsWith('Smile Architects'));
    expect(affluent).toHaveLength(3);
    // Measured: 0.882–0.891 before, 0.912–0.917 after; the mean over all their cells falls by about 0.12.
    for (const v of affluent) expect(mean(v.community, 2145, 2148) - mean(v.community, 2140, 2143), v.name).toBeGreaterThan(0.015);
  }, 30_000);
});
