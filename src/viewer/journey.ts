/**
 * One journey in plain words, for the viewer's card: a short timeline at the precision the bake kept,
 * its derived measures, its community and its consented story. Reads only the baked artefact
 * (src/bake/artefact.ts); every number is rounded further than the bake already is.
 */
import type { BakedMosaic } from '../bake/artefact.ts';
import { EVENT_KINDS } from '../data/events.ts';

/** How each event kind reads in a sentence: [one, many]. */
const KIND_WORDS: Record<(typeof EVENT_KINDS)[number], [string, string]> = {
  checkup: ['checkup', 'checkups'],
  cleaning: ['cleaning', 'cleanings'],
  filling: ['filling', 'fillings'],
  extraction: ['extraction', 'extractions'],
  'root-canal': ['root canal', 'root canals'],
  orthodontic: ['orthodontic visit', 'orthodontic visits'],
  emergency: ['emergency visit', 'emergency visits'],
  education: ['dental education session', 'dental education sessions'],
  screening: ['screening', 'screenings'],
  missed: ['missed appointment', 'missed appointments'],
  other: ['other care', 'other care'],
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A coarsened decimal year as people write it: "2141", or "Mar 2141" at month precision. */
export function dateLabel(decimalYear: number, precision: BakedMosaic['precision']): string {
  const year = Math.floor(decimalYear + 1e-6);
  if (precision === 'year') return String(year);
  const month = Math.min(11, Math.max(0, Math.round((decimalYear - year) * 12)));
  return `${MONTHS[month]} ${year}`;
}

export interface TimelineEntry {
  /** "2141" or "Mar 2141". */
  when: string;
  /** "checkup, 2 cleanings" or "no visits". */
  what: string;
}

/** At most this many entries; the rest are summarised in one line. */
export const TIMELINE_MAX_ENTRIES = 12;

/**
 * The journey's events grouped by coarsened date, in order, with the whole years without any care
 * between the first and the last event (year precision) shown as "no visits".
 */
export function journeyTimeline(bake: BakedMosaic, journey: number): TimelineEntry[] {
  const a = bake.eventOffsets[journey];
  const b = bake.eventOffsets[journey + 1];
  const entries: TimelineEntry[] = [];
  let k = a;
  let previousYear: number | null = null;
  while (k < b) {
    const date = bake.eventDates[k];
    const counts = new Map<number, number>();
    const order: number[] = [];
    let attended = 0;
    for (; k < b && bake.eventDates[k] === date; k++) {
      const kind = bake.eventKinds[k];
      if (!counts.has(kind)) order.push(kind);
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      if (EVENT_KINDS[kind] !== 'missed') attended++;
    }
    const year = Math.floor(date + 1e-6);
    if (bake.precision === 'year' && previousYear !== null) {
      for (let y = previousYear + 1; y < year; y++) entries.push({ when: String(y), what: 'no visits' });
    }
    previousYear = year;
    const what = order
      .map((kind) => {
        const n = counts.get(kind)!;
        const words = KIND_WORDS[EVENT_KINDS[kind] ?? 'other'] ?? KIND_WORDS.other;
        return n === 1 ? words[0] : `${n} ${words[1]}`;
      })
      .join(', ');
    entries.push({ when: dateLabel(date, bake.precision), what: attended === 0 ? `${what}, no visits` : what });
  }
  if (entries.length > TIMELINE_MAX_ENTRIES) {
    const hidden = entries.length - TIMELINE_MAX_ENTRIES + 1;
    return [...entries.slice(0, TIMELINE_MAX_ENTRIES - 2), { when: '…', what: `${hidden} more entries` }, entries[entries.length - 1]];
  }
  return entries;
}

/** The timeline as one line: "2141: checkup · 2142: no visits · 2143: emergency visit, extraction". */
export function timelineText(entries: TimelineEntry[]): string {
  return entries.map((e) => `${e.when}: ${e.what}`).join(' · ');
}

/** Wellness (0–1) in a word. */
export function wellnessWord(w: number): string {
  if (!Number.isFinite(w)) return 'unknown';
  return w < 0.35 ? 'poor' : w < 0.55 ? 'fair' : w < 0.75 ? 'good' : 'very good';
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The derived measures of a journey as short sentences. */
export function measuresInWords(bake: BakedMosaic, journey: number): string[] {
  const m = (name: keyof BakedMosaic['measures']) => bake.measures[name][journey];
  const out: string[] = [];
  const events = Math.round(m('events'));
  const first = m('first_date');
  const last = m('last_date');
  const years = Math.max(1, Math.round(m('span_years')));
  const range =
    Number.isFinite(first) && Number.isFinite(last)
      ? Math.floor(first) === Math.floor(last)
        ? ` in ${dateLabel(first, 'year')}`
        : ` from ${dateLabel(first, 'year')} to ${dateLabel(last, 'year')}`
      : '';
  out.push(`${plural(events, 'care event', 'care events')}${range}.`);
  const wellness = m('wellness');
  out.push(`Oral health at the end: ${wellnessWord(wellness)} (${Math.round(wellness * 100)} out of 100).`);
  const vpy = m('visits_per_year');
  if (Number.isFinite(vpy) && events > 1) {
    const rounded = Math.round(vpy * 2) / 2;
    out.push(`About ${rounded === 0 ? 'less than one visit' : `${rounded} ${rounded === 1 ? 'visit' : 'visits'}`} a year over ${plural(years, 'year', 'years')}.`);
  }
  const gap = m('longest_gap_days');
  if (Number.isFinite(gap) && gap > 0) {
    const months = Math.max(1, Math.round(gap / 30.44));
    out.push(`Longest time between visits: ${months >= 24 ? `about ${Math.round(months / 12)} years` : plural(months, 'month', 'months')}.`);
  }
  const emergencies = Math.round(m('emergency_share') * events);
  if (emergencies > 0) out.push(`${plural(emergencies, 'emergency visit', 'emergency visits')}.`);
  const missed = Math.round(m('missed_share') * events);
  if (missed > 0) out.push(`${plural(missed, 'missed appointment', 'missed appointments')}.`);
  const barrier = m('barrier_share');
  if (Number.isFinite(barrier) && barrier > 0) out.push(`Cost stood in the way at ${Math.round(barrier * 10) * 10}% of the recorded visits.`);
  const p0 = m('pain_start');
  const p1 = m('pain_end');
  if (Number.isFinite(p0) && Number.isFinite(p1)) {
    out.push(Math.round(p0) === Math.round(p1) ? `Pain stayed at ${Math.round(p0)} out of 10.` : `Pain went from ${Math.round(p0)} to ${Math.round(p1)} out of 10.`);
  }
  return out;
}

export interface JourneyCard {
  journey: number;
  community: string;
  timeline: TimelineEntry[];
  measures: string[];
  /** The consented story, as plain text (shown with textContent, never as HTML), or null. */
  story: string | null;
  /** One line for a screen reader's live region when a cell is reached with the keyboard. */
  brief: string;
}

export function journeyCard(bake: BakedMosaic, journey: number): JourneyCard {
  const community = bake.communities[bake.community[journey]] ?? 'unknown';
  const timeline = journeyTimeline(bake, journey);
  const wellness = bake.measures.wellness[journey];
  const first = bake.measures.first_date[journey];
  const last = bake.measures.last_date[journey];
  const span = Number.isFinite(first) ? (Math.floor(first) === Math.floor(last) ? `${Math.floor(first)}` : `${Math.floor(first)}–${Math.floor(last)}`) : '';
  const story = Object.prototype.hasOwnProperty.call(bake.stories, journey) ? bake.stories[journey] : null;
  const brief = [
    `Journey ${journey + 1} of ${bake.journeyCount.toLocaleString('en')}`,
    community,
    span,
    `${plural(Math.round(bake.measures.events[journey]), 'event', 'events')}`,
    `oral health ${wellnessWord(wellness)}`,
    ...(story ? ['has a story'] : []),
  ]
    .filter(Boolean)
    .join(', ');
  return { journey, community, timeline, measures: measuresInWords(bake, journey), story, brief };
}
