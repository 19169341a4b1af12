/**
 * Seeded generator of the sample event logs the shipped installations run on. The data is synthetic
 * but tells each installation's story, so the mosaic shows it: Harmonia's quantum care network fails
 * in the festival season and its lower-income neighbourhoods go dark, then recover; at the Oral
 * Symphony, nanobot care reaches the Smile Architects' clinics years before the Oral Reservations and
 * the Dental Liberation Squares. See docs/SAMPLE-DATA.md.
 *
 * Usage:
 *   npx tsx scripts/generate-sample-data.ts [harmonia|oral-symphony|starter|all] [--seed N] [--journeys N]
 *   npx tsx scripts/generate-sample-data.ts --events 1000000 --out /tmp/big.csv [--seed N]
 *   add --inject-errors to append a handful of malformed rows (for intake tests)
 *
 * Same seed, same bytes: every journey draws from its own sub-stream of the seed, so journeys can be
 * generated one at a time and streamed, and no clock or locale is consulted.
 */

import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';
import type { AccessKind, EventKind } from '../src/data/events.ts';
import { Rng, hash32, mixSeed } from './lib/prng.ts';
import { CANONICAL_COLUMNS } from '../src/data/eventLog.ts';

// ─── Spec types ──────────────────────────────────────────────────────────────

export type InstallationName = 'harmonia' | 'oral-symphony' | 'starter';
export const INSTALLATION_NAMES: readonly InstallationName[] = ['harmonia', 'oral-symphony', 'starter'];

export type Tier = 'affluent' | 'lower';

/** When and how far nanobot care reaches a community: share of visits rises linearly from `from` to `full`. */
export interface NanobotRollout {
  from: string;
  full: string;
  maxShare: number;
}

export interface CommunitySpec {
  name: string;
  tier: Tier;
  /** Relative share of the journeys. */
  weight: number;
  /** A fixed journey count instead of a share (the tiny community that k-anonymity merges). */
  fixedCount?: number;
  nanobot?: NanobotRollout;
  /** Overrides of the tier's care profile (how often, by what access, at what cost). */
  profile?: Partial<TierProfile>;
  /** Extra weight for some event kinds (e.g. education where the community organises). */
  kindBoost?: Partial<Record<EventKind, number>>;
}

/** A care-network failure: lower-income journeys in `tiers` miss their care from start to end, then recover. */
export interface OutageSpec {
  start: string;
  end: string;
  tiers: readonly Tier[];
  /** Days after `end` during which care comes by mobile unit and pain eases. */
  recoveryDays: number;
}

export interface InstallationSpec {
  name: InstallationName;
  /** Journey ids look like `${idPrefix}-7f3a91c2`. */
  idPrefix: string;
  defaultSeed: number;
  defaultJourneys: number;
  window: { start: string; end: string };
  communities: readonly CommunitySpec[];
  outage?: OutageSpec;
  /** Whether stories are the example-data bank (starter) or the festival bank. */
  exampleStories?: boolean;
}

/** One row of the event log, as written (columns of docs/DATA.md, in order). */
export interface SampleRow {
  journey_id: string;
  date: string;
  event: string;
  community: string;
  age_band: string;
  access: string;
  cost_barrier: string;
  pain: string;
  sentiment: string;
  consent: string;
  story: string;
}

/** The canonical event-log columns (src/data/eventLog.ts), in that order, without the legacy `consent_story`. */
export const COLUMNS = CANONICAL_COLUMNS.filter((c): c is keyof SampleRow => c !== 'consent_story');

/**
 * Shares of journeys at each consent tier (docs/PRIVACY.md): most residents let their journey glow;
 * fewer agree to a card, fewer still to their story.
 */
export const CONSENT_MIX = { story: 0.1, card: 0.2 } as const;

export interface GenerateOptions {
  seed?: number;
  journeys?: number;
  /** Stop after exactly this many event rows (the benchmark file); journeys are sized to reach it. */
  events?: number;
  /** Append a few malformed rows (bad date, missing journey_id, pain 14, non-numeric sentiment). */
  injectErrors?: boolean;
}

