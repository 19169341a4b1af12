/**
 * Stage: score. The baked mosaic becomes a score: one voice per community, one bar per timeline
 * slice, and in each bar a note for each community that received care in that slice. Pure; reads
 * only what the artefact publishes for every cell (src/bake/artefact.ts): its community, its
 * timeline (the same activity the picture flashes), and, for the timbre, the kinds in the event
 * lists the artefact publishes (at their coarsened dates; none for cells whose residents chose glow
 * only); and, for the stereo order, where the layout put each community's cells. Nothing finer than
 * the artefact reaches the sound: a note's time is its slice, its level a count over a whole
 * community.
 *
 * - when: a community sounds in every timeline slice in which any of its cells flashes (timeline
 *   activity: care events in the slice, missed appointments not counted), so the note comes with the
 *   flash;
 * - which note: the community's care in the slice is one note, so a thousand residents' care in one
 *   moment is one note and not a thousand (the density limit would drop them anyway); it is the
 *   community's own note (its degree of the scale, rising from left to right) in the timbre of the
 *   kind most of its published events in that period were (config sound.timbres);
 * - how loud: care events per resident of the community (activity 1 or "2 or more" per cell, as the
 *   timeline stores it) relative to the installation's busy moments (the 90th percentile), as
 *   loudness (DB_PER_DOUBLING), down to `range` dB below; softer is silence;
 * - how bright: the mean wellness of the community's cells that flash in the slice (the timelines'
 *   second byte, the light the picture shows them in), so care that heals sounds clearer (config
 *   sound.brightness); cells without care then (journeys ended or not begun) do not dull it;
 * - where: the community's stereo position (voices, below);
 * - a slice without care in a community is that voice's rest.
 */
import type { BakedMosaic } from '../bake/artefact.ts';
import type { SoundConfig } from '../config/sound.ts';
import { EVENT_KINDS } from '../data/events.ts';
import { sounds } from './instruments.ts';

/** One community as an instrument. */
export interface Voice {
  community: number;
  name: string;
  journeys: number;
  /** Stereo position, −1 (left) to 1 (right). */
  pan: number;
  /** Its note: a degree of the scale above the root (0 = the root), rising from left to right. */
  degree: number;
  /** Position in the left-to-right order (the strum order), 0 … voices − 1. */
  rank: number;
}

/** One note of the score: a community's care in one timeline slice. */
export interface ScoreNote {
  slice: number;
  voice: number;
  /** EVENT_KINDS code of the kind most of the community's published events in the slice's period were (its timbre). */
  kind: number;
  /** Scale degree (0 = the root): the voice's. */
  degree: number;
  /** Care events of the community's cells in the slice, as their timelines count them (missed appointments not counted). */
  events: number;
  /** Level in dB relative to full (0 … −range). */
  db: number;
  /** Linear amplitude, 10^(db / 20). */
  amplitude: number;
  /**
   * Mean wellness (0–1), as their timelines say, of the community's cells that flash in the slice
   * (whose care the note is): the note's brightness. Cells without care then are left out: a
   * journey that has ended or not begun dims as its trailing year empties of visits, and would
   * dull the notes of those who are cared for.
   */
  wellness: number;
}

export interface Score {
  /** Timeline slices (bars) per loop: the artefact's timelineSamples. */
  slices: number;
  voices: Voice[];
  /** Sorted by slice, then voice rank. */
  notes: ScoreNote[];
  /** Events per resident per slice that plays at full level (the 90th percentile of busy slices). */
  reference: number;
}

/**
 * Dynamics: twice the care per resident sounds twice as loud, i.e. 10 dB louder (the sone scale:
 * loudness doubles every 10 dB), so loudness is proportional to the density of care.
 */
export const DB_PER_DOUBLING = 10;

/** The share of busy (community, slice) cells quieter than full level. */
export const REFERENCE_QUANTILE = 0.9;

