/**
 * The description as sound, for residents who cannot see the mosaic: each community's care over
 * the timeline as a short phrase, one note per year, higher for more care per resident and silent
 * for none (pitch carries the value, as in Highcharts' sonification, because a rise or fall in pitch
 * is easier to follow than one in loudness), each phrase from its community's place in the stereo
 * field, and each announced in words before and after it through an aria-live region.
 *
 * Reads only the artefact (the cells' timelines: care events per resident per year, over whole
 * communities) and leaves out groups too small to single out, as the written description does.
 */
import type { BakedMosaic } from '../bake/artefact.ts';
import type { SoundConfig } from '../config/sound.ts';
import { ATTACK_SECONDS, NOTE_GAIN } from './plan.ts';
import { activityEvents, type Score, type Voice } from './score.ts';
import { SoundGraph } from './synth.ts';

/** Seconds per year of a phrase. */
export const SUMMARY_NOTE_SECONDS = 0.3;
/** Pause after a name is announced, before its phrase; and after a phrase's words, before the next name. */
export const SUMMARY_LEAD_SECONDS = 1.5;
export const SUMMARY_WORDS_SECONDS = 6;
/** The highest scale degree a phrase reaches (two octaves of a pentatonic scale). */
export const SUMMARY_TOP_DEGREE = 9;

export interface SummaryPhrase {
  community: string;
  journeys: number;
  /** Index into the artefact's communities. */
  communityIndex: number;
  years: number[];
  /** Care events per resident in each year. */
  perResident: number[];
  /** Scale degree of each year's note (0 … SUMMARY_TOP_DEGREE), or −1 for a silent year. */
  degrees: number[];
  /** Said after the phrase. */
  words: string;
}

/** Communities large enough to speak of (at least 10 journeys and 2 % of all), as the written description. */
function speakable(journeys: number, total: number, name: string): boolean {
  return name !== 'other' && journeys >= Math.max(10, 0.02 * total);
}

const one = (v: number) => (v >= 10 ? String(Math.round(v)) : v.toFixed(1));

/** The phrases, in the artefact's community order. */
export function summaryPhrases(bake: BakedMosaic): SummaryPhrase[] {
  const firstYear = Math.floor(bake.window.start);
  const years = Math.max(1, Math.ceil(bake.window.end - 1e-6) - firstYear);
  const C = bake.communities.length;
  const counts = new Float64Array(C * years);
  const journeys = new Array<number>(C).fill(0);
  // A slice counts towards the year its middle falls in (as the written description's quiet year).
  const S = bake.timelineSamples;
  const yearOf = new Int32Array(S);
  for (let s = 0; s < S; s++) yearOf[s] = Math.min(years - 1, Math.floor(bake.window.start + ((s + 0.5) * (bake.window.end - bake.window.start)) / S) - firstYear);
  for (let j = 0; j < bake.journeyCount; j++) {
    const c = bake.community[j];
    journeys[c]++;
    for (let s = 0; s < S; s++) if (yearOf[s] >= 0) counts[c * years + yearOf[s]] += activityEvents(bake.timeline[2 * (j * S + s)]);
  }
  const yearList = Array.from({ length: years }, (_, y) => firstYear + y);
  const kept = bake.communities.map((name, c) => ({ name, c })).filter(({ name, c }) => speakable(journeys[c], bake.journeyCount, name));
  let max = 0;
  for (const { c } of kept) for (let y = 0; y < years; y++) max = Math.max(max, counts[c * years + y] / journeys[c]);
  return kept.map(({ name, c }) => {
    const perResident = yearList.map((_, y) => counts[c * years + y] / journeys[c]);
    const degrees = perResident.map((v) => (v > 0 && max > 0 ? Math.round((v / max) * SUMMARY_TOP_DEGREE) : -1));
    let hi = 0;
    let lo = 0;
    perResident.forEach((v, y) => {
      if (v > perResident[hi]) hi = y;
      if (v < perResident[lo]) lo = y;
    });
    const words =
      `${name}, ${journeys[c].toLocaleString('en')} residents: most care in ${yearList[hi]} (${one(perResident[hi])} care events per resident), ` +
      `least in ${yearList[lo]} (${one(perResident[lo])}).`;
    return { community: name, journeys: journeys[c], communityIndex: c, years: yearList, perResident, degrees, words };
  });
}

/** What is said before the phrases. */
export function summaryIntro(phrases: SummaryPhrase[]): string {
  if (phrases.length === 0) return 'There is no community large enough to summarise.';
  const y = phrases[0].years;
  return (
    `Care in each community, year by year from ${y[0]} to ${y[y.length - 1]}: one note per year, ` +
    `higher notes for more care per resident, silence for a year without care. ${phrases.length} ${phrases.length === 1 ? 'community' : 'communities'}.`
  );
}

export interface SummaryPlayback {
  stop(): void;
  /** Resolves when the summary has been played and said (or stopped). */
  done: Promise<void>;
}

/**
 * Plays the phrases on `ctx` and says each through `announce`: the intro, then per community its
 * name, its phrase, its words. `pans` are the communities' stereo positions (by artefact index).
 */
export function playSummary(
  ctx: AudioContext,
  destination: AudioNode,
  phrases: SummaryPhrase[],
  sound: SoundConfig,
  pans: number[],
  announce: (text: string) => void,
): SummaryPlayback {
  const voices: Voice[] = phrases.map((p, v) => ({
    community: p.communityIndex,
    name: p.community,
    journeys: p.journeys,
    pan: pans[p.communityIndex] ?? 0,
    degree: 0,
    rank: v,
  }));
  const notes: Score['notes'] = [];
  const at: number[] = [];
  const timers: ReturnType<typeof setTimeout>[] = [];
  const say = (seconds: number, text: string) => timers.push(setTimeout(() => announce(text), seconds * 1000));
  let t = 0;
  say(t, summaryIntro(phrases));
  t += SUMMARY_WORDS_SECONDS;
  phrases.forEach((p, v) => {
    say(t, p.community);
    t += SUMMARY_LEAD_SECONDS;
    p.degrees.forEach((degree, y) => {
      if (degree >= 0) {
        notes.push({ slice: y, voice: v, kind: 0, degree, events: 0, db: 0, amplitude: 1, wellness: 1 });
        at.push(t + y * SUMMARY_NOTE_SECONDS);
      }
    });
    t += p.degrees.length * SUMMARY_NOTE_SECONDS + 0.4;
    say(t, p.words);
    t += SUMMARY_WORDS_SECONDS;
  });
  const graph = new SoundGraph(ctx, { slices: 0, voices, notes, reference: 1 }, sound, ATTACK_SECONDS, 0.5);
  graph.output.connect(destination);
  const start = ctx.currentTime + 0.05;
  notes.forEach((_, i) => graph.play(i, NOTE_GAIN * 1.4, start + at[i]));
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  timers.push(setTimeout(() => finish(), t * 1000));
  return {
    done,
    stop() {
      for (const h of timers) clearTimeout(h);
      graph.dispose();
      finish();
    },
  };
}