// ─── The installations ───────────────────────────────────────────────────────

export const HARMONIA_OUTAGE: OutageSpec = {
  start: '2142-06-01',
  end: '2143-09-30',
  tiers: ['lower'],
  recoveryDays: 365,
};

export const INSTALLATIONS: Record<InstallationName, InstallationSpec> = {
  harmonia: {
    name: 'harmonia',
    idPrefix: 'hm',
    defaultSeed: 2138,
    defaultJourneys: 3000,
    window: { start: '2138-01-01', end: '2146-12-31' },
    communities: [
      ...(
        [
          ['Lantern Quay', 12],
          ['Aurora Heights', 10],
          ['Glasswing Terrace', 8],
          ['Café Row', 7],
        ] as const
      ).map(
        ([name, weight]): CommunitySpec => ({
          name,
          tier: 'affluent',
          weight,
          nanobot: { from: '2145-01-01', full: '2146-12-31', maxShare: 0.2 },
        }),
      ),
      ...(
        [
          ['Saltmarsh Flats', 14],
          ['Tidewater Yards', 13],
          ['Kelp Market', 11],
          ['Ferrow Docks', 10],
          ['Sørhavn', 9],
        ] as const
      ).map(([name, weight]): CommunitySpec => ({ name, tier: 'lower', weight })),
      // Below k = 11 on purpose: the k-anonymity merge folds it into "other".
      { name: 'Brinehollow', tier: 'lower', weight: 0, fixedCount: 7 },
    ],
    outage: HARMONIA_OUTAGE,
  },
  'oral-symphony': {
    name: 'oral-symphony',
    idPrefix: 'os',
    defaultSeed: 2140,
    defaultJourneys: 2400,
    window: { start: '2140-01-01', end: '2147-12-31' },
    communities: [
      ...['Crescent', 'Meridian', 'Ivory Terrace'].map(
        (n, i): CommunitySpec => ({
          name: `Smile Architects — ${n}`,
          tier: 'affluent',
          weight: [10, 9, 7][i],
          nanobot: { from: '2143-01-01', full: '2145-06-30', maxShare: 0.65 },
          profile: { interval: [110, 200], costBarrier: 0.01, missed: 0.01 },
        }),
      ),
      ...['North Fork', 'Red Cedar', 'Stillwater'].map(
        (n, i): CommunitySpec => ({
          name: `Oral Reservation — ${n}`,
          tier: 'lower',
          weight: [9, 8, 7][i],
          nanobot: { from: '2145-09-01', full: '2147-12-31', maxShare: 0.18 },
          // Remote: long gaps between visits, care by van and screen as often as by chair.
          profile: { interval: [230, 380], access: { clinic: 34, 'mobile-unit': 36, tele: 30 }, costBarrier: 0.35, missed: 0.1 },
        }),
      ),
      ...['Union', 'Ñandú Gate', 'Old Tannery'].map(
        (n, i): CommunitySpec => ({
          name: `Dental Liberation Square — ${n}`,
          tier: 'lower',
          weight: [9, 8, 7][i],
          nanobot: { from: '2144-09-01', full: '2147-06-30', maxShare: 0.3 },
          // Organised: people teach and screen each other in the squares, though cost still bites.
          profile: { access: { clinic: 48, 'mobile-unit': 32, tele: 20 }, costBarrier: 0.4 },
          kindBoost: { education: 10, screening: 6 },
        }),
      ),
    ],
  },
  starter: {
    name: 'starter',
    idPrefix: 'ex',
    defaultSeed: 1,
    defaultJourneys: 40,
    window: { start: '2140-01-01', end: '2142-12-31' },
    communities: [
      { name: 'Example Town A', tier: 'affluent', weight: 1 },
      { name: 'Example Town B', tier: 'lower', weight: 1 },
    ],
    exampleStories: true,
  },
};