/** Each community's mean site (x, y as fractions of the mosaic, 0–1), or null without a layout. */
function layoutCentres(bake: BakedMosaic, sites: Uint16Array | null): [number, number][] | null {
  if (!sites || sites.length < 2 * bake.journeyCount) return null;
  const C = bake.communities.length;
  const sum = new Float64Array(2 * C);
  const count = new Float64Array(C);
  for (let j = 0; j < bake.journeyCount; j++) {
    const c = bake.community[j];
    sum[2 * c] += sites[2 * j] / 65535;
    sum[2 * c + 1] += sites[2 * j + 1] / 65535;
    count[c]++;
  }
  return Array.from({ length: C }, (_, c) => (count[c] ? [sum[2 * c] / count[c], sum[2 * c + 1] / count[c]] : [0.5, 0.5]));
}

/** Scale degrees per octave of the scales (all have five or six). */
function degreesPerOctave(scale: SoundConfig['scale']): number {
  return scale === 'whole-tone' ? 6 : 5;
}

/**
 * The voices: one per community, placed by `sound.stereo`, each on its own degree of the scale
 * rising from left to right: neighbours two degrees apart where the octaves allow, closer (or, with
 * more communities than degrees, sharing) where they do not.
 * Left-to-right order is the order of the communities' regions in the mosaic (by the x, then the y,
 * of their centres), or the data's order before there is a layout.
 */
export function voicesOf(bake: BakedMosaic, sound: SoundConfig, sites: Uint16Array | null = null): Voice[] {
  const C = bake.communities.length;
  const journeys = new Array<number>(C).fill(0);
  for (let j = 0; j < bake.journeyCount; j++) journeys[bake.community[j]]++;
  const centres = layoutCentres(bake, sites);
  const order = Array.from({ length: C }, (_, c) => c);
  if (centres) order.sort((a, b) => centres[a][0] - centres[b][0] || centres[a][1] - centres[b][1] || a - b);
  const rank = new Array<number>(C);
  order.forEach((c, r) => (rank[c] = r));
  const spread = (c: number) => (C === 1 ? 0.5 : rank[c] / (C - 1));
  const top = degreesPerOctave(sound.scale) * Math.max(1, sound.octaves);
  const step = C === 1 ? 0 : Math.min(2, top / (C - 1));
  // Positions 0–1: evenly in that order (spread), where the cells are (layout), or all in the middle.
  const x = (c: number) => (sound.stereo === 'centre' ? 0.5 : sound.stereo === 'layout' && centres ? centres[c][0] : spread(c));
  return bake.communities.map((name, c) => ({
    community: c,
    name,
    journeys: journeys[c],
    pan: Math.max(-1, Math.min(1, (2 * x(c) - 1) * sound.width)),
    degree: Math.round(rank[c] * step),
    rank: rank[c],
  }));
}

/** The slice (0 … samples − 1) a published decimal-year date falls in, or −1 outside the window. */
export function sliceOf(date: number, window: BakedMosaic['window'], samples: number): number {
  const span = window.end - window.start;
  if (!(span > 0) || !(date >= window.start - 1e-3 * (span / samples)) || !(date < window.end)) return -1;
  // Published dates sit on period starts (a month, a year) stored as float32: a hair (1e-3 slice) of
  // slack keeps one that rounded to just below its slice's start in that slice.
  return Math.min(samples - 1, Math.floor(((date - window.start) / span) * samples + 1e-3));
}

/** Care events a timeline activity byte stands for (src/journeys/timeline.ts: 0, 1 → 128, 2 or more → 255). */
export function activityEvents(activity: number): number {
  return activity === 0 ? 0 : activity < 192 ? 1 : 2;
}

/**
 * The kind of care most of a community's published events were, for each slice: from the events
 * whose coarsened period (a year or a month from their date) covers the slice; else the community's
 * commonest kind; else the installation's; else a checkup. EVENT_KINDS codes, [community][slice].
 */
