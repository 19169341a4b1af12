/**
 * One journey in plain words, for the viewer's card, at the tier its resident chose
 * (docs/PRIVACY.md): a glow-tier cell's card says only what is true of its group (its equivalence
 * class among glow-tier cells, at least k); a card-tier cell's card shows its short timeline at the
 * precision the bake kept and its measures; a story-tier card adds the story. Reads only the baked
 * artefact (src/bake/artefact.ts); every number is rounded further than the bake already is.
 */
import type { BakedMosaic } from '../bake/artefact.ts';
import { EVENT_KINDS } from '../data/events.ts';

/** Tier codes of the artefact (src/disclose/policy.ts). */
const TIER_GLOW = 0;
const TIER_STORY = 2;
const DAYS_PER_YEAR = 365.2425;

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

/**
 * The cost flag's share in words, as its data format defines the flag (BakedMosaic.costFlag): an
 * event log's cost_barrier says cost stood in the way; a clinical import's says only that the bill
 * was large (the payer covered less than half of it, docs/IMPORTS.md), not that care was put off.
 */
function costFlagLine(bake: BakedMosaic, share: string): string {
  return bake.costFlag === 'large-bill'
    ? `A large bill (the payer covered less than half) for ${share} of the care events with costs recorded.`
    : `Cost stood in the way at ${share} of the care events where it was recorded.`;
}

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
  // A visit is a day with attended care (src/journeys/measures.ts): a day's procedures are one visit.
  // The rate is visits over max(span, 1) years, so the count comes back from the two.
  const vpy = m('visits_per_year');
  const visits = Math.round(vpy * Math.max(1, m('span_years')));
  if (Number.isFinite(vpy) && visits > 0) {
    const count = visits === 1 ? '1 visit (a day with care)' : `${visits} visits (days with care)`;
    if (m('span_years') < 1) out.push(`${count}.`);
    else {
      const rounded = Math.round(vpy * 2) / 2;
      out.push(`${count} over ${plural(years, 'year', 'years')}: ${vpy < 1 ? 'fewer than one' : `about ${rounded}`} a year.`);
    }
  }
  // The longest gap is a whole number of periods between the coarsened dates of two visits.
  const gap = m('longest_gap_days');
  if (Number.isFinite(gap) && gap > 0) {
    if (bake.precision === 'year') {
      const apart = Math.round(gap / DAYS_PER_YEAR);
      if (apart === 1) out.push('No whole year without a visit between the first and the last.');
      else if (apart > 1) out.push(`Longest time without a visit: ${plural(apart - 1, 'whole year', 'whole years')}.`);
    } else {
      const months = Math.round(gap / (DAYS_PER_YEAR / 12));
      out.push(`Longest time between visits: ${months >= 24 ? `about ${Math.round(months / 12)} years` : `about ${plural(months, 'month', 'months')}`}.`);
    }
  }
  const emergencies = Math.round(m('emergency_share') * events);
  if (emergencies > 0) out.push(`${plural(emergencies, 'emergency visit', 'emergency visits')}.`);
  const missed = Math.round(m('missed_share') * events);
  if (missed > 0) out.push(`${plural(missed, 'missed appointment', 'missed appointments')}.`);
  const barrier = m('barrier_share');
  if (Number.isFinite(barrier) && barrier > 0) out.push(costFlagLine(bake, `${Math.round(barrier * 10) * 10}%`));
  const p0 = m('pain_start');
  const p1 = m('pain_end');
  if (Number.isFinite(p0) && Number.isFinite(p1)) {
    out.push(Math.round(p0) === Math.round(p1) ? `Pain stayed at ${Math.round(p0)} out of 10.` : `Pain went from ${Math.round(p0)} to ${Math.round(p1)} out of 10.`);
  }
  return out;
}

/** A glow-tier cell's group: the glow-tier cells that share every published field with it. */
export interface JourneyGroup {
  /** The published fields that define it, e.g. ["Ferrow Docks", "age 35-64", "access: other"]. */
  label: string[];
  /** Glow-tier cells in it (at least k in a published mosaic). */
  size: number;
  /** What is true of the group, as short sentences. */
  facts: string[];
}

export interface JourneyCard {
  journey: number;
  /** 'glow': the card speaks for the group; 'card': the journey; 'story': the journey and its story. */
  tier: 'glow' | 'card' | 'story';
  /** The installation declares its residents synthetic. */
  synthetic: boolean;
  community: string;
  /** A glow-tier cell's group, else null. */
  group: JourneyGroup | null;
  timeline: TimelineEntry[];
  measures: string[];
  /** The consented story, as plain text (shown with textContent, never as HTML), or null. */
  story: string | null;
  /** One line for a screen reader's live region when a cell is reached with the keyboard. */
  brief: string;
}