// ─── Dates as day numbers ────────────────────────────────────────────────────

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC) of an ISO date. */
export function dayOf(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** Formats day numbers as ISO dates through a per-window cache (millions of rows, one Date per day). */
class DateFormatter {
  private readonly cache: string[] = [];
  constructor(private readonly base: number) {}
  iso(day: number): string {
    const i = day - this.base;
    let s = this.cache[i];
    if (s === undefined) {
      s = new Date(day * DAY_MS).toISOString().slice(0, 10);
      if (i >= 0) this.cache[i] = s;
    }
    return s;
  }
}

// ─── Care profiles ───────────────────────────────────────────────────────────

const AGE_BANDS = { '0-17': 20, '18-34': 22, '35-54': 26, '55-74': 22, '75+': 10 } as const;
type AgeBand = keyof typeof AGE_BANDS;

export interface TierProfile {
  /** Days between scheduled visits. */
  interval: [number, number];
  access: Partial<Record<AccessKind, number>>;
  costBarrier: number;
  /** Share of ordinary appointments missed. */
  missed: number;
  basePain: [number, number];
}

const TIERS: Record<Tier, TierProfile> = {
  affluent: {
    interval: [130, 230],
    access: { clinic: 84, tele: 11, 'mobile-unit': 5 },
    costBarrier: 0.03,
    missed: 0.02,
    basePain: [0, 2],
  },
  lower: {
    interval: [170, 300],
    access: { clinic: 58, 'mobile-unit': 26, tele: 16 },
    costBarrier: 0.3,
    missed: 0.07,
    basePain: [1, 3],
  },
};

function visitKinds(age: AgeBand): Partial<Record<EventKind, number>> {
  const young = age === '0-17';
  const old = age === '55-74' || age === '75+';
  return {
    checkup: 30,
    cleaning: 24,
    filling: young ? 8 : 13,
    screening: 8,
    education: young ? 10 : 5,
    extraction: old ? 8 : 3,
    'root-canal': old ? 6 : 3,
    orthodontic: young ? 12 : age === '18-34' ? 3 : 0.5,
    emergency: 2,
    other: 2,
  };
}

// ─── Stories ─────────────────────────────────────────────────────────────────

type StoryMoment = 'routine' | 'missed' | 'emergency' | 'recovery' | 'nanobot';

const NAMES = ['Søren', 'Zoë', 'José', 'Amara', 'Ilse', 'Tomás', 'Nguyễn', 'Reuben', 'Chiamaka', 'Dr. Okafor', 'Mireille'];

const STORIES: Record<StoryMoment, readonly string[]> = {
  routine: [
    'I brought my grandson to his first checkup, and he asked for the light to stay on.',
    '{name} at the front desk remembered my name, which made the drill feel less loud.',
    'The hygienist said my gums were "boringly healthy," and I have never been so pleased.',
    'I sat in the chair by the window in {community} and watched the festival lanterns go up.',
    'Nothing hurt today. I walked home the long way, along the water.',
    'They showed me how to brush properly, again, and this time I listened.',
    'My daughter held my hand the whole time, even though it was only a cleaning.',
  ],
  missed: [
    'The network went dark and the nearest chair was two ferries away, so I waited.',
    'I called three times; each time the line said "care unavailable in your area."',
    'I chewed on the left side for months, and I stopped smiling in photos.',
    'The clinic in {community} had a paper sign on the door: "Closed until the network returns."',
    'We could not afford the crossing to the other side, not with rent due.',
    'My tooth ached through the whole festival; the lights looked far away.',
    '{name} told me to rinse with salt water, and I did, for weeks.',
  ],
  emergency: [
    'By the time I got a chair, the tooth could not be saved.',
    'I went in at night, holding my jaw, and {name} stayed late to see me.',
    'The pain had a colour by then, and it was not a kind one.',
    'They said, "you should have come sooner," and I said, "there was nowhere to come."',
    'My son carried me to the mobile unit at the edge of {community}.',
  ],
  recovery: [
    'The mobile unit parked by the market, and half the street queued with me.',
    'When the van came back to {community}, we brought it tea.',
    '{name} fitted my new crown and said, "welcome back," which made me cry a little.',
    'The pain is going, slowly, like a tide going out.',
    'I smiled at the bus driver today, on purpose.',
  ],
  nanobot: [
    'The nanobots hummed for a minute, and then my tooth was simply whole.',
    'I did not feel a thing; {name} said the swarm did the filling while we talked.',
    'My first nanobot visit: strange, quick, and I could eat lunch straight after.',
    'They said nanobot care had finally reached {community}, and I was third in line.',
  ],
};

const EXAMPLE_STORIES: readonly string[] = [
  'This is an example story, written for the starter installation.',
  'Example: "the checkup was quick," said nobody real.',
  'An example sentence, with a comma, to show how stories look.',
];

const STORY_CHANCE: Record<StoryMoment, number> = {
  routine: 0.025,
  missed: 0.07,
  emergency: 0.2,
  recovery: 0.06,
  nanobot: 0.1,
};

// ─── Journey generation ──────────────────────────────────────────────────────

interface Prepared {
  spec: InstallationSpec;
  seed: number;
  start: number;
  end: number;
  outage?: { start: number; end: number; tiers: readonly Tier[]; recoveryEnd: number };
  nanobot: ({ from: number; full: number; maxShare: number } | undefined)[];
  dates: DateFormatter;
}

function prepare(spec: InstallationSpec, seed: number): Prepared {
  const start = dayOf(spec.window.start);
  const end = dayOf(spec.window.end);
  return {
    spec,
    seed,
    start,
    end,
    outage: spec.outage && {
      start: dayOf(spec.outage.start),
      end: dayOf(spec.outage.end),
      tiers: spec.outage.tiers,
      recoveryEnd: dayOf(spec.outage.end) + spec.outage.recoveryDays,
    },
    nanobot: spec.communities.map(
      (c) => c.nanobot && { from: dayOf(c.nanobot.from), full: dayOf(c.nanobot.full), maxShare: c.nanobot.maxShare },
    ),
    dates: new DateFormatter(start - 400),
  };
}

/** Journey counts per community: fixed counts first, the rest shared by weight (largest remainders). */
export function communityCounts(spec: InstallationSpec, journeys: number): number[] {
  const fixed = spec.communities.reduce((s, c) => s + (c.fixedCount ?? 0), 0);
  const rest = Math.max(0, journeys - fixed);
  const totalWeight = spec.communities.reduce((s, c) => s + (c.fixedCount === undefined ? c.weight : 0), 0);
  const exact = spec.communities.map((c) => (c.fixedCount === undefined ? (rest * c.weight) / totalWeight : 0));
  const counts = spec.communities.map((c, i) => c.fixedCount ?? Math.floor(exact[i]));
  let left = journeys - counts.reduce((s, n) => s + n, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0 && k < order.length; k++, left--) counts[order[k].i]++;
  return counts;
}

function journeyId(p: Prepared, index: number): string {
  return `${p.spec.idPrefix}-${hash32((index ^ hash32(p.seed ^ 0x5eed)) >>> 0)
    .toString(16)
    .padStart(8, '0')}`;
}

function sentimentText(v: number): string {
  const s = Math.max(-1, Math.min(1, v)).toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

function clampPain(v: number): number {
  return Math.max(0, Math.min(10, Math.round(v)));
}

/** All event rows of one journey, in date order. */
function generateJourney(p: Prepared, index: number, id: string, communityIndex: number): SampleRow[] {
  const rng = new Rng(mixSeed(p.seed, index + 1));
  const community = p.spec.communities[communityIndex];
  const tier: TierProfile = { ...TIERS[community.tier], ...community.profile };
  const nanobot = p.nanobot[communityIndex];
  const outage = p.outage && p.outage.tiers.includes(community.tier) ? p.outage : undefined;
  const age = rng.weighted<AgeBand>(AGE_BANDS);
  const kinds = visitKinds(age);
  for (const [k, w] of Object.entries(community.kindBoost ?? {}) as [EventKind, number][]) kinds[k] = (kinds[k] ?? 0) + w;
  // One draw, so the rest of the journey's stream is the same whatever the mix.
  const draw = rng.next();
  const consent = draw < CONSENT_MIX.story ? 'story' : draw < CONSENT_MIX.story + CONSENT_MIX.card ? 'card' : 'glow';
  const target = rng.int(6, 12);
  const span = p.end - p.start;
  // Journeys start up to three years before the window (their early care is not written) and up to
  // two years before its end, so every year of the window is about equally lit.
  let day = p.start + rng.int(-1100, span - 700);
  // Care rows count towards the target; rows missed in the outage come on top, so cut-off journeys
  // live on to show the recovery. Every journey writes at least three rows.
  let careRows = 0;
  let pain = rng.int(tier.basePain[0], tier.basePain[1]);
  let missedInOutage = 0;
  let emergencyDue = false;
  const rows: SampleRow[] = [];

  const push = (kind: EventKind, access: AccessKind, costBarrier: boolean, painValue: number | null, moment: StoryMoment) => {
    if (moment !== 'missed') careRows++;
    let sentiment = 0.45 - (painValue ?? pain) * 0.08 + rng.gauss(0.15);
    if (costBarrier) sentiment -= 0.2;
    if (kind === 'missed') sentiment -= 0.3;
    if (kind === 'emergency') sentiment -= 0.15;
    if (access === 'nanobot') sentiment += 0.25;
    let story = '';
    if (rng.chance(p.spec.exampleStories ? 0.05 : STORY_CHANCE[moment])) {
      const template = p.spec.exampleStories ? rng.pick(EXAMPLE_STORIES) : rng.pick(STORIES[moment]);
      story = template.replace('{name}', rng.pick(NAMES)).replace('{community}', community.name);
    }
    // Care before the window counts towards the target (it happened) but is not written.
    if (day < p.start) return;
    rows.push({
      journey_id: id,
      date: p.dates.iso(day),
      event: kind,
      community: community.name,
      age_band: age,
      access,
      cost_barrier: costBarrier ? 'true' : 'false',
      pain: painValue === null ? '' : String(painValue),
      sentiment: sentimentText(sentiment),
      consent,
      story,
    });
  };

  while ((careRows < target || rows.length < 3) && day <= p.end) {
    const inOutage = outage !== undefined && day >= outage.start && day <= outage.end;
    const inRecovery = outage !== undefined && day > outage.end && day <= outage.recoveryEnd;

    if (inOutage) {
      // The network is down: appointments are missed, pain climbs, cost becomes the barrier.
      if (rng.chance(0.9)) {
        missedInOutage++;
        pain = clampPain(pain + rng.range(0.8, 2));
        push('missed', 'none', rng.chance(0.9), pain, 'missed');
      } else {
        pain = clampPain(pain + rng.range(0, 1));
        push(rng.chance(0.5) ? 'emergency' : 'checkup', 'tele', rng.chance(0.7), pain, 'missed');
      }
      const next = day + rng.int(75, 140);
      if (next > outage.end && missedInOutage > 0) {
        // Right after the network returns, the pain that built up arrives as emergencies.
        day = outage.end + rng.int(3, 70);
        emergencyDue = true;
      } else day = next;
      continue;
    }

    if (emergencyDue) {
      emergencyDue = false;
      const kind: EventKind = pain >= 5 || rng.chance(0.5) ? 'emergency' : rng.pick(['extraction', 'root-canal'] as const);
      push(kind, rng.chance(0.6) ? 'mobile-unit' : 'clinic', rng.chance(0.6), pain, 'emergency');
      pain = clampPain(pain - rng.range(1, 3));
      day += rng.int(30, 90);
      continue;
    }

    // An ordinary appointment (or, in recovery, one from the mobile unit).
    const nanobotShare =
      nanobot && day >= nanobot.from ? nanobot.maxShare * Math.min(1, (day - nanobot.from) / Math.max(1, nanobot.full - nanobot.from)) : 0;
    let access: AccessKind;
    if (rng.chance(nanobotShare)) access = 'nanobot';
    else if (inRecovery && rng.chance(0.7)) access = 'mobile-unit';
    else access = rng.weighted(tier.access);
    const costBarrier = rng.chance(inRecovery ? 0.5 : tier.costBarrier);

    if (rng.chance(tier.missed + (costBarrier ? 0.08 : 0))) {
      push('missed', 'none', costBarrier, null, 'routine');
    } else {
      const kind = rng.weighted(kinds);
      if (kind === 'emergency') pain = clampPain(pain + rng.range(2, 5));
      const recordPain = kind !== 'checkup' && kind !== 'cleaning' ? true : rng.chance(0.5);
      const moment: StoryMoment = access === 'nanobot' ? 'nanobot' : inRecovery ? 'recovery' : 'routine';
      push(kind, access, costBarrier, recordPain ? pain : null, moment);
      // Care eases pain: quickly in recovery or with nanobots, gently otherwise.
      const ease = access === 'nanobot' ? 3 : inRecovery ? rng.range(1, 2.5) : rng.range(0, 1.5);
      pain = clampPain(Math.max(tier.basePain[0], pain - ease));
    }
    const interval = rng.int(tier.interval[0], tier.interval[1]);
    // Intervals are shorter than the outage, so an affected journey always lands inside it rather than skipping it.
    day += inRecovery ? Math.round(interval * 0.6) : interval;
  }
  return rows;
}

interface JourneySlot {
  id: string;
  index: number;
  community: number;
}

/** Every journey's id and community, sorted by id so rows come out sorted by journey then date. */
function journeySlots(p: Prepared, journeys: number): JourneySlot[] {
  const counts = communityCounts(p.spec, journeys);
  const slots: JourneySlot[] = [];
  let index = 0;
  counts.forEach((n, community) => {
    for (let k = 0; k < n; k++, index++) slots.push({ id: journeyId(p, index), index, community });
  });
  slots.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return slots;
}

/** Mean rows per journey, measured on this generator; sizes the journey count for `--events`. */
const MEAN_ROWS_PER_JOURNEY = 9;

/** The malformed rows `--inject-errors` adds, one per kind of problem the intake must report. */
function errorRows(p: Prepared): SampleRow[] {
  const base: SampleRow = {
    journey_id: `${p.spec.idPrefix}-badrow01`,
    date: p.dates.iso(p.start + 400),
    event: 'checkup',
    community: p.spec.communities[0].name,
    age_band: '35-54',
    access: 'clinic',
    cost_barrier: 'false',
    pain: '2',
    sentiment: '0.20',
    consent: 'glow',
    story: '',
  };
  return [
    { ...base, date: '2141-13-45' },
    { ...base, journey_id: '' },
    { ...base, journey_id: `${p.spec.idPrefix}-badrow02`, pain: '14' },
    { ...base, journey_id: `${p.spec.idPrefix}-badrow03`, sentiment: 'very happy' },
    { ...base, journey_id: `${p.spec.idPrefix}-badrow04`, date: 'yesterday' },
  ];
}

/**
 * Generates an installation's rows lazily, sorted by journey then date. With `events`, stops after
 * exactly that many rows.
 */
export function* generateRows(name: InstallationName, opts: GenerateOptions = {}): Generator<SampleRow> {
  const spec = INSTALLATIONS[name];
  const p = prepare(spec, opts.seed ?? spec.defaultSeed);
  const journeys =
    opts.events !== undefined ? Math.ceil((opts.events / MEAN_ROWS_PER_JOURNEY) * 1.1) + 10 : opts.journeys ?? spec.defaultJourneys;
  const limit = opts.events ?? Infinity;
  const slots = journeySlots(p, journeys);
  const errors = opts.injectErrors ? errorRows(p) : [];
  // Malformed rows go between journeys, spread through the file.
  const errorAt = new Map(errors.map((row, k) => [Math.floor(((k + 1) * slots.length) / (errors.length + 1)), row]));
  let written = 0;
  for (let s = 0; s < slots.length && written < limit; s++) {
    const bad = errorAt.get(s);
    if (bad) yield bad;
    const slot = slots[s];
    for (const row of generateJourney(p, slot.index, slot.id, slot.community)) {
      if (written >= limit) return;
      written++;
      yield row;
    }
  }
}

/** All rows of an installation, in memory (tests, small files). */
export function generateInstallation(name: InstallationName, opts: GenerateOptions = {}): SampleRow[] {
  return Array.from(generateRows(name, opts));
}

// ─── CSV ─────────────────────────────────────────────────────────────────────

const NEEDS_QUOTES = /[",\n\r]|^\s|\s$/;

function csvField(v: string): string {
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvHeader(): string {
  return COLUMNS.join(',') + '\n';
}

/** One CSV line; unrolled over COLUMNS because the benchmark file formats a million of them. */
export function csvLine(r: SampleRow): string {
  return (
    `${csvField(r.journey_id)},${csvField(r.date)},${csvField(r.event)},${csvField(r.community)},` +
    `${csvField(r.age_band)},${csvField(r.access)},${csvField(r.cost_barrier)},${csvField(r.pain)},` +
    `${csvField(r.sentiment)},${csvField(r.consent)},${csvField(r.story)}\n`
  );
}

/** The whole CSV as one string (small installations and tests). */
export function toCsv(rows: Iterable<SampleRow>): string {
  let out = csvHeader();
  for (const row of rows) out += csvLine(row);
  return out;
}

/** Streams an installation's CSV into `out` in ~64 KB chunks, honouring backpressure. Resolves with the row count. */
export async function writeInstallation(name: InstallationName, opts: GenerateOptions, out: Writable): Promise<number> {
  let chunk = csvHeader();
  let rows = 0;
  for (const row of generateRows(name, opts)) {
    chunk += csvLine(row);
    rows++;
    if (chunk.length >= 65_536) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  if (chunk.length > 0 && !out.write(chunk)) await once(out, 'drain');
  return rows;
}

/** Writes to a file path (creating its folder), closing it before resolving. */
export async function writeInstallationFile(name: InstallationName, opts: GenerateOptions, path: string): Promise<number> {
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path, { encoding: 'utf8' });
  const rows = await writeInstallation(name, opts, out);
  out.end();
  await once(out, 'finish');
  return rows;
}

// ─── CLI ─────────────────────────────────────────────────────────────────────

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where an installation's committed sample data lives. */
export function installationCsvPath(name: InstallationName): string {
  return resolve(ROOT, 'installations', name, 'journeys.csv');
}

interface CliArgs {
  target: InstallationName | 'all';
  seed?: number;
  journeys?: number;
  events?: number;
  out?: string;
  injectErrors: boolean;
}

function fail(message: string): never {
  process.stderr.write(`generate-sample-data: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { target: 'all', injectErrors: false };
  const int = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < 0) fail(`${flag} expects a non-negative integer, got "${v ?? ''}".`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seed') args.seed = int(a, argv[++i]);
    else if (a === '--journeys') args.journeys = int(a, argv[++i]);
    else if (a === '--events') args.events = int(a, argv[++i]);
    else if (a === '--out') args.out = argv[++i] ?? fail('--out expects a file path.');
    else if (a === '--inject-errors') args.injectErrors = true;
    else if (a === 'all' || (INSTALLATION_NAMES as readonly string[]).includes(a)) args.target = a as CliArgs['target'];
    else fail(`unknown argument "${a}"; expected ${INSTALLATION_NAMES.join('|')}|all, --seed N, --journeys N, --events N, --out FILE, --inject-errors.`);
  }
  if (args.events !== undefined && args.target === 'all') args.target = 'harmonia';
  if (args.events !== undefined && args.out === undefined) fail('--events needs --out FILE (the benchmark file is not committed).');
  if (args.out !== undefined && args.target === 'all') fail('--out needs one installation, not "all".');
  return args;
}

async function main(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv);
  const targets = args.target === 'all' ? INSTALLATION_NAMES : [args.target];
  for (const name of targets) {
    const path = args.out !== undefined ? resolve(args.out) : installationCsvPath(name);
    const t0 = performance.now();
    const rows = await writeInstallationFile(
      name,
      { seed: args.seed, journeys: args.journeys, events: args.events, injectErrors: args.injectErrors },
      path,
    );
    const ms = Math.round(performance.now() - t0);
    process.stdout.write(`generate-sample-data: ${name}: ${rows} rows → ${path} (${ms} ms)\n`);
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
}