function dominantKinds(bake: BakedMosaic, S: number): Uint8Array {
  const C = bake.communities.length;
  const K = EVENT_KINDS.length;
  const period = bake.precision === 'month' ? 1 / 12 : 1;
  const hist = new Uint32Array(C * S * K);
  const perCommunity = new Uint32Array(C * K);
  const overall = new Uint32Array(K);
  for (let j = 0; j < bake.journeyCount; j++) {
    const c = bake.community[j];
    for (let e = bake.eventOffsets[j]; e < bake.eventOffsets[j + 1]; e++) {
      const kind = bake.eventKinds[e];
      if (!sounds(kind)) continue;
      perCommunity[c * K + kind]++;
      overall[kind]++;
      const date = bake.eventDates[e];
      const s0 = sliceOf(date, bake.window, S);
      if (s0 < 0) continue;
      const s1 = sliceOf(date + period, bake.window, S);
      for (let s = s0; s < (s1 < 0 ? S : Math.max(s0 + 1, s1)); s++) hist[(c * S + s) * K + kind]++;
    }
  }
  const argmax = (h: Uint32Array, at: number) => {
    let best = -1;
    let most = 0;
    for (let k = 0; k < K; k++) if (h[at + k] > most) [best, most] = [k, h[at + k]];
    return best;
  };
  const fallback = argmax(overall, 0);
  const out = new Uint8Array(C * S);
  for (let c = 0; c < C; c++) {
    const own = argmax(perCommunity, c * K);
    for (let s = 0; s < S; s++) {
      const k = argmax(hist, (c * S + s) * K);
      out[c * S + s] = k >= 0 ? k : own >= 0 ? own : fallback >= 0 ? fallback : EVENT_KINDS.indexOf('checkup');
    }
  }
  return out;
}

/** The score of a baked mosaic. `sites` (the cell table's, cell j = journey j) places voices by the layout. */
export function buildScore(bake: BakedMosaic, sound: SoundConfig, sites: Uint16Array | null = null): Score {
  const voices = voicesOf(bake, sound, sites);
  const S = Math.max(1, bake.timelineSamples);
  const C = voices.length;
  // events[c * S + s]: care events of community c's cells in slice s, as their timelines say;
  // wellness and cared over the cells that flash in it (the residents whose care the note is).
  const events = new Uint32Array(C * S);
  const wellness = new Float64Array(C * S);
  const cared = new Uint32Array(C * S);
  for (let j = 0; j < bake.journeyCount; j++) {
    const row = (bake.community[j] ?? 0) * S;
    const at = 2 * j * S;
    for (let s = 0; s < S; s++) {
      const n = activityEvents(bake.timeline[at + 2 * s] ?? 0);
      if (n === 0) continue;
      events[row + s] += n;
      wellness[row + s] += (bake.timeline[at + 2 * s + 1] ?? 0) / 255;
      cared[row + s]++;
    }
  }
  const kinds = dominantKinds(bake, S);
  const cells: { c: number; s: number; events: number; density: number }[] = [];
  for (let c = 0; c < C; c++) {
    if (voices[c].journeys === 0) continue;
    for (let s = 0; s < S; s++) {
      const n = events[c * S + s];
      if (n > 0) cells.push({ c, s, events: n, density: n / voices[c].journeys });
    }
  }
  const densities = cells.map((x) => x.density).sort((a, b) => a - b);
  const reference = densities.length ? densities[Math.min(densities.length - 1, Math.floor(REFERENCE_QUANTILE * (densities.length - 1)))] : 1;
  const notes: ScoreNote[] = [];
  for (const x of cells) {
    const db = Math.min(0, DB_PER_DOUBLING * Math.log2(x.density / reference));
    if (db < -sound.range) continue; // fainter than the dynamic range: a rest
    notes.push({ slice: x.s, voice: x.c, kind: kinds[x.c * S + x.s], degree: voices[x.c].degree, events: x.events, db, amplitude: 10 ** (db / 20), wellness: wellness[x.c * S + x.s] / cared[x.c * S + x.s] });
  }
  notes.sort((a, b) => a.slice - b.slice || voices[a.voice].rank - voices[b.voice].rank);
  return { slices: S, voices, notes, reference };
}
