/**
 * The baked mosaic: the compact, anonymised artefact that the renderer loads. It is the ONLY form
 * in which journey data leaves the artist's machine, and it holds only what the disclosure stage
 * (src/disclose/) lets through and docs/PRIVACY.md promises: no journey ids (a journey is its index
 * in a secret order), nothing finer than the declared date precision, every combination of
 * published fields held by at least k journeys, per-cell detail only at the tier each resident chose,
 * and free text only where a row consented to its story.
 *
 * Per-journey data is column-oriented typed arrays so that it transfers from a worker without copies
 * and feeds GPU attributes directly.
 */

/** Names of the derived per-journey measures (docs/DATA.md defines each). */
export const MEASURES = [
  'events',
  'first_date',
  'last_date',
  'span_years',
  'visits_per_year',
  'longest_gap_days',
  'emergency_share',
  'missed_share',
  'barrier_share',
  'pain_start',
  'pain_end',
  'pain_trend',
  'wellness',
] as const;
export type MeasureName = (typeof MEASURES)[number];

/** What a cost flag records (BakedMosaic.costFlag). */
export type CostFlag = 'barrier' | 'large-bill';

/** Version of the artefact's content (2: disclosure control, consent tiers). */
export const BAKE_VERSION = 2;

export interface BakedMosaic {
  format: 'noctiluca-bake';
  version: typeof BAKE_VERSION;
  /** Installation folder name. */
  installation: string;
  journeyCount: number;
  /** Time window the timelines cover, as coarsened decimal years (e.g. 2140, 2146). */
  window: { start: number; end: number };
  /** Date precision kept: 'year' (default) or 'month'. */
  precision: 'year' | 'month';
  /** The guarantee the artefact was made to (docs/PRIVACY.md): k, and whether the data is declared synthetic. */
  privacy: { k: number; synthetic: boolean };
  /**
   * What the events' cost flag (barrier_share) records, as the data format declares it
   * (src/data/formats.ts): 'barrier', cost stood in the way (an event log's cost_barrier column);
   * 'large-bill', the payer covered less than half of the bill (the clinical imports' proxy). The
   * card says which.
   */
  costFlag: CostFlag;
  /**
   * Per journey: its consent tier, 0 glow (the card says only what is true of its group), 1 card,
   * 2 card and story (src/disclose/policy.ts). A glow-tier cell's timing measures, timeline and
   * (empty) event list are its group's.
   */
  tier: Uint8Array;
  /** Community names after k-anonymity merging; index into this from `community`. */
  communities: string[];
  /** Per journey: index into `communities`. */
  community: Uint16Array;
  /**
   * Per journey derived measures (NaN where undefined, e.g. pain_start with no pain recorded), all
   * computed from coarsened dates (first/last date are decimal years on the precision grid).
   */
  measures: Record<MeasureName, Float32Array>;
  /**
   * Extra categorical or numeric fields kept for encodings (e.g. age_band, access of the last
   * event). Categorical fields are codes into `categories[name]`.
   */
  fields: Record<string, { kind: 'numeric'; values: Float32Array } | { kind: 'categorical'; categories: string[]; codes: Uint16Array }>;
  /** Samples per journey in `timeline`. */
  timelineSamples: number;
  /**
   * journeyCount × timelineSamples × 2 bytes: (activity, wellness) per sample, 0–255.
   * Activity is care events in that slice of the window (a flash); wellness a smoothed 0–1 level.
   */
  timeline: Uint8Array;
  /**
   * The journey as a coarse event list for the viewer's card: events of journey i are
   * eventKinds[eventOffsets[i] .. eventOffsets[i+1]) with their coarsened dates in eventDates, kinds
   * sorted within a date. Empty for glow-tier journeys.
   */
  eventOffsets: Uint32Array;
  eventDates: Float32Array;
  eventKinds: Uint8Array;
  /** Stories of story-tier journeys, each exactly as its consenting row gave it: journey index → text. */
  stories: Record<number, string>;
  /** What the bake skipped or changed, for the page's message area and stats(). */
  report: BakeReport;
}

/**
 * The per-journey columns an encoding and a layout read: what the pipeline worker keeps of a bake,
 * and what the codec's column sections hold (they come first in the file, so they can be read alone).
 */
export type BakeColumns = Pick<BakedMosaic, 'journeyCount' | 'communities' | 'community' | 'measures' | 'fields'>;

export interface BakeReport {
  rowsRead: number;
  rowsSkipped: number;
  /** Human summary, e.g. "12 rows skipped: 9 bad dates (lines 4, 19, …), 3 missing journey_id". */
  summary: string;
  warnings: string[];
  /** Communities merged into "other" because they had fewer than k journeys. */
  mergedCommunities: number;
}
