/**
 * A resident's contribution: their own oral-health journey in their own words, as the form sends
 * it and the server stores it. Browser-safe: the form and the server validate with the same schema.
 *
 * Nothing here asks who someone is or where they live: no name, no address, no exact date. Care is
 * given by year, the community and age band are chosen from the installation's published lists
 * (held to k like every other resident's), pain is two numbers, and the only free text is the optional story, which a moderator
 * reads before anything is published.
 */
import { z } from 'zod';
import { CONSENT_TIERS, EVENT_KINDS, type CareEvent, type ConsentTier, type EventKind } from '../data/events.ts';

/** The consent tiers a resident chooses from, lowest first: the data's own (docs/PRIVACY.md). */
export const TIERS = CONSENT_TIERS;
export type Tier = ConsentTier;

/** Each tier in plain words, for the form and the moderator's page. */
export const TIER_WORDS: Record<Tier, { title: string; detail: string }> = {
  glow: { title: 'Glow only', detail: 'Your journey lights a cell. Its card speaks only for a group of residents like you, never for you alone.' },
  card: { title: 'Anonymised card', detail: 'Your cell\'s card shows your years and kinds of care, rounded to the year. No story.' },
  story: { title: 'Card with story', detail: 'The card, and your story as a moderator approves it.' },
};

/** The kinds of care a resident can name, in plain words (the form's order). */
export const CARE_WORDS: Record<EventKind, string> = {
  checkup: 'Checkup',
  cleaning: 'Cleaning',
  filling: 'Filling',
  extraction: 'Tooth taken out',
  'root-canal': 'Root canal',
  orthodontic: 'Braces or aligners',
  emergency: 'Emergency visit',
  education: 'Learning about care',
  screening: 'Screening',
  missed: 'Missed appointment',
  other: 'Other care',
};

export const LIMITS = {
  /** Years a journey may name. */
  years: 40,
  /** Visits of one kind in one year. */
  perKind: 12,
  /** Care events in all. */
  events: 200,
  /** Characters of the story (the same limit as the data intake's). */
  story: 1000,
  /** Bytes of a submitted body. */
  bodyBytes: 16_384,
} as const;

/** What the installation publishes, which bounds what a contribution may say. */
export interface ContributionContext {
  installation: string;
  /** First and last year of the installation's timeline. */
  years: [number, number];
  /** The published community names a resident may pick (or none). */
  communities: string[];
  /** The published age bands (or none). */
  ageBands: string[];
}

const careSchema = z
  .strictObject(Object.fromEntries(EVENT_KINDS.map((k) => [k, z.number().int().min(0).max(LIMITS.perKind).optional()])) as Record<EventKind, z.ZodOptional<z.ZodNumber>>)
  .describe('visits by kind');

/** Story text as stored: NFC, newlines as \n, no control characters, trimmed. */
export function cleanStory(s: string): string {
  return s
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();
}