/** The published categorical fields of a mosaic, community first. */
function categoricalFields(bake: BakedMosaic): Array<{ name: string; categories: string[]; codes: Uint16Array }> {
  const out = [{ name: 'community', categories: bake.communities, codes: bake.community }];
  for (const [name, f] of Object.entries(bake.fields)) if (f.kind === 'categorical') out.push({ name, categories: f.categories, codes: f.codes });
  return out;
}

const groupsOf = new WeakMap<BakedMosaic, Map<string, number[]>>();
const groupKey = (bake: BakedMosaic, cell: number) => categoricalFields(bake).map((f) => f.codes[cell]).join(',');

/** The glow-tier cells sharing every published field with `journey` (computed once per mosaic). */
export function glowGroup(bake: BakedMosaic, journey: number): number[] {
  let groups = groupsOf.get(bake);
  if (!groups) {
    groups = new Map();
    const fields = categoricalFields(bake);
    for (let c = 0; c < bake.journeyCount; c++) {
      if (bake.tier[c] !== TIER_GLOW) continue;
      const key = fields.map((f) => f.codes[c]).join(',');
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push(c);
    }
    groupsOf.set(bake, groups);
  }
  return groups.get(groupKey(bake, journey)) ?? [];
}

const FIELD_LABEL: Record<string, (v: string) => string> = {
  age_band: (v) => (v === 'other' ? 'any age' : `age ${v}`),
  access: (v) => (v === 'other' ? 'any access' : `access: ${v}`),
};

/** What is true of a glow-tier cell's group, from the group's published values (all at least k cells). */
export function groupFacts(bake: BakedMosaic, cells: readonly number[]): string[] {
  const mean = (m: keyof BakedMosaic['measures']) => {
    let s = 0;
    let n = 0;
    for (const c of cells) {
      const v = bake.measures[m][c];
      if (Number.isFinite(v)) (s += v), n++;
    }
    return n ? s / n : NaN;
  };
  const c0 = cells[0];
  const out: string[] = [];
  // Timing measures of a glow-tier cell are its group's already (medians and means).
  const first = bake.measures.first_date[c0];
  const last = bake.measures.last_date[c0];
  if (Number.isFinite(first) && Number.isFinite(last)) {
    out.push(
      Math.floor(first) === Math.floor(last)
        ? `Their care typically falls in ${dateLabel(first, bake.precision)}.`
        : `Their care typically runs from ${dateLabel(first, bake.precision)} to ${dateLabel(last, bake.precision)}.`,
    );
  }
  const vpy = bake.measures.visits_per_year[c0];
  if (Number.isFinite(vpy)) out.push(`About ${Math.round(vpy * 2) / 2} visits a year on average.`);
  const wellness = mean('wellness');
  out.push(`Oral health at the end: ${wellnessWord(wellness)} on average (${Math.round(wellness * 100)} out of 100).`);
  const emergency = mean('emergency_share');
  if (Math.round(emergency * 100) > 0) out.push(`About ${Math.round(emergency * 100)}% of their care events were emergencies.`);
  const barrier = mean('barrier_share');
  if (Number.isFinite(barrier) && Math.round(barrier * 10) > 0) out.push(costFlagLine(bake, `about ${Math.round(barrier * 10) * 10}%`));
  return out;
}

export function journeyCard(bake: BakedMosaic, journey: number): JourneyCard {
  const community = bake.communities[bake.community[journey]] ?? 'unknown';
  const synthetic = bake.privacy.synthetic;
  const tierCode = bake.tier[journey] ?? TIER_GLOW;
  if (tierCode === TIER_GLOW) {
    const cells = glowGroup(bake, journey);
    const label = categoricalFields(bake).map((f) => (FIELD_LABEL[f.name] ?? ((v: string) => `${f.name}: ${v}`))(f.categories[f.codes[journey]] ?? 'unknown'));
    label[0] = community;
    const group: JourneyGroup = { label, size: cells.length, facts: groupFacts(bake, cells) };
    const brief = [`Journey ${journey + 1} of ${bake.journeyCount.toLocaleString('en')}`, community, `glows with its group of ${cells.length.toLocaleString('en')}`].join(', ');
    return { journey, tier: 'glow', synthetic, community, group, timeline: [], measures: group.facts, story: null, brief };
  }
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
  const tier = tierCode >= TIER_STORY && story ? 'story' : 'card';
  return { journey, tier, synthetic, community, group: null, timeline, measures: measuresInWords(bake, journey), story: tier === 'story' ? story : null, brief };
}
