/**
 * The fields an encoding maps, in words a resident reads: what each derived measure is called and
 * how one of its values is said ("62 out of 100", "18%", "1.4 visits a year"). The legend and the
 * accessible description read these; a measure added to MEASURES must be given words here (the
 * type says so). Fields beyond these (extra data columns) are said by their name and plain numbers.
 */
import type { MeasureName } from '../bake/artefact.ts';

export interface FieldWords {
  /** What the field is called in a sentence: "oral health". */
  words: string;
  /** One value, said: "62 out of 100". */
  say(v: number): string;
}

const round = (v: number) => Math.round(v).toLocaleString('en');
const one = (v: number) => (Math.abs(v) >= 10 ? round(v) : (Math.round(v * 10) / 10).toLocaleString('en'));
const percent = (v: number) => `${Math.round(v * 100)}%`;
const plural = (n: number, one: string, many: string) => `${round(n)} ${Math.round(n) === 1 ? one : many}`;

export const FIELD_WORDS: Record<MeasureName | 'community', FieldWords> = {
  wellness: { words: 'oral health', say: (v) => `${Math.round(v * 100)} out of 100` },
  visits_per_year: { words: 'visits per year', say: (v) => `${one(v)} ${Math.abs(v - 1) < 0.05 ? 'visit' : 'visits'} a year` },
  emergency_share: { words: 'share of emergency visits', say: percent },
  missed_share: { words: 'share of missed appointments', say: percent },
  barrier_share: { words: 'how often cost stood in the way', say: percent },
  longest_gap_days: {
    words: 'longest time between visits',
    say: (v) => (v < 60 ? plural(v, 'day', 'days') : v < 730 ? plural(v / 30.44, 'month', 'months') : `${one(v / 365.25)} years`),
  },
  events: { words: 'number of care events', say: (v) => plural(v, 'care event', 'care events') },
  span_years: { words: 'length of the journey', say: (v) => `${one(v)} ${Math.abs(v - 1) < 0.05 ? 'year' : 'years'}` },
  first_date: { words: 'year of the first visit', say: (v) => String(Math.floor(v)) },
  last_date: { words: 'year of the last visit', say: (v) => String(Math.floor(v)) },
  pain_start: { words: 'pain at the start', say: (v) => `${one(v)} out of 10` },
  pain_end: { words: 'pain at the end', say: (v) => `${one(v)} out of 10` },
  pain_trend: {
    words: 'how pain changed',
    say: (v) => (Math.abs(v) < 0.05 ? 'pain steady' : `pain ${v < 0 ? 'easing' : 'rising'} ${one(Math.abs(v))} ${Math.abs(Math.abs(v) - 1) < 0.05 ? 'point' : 'points'} a year`),
  },
  community: { words: 'community', say: (v) => String(v) },
};

/** The field's words, or its own name (underscores as spaces) for an extra data column. */
function known(field: string): FieldWords | undefined {
  return Object.hasOwn(FIELD_WORDS, field) ? (FIELD_WORDS as Record<string, FieldWords>)[field] : undefined;
}

export function fieldWords(field: string): string {
  return known(field)?.words ?? field.replace(/_/g, ' ');
}

/** A value of the field, said; a category is said as it is. */
export function sayValue(field: string, datum: number | string): string {
  if (typeof datum === 'string') return datum;
  if (!Number.isFinite(datum)) return 'no value';
  const f = known(field);
  return f ? f.say(datum) : one(datum);
}