/** The schema of a contribution for one installation. */
export function contributionSchema(ctx: ContributionContext) {
  const [from, to] = ctx.years;
  // A published list is a choice the resident must make: their cell sits among its community's and
  // age band's, and a journey without one would join a tiny "unknown" that the disclosure stage can
  // hold to k only by merging a whole community or age band of other residents into "other"
  // (previewGuard.ts). An installation without the list takes null.
  const oneOf = (list: string[], what: string) => {
    const expected = `expected one of the installation's ${what} (${list.slice(0, 6).map((x) => JSON.stringify(x)).join(', ')}${list.length > 6 ? ', …' : ''})`;
    return list.length
      ? z
          .string({ message: expected })
          .max(200)
          .refine((v) => list.includes(v), { message: expected })
      : z.null({ message: `this installation has no ${what}; expected null` });
  };
  return z
    .strictObject({
      installation: z.literal(ctx.installation, { message: `expected "${ctx.installation}"` }),
      tier: z.enum(TIERS, { message: 'expected "glow", "card" or "story"' }),
      community: oneOf(ctx.communities, 'communities'),
      ageBand: oneOf(ctx.ageBands, 'age bands'),
      years: z
        .array(z.strictObject({ year: z.number().int().min(from, `expected a year from ${from} to ${to}`).max(to, `expected a year from ${from} to ${to}`), care: careSchema }))
        .min(1, 'expected at least one year of care')
        .max(LIMITS.years, `expected at most ${LIMITS.years} years`),
      pain: z.strictObject({ before: z.number().int().min(0).max(10), after: z.number().int().min(0).max(10) }).nullable(),
      story: z.string().max(LIMITS.story * 4, `expected at most ${LIMITS.story} characters`).nullable(),
    })
    .superRefine((c, ctx2) => {
      const seen = new Set<number>();
      let events = 0;
      c.years.forEach((y, i) => {
        if (seen.has(y.year)) ctx2.addIssue({ code: 'custom', path: ['years', i, 'year'], message: `${y.year} is named twice; give each year once` });
        seen.add(y.year);
        const n = Object.values(y.care).reduce((a: number, b) => a + (b ?? 0), 0);
        if (n === 0) ctx2.addIssue({ code: 'custom', path: ['years', i, 'care'], message: `expected at least one kind of care in ${y.year}` });
        events += n;
      });
      if (events > LIMITS.events) ctx2.addIssue({ code: 'custom', path: ['years'], message: `expected at most ${LIMITS.events} visits in all (there are ${events})` });
      const story = c.story === null ? '' : cleanStory(c.story);
      if (story.length > LIMITS.story) ctx2.addIssue({ code: 'custom', path: ['story'], message: `expected at most ${LIMITS.story} characters (there are ${story.length})` });
      if (c.tier === 'story' && !story) ctx2.addIssue({ code: 'custom', path: ['story'], message: 'the "card with story" choice needs a story; write one, or choose another option' });
      if (c.tier !== 'story' && story) ctx2.addIssue({ code: 'custom', path: ['story'], message: 'a story is shown only with the "card with story" choice; choose it, or leave the story empty' });
    })
    .transform((c) => ({ ...c, story: c.tier === 'story' && c.story !== null ? cleanStory(c.story) : null }));
}

export type Contribution = z.output<ReturnType<typeof contributionSchema>>;

/** A contribution's journey without its tier and story (what the database keeps as `journey`). */
export type ContributionJourney = Pick<Contribution, 'community' | 'ageBand' | 'years' | 'pain'>;

/** Zod's issues as lines that name the JSON path: "years[0].year: expected a year from 2138 to 2146". */
export function issueLines(error: z.ZodError): string[] {
  return error.issues.slice(0, 20).map((i) => {
    const path = i.path.map((p, k) => (typeof p === 'number' ? `[${p}]` : `${k ? '.' : ''}${String(p)}`)).join('');
    return path ? `${path}: ${i.message}` : i.message;
  });
}

const MS_PER_DAY = 86_400_000;

/**
 * The contribution as care events, the form every other journey takes on its way into the bake
 * (one bake, one disclosure stage). The journey id is the contribution's own random id (never
 * published: the disclosure stage keys the order from it). A year's visits are spread across
 * that year (the disclosure stage publishes years and places flashes at keyed moments, so the day
 * says nothing); pain "before" goes on the first visit, "after" on the last.
 */
export function contributionEvents(id: string, c: ContributionJourney & { tier: Tier; story: string | null }): CareEvent[] {
  const events: CareEvent[] = [];
  const years = [...c.years].sort((a, b) => a.year - b.year);
  for (const y of years) {
    const kinds = EVENT_KINDS.flatMap((k) => Array.from({ length: y.care[k] ?? 0 }, () => k));
    const start = Date.UTC(y.year, 0, 1);
    const days = (Date.UTC(y.year + 1, 0, 1) - start) / MS_PER_DAY;
    kinds.forEach((kind, i) => {
      events.push({
        journeyId: `contribution-${id}`,
        time: start + Math.floor(((i + 0.5) / kinds.length) * days) * MS_PER_DAY,
        kind,
        ...(c.community ? { community: c.community } : {}),
        ...(c.ageBand ? { ageBand: c.ageBand } : {}),
        ...CONSENT_FIELDS(c.tier),
        source: { file: 'contributions', line: events.length + 1 },
      });
    });
  }
  if (c.pain && events.length) {
    events[0].pain = c.pain.before;
    events[events.length - 1].pain = c.pain.after;
  }
  if (c.tier === 'story' && c.story && events.length) events[events.length - 1].story = c.story;
  return events;
}

/** How a tier is said on a care event: the event log's `consent` column (docs/PRIVACY.md). */
const CONSENT_FIELDS = (tier: Tier): Partial<CareEvent> => ({ consent: tier });
