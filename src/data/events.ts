/**
 * The canonical care-event record: one row of an installation's event log, after parsing and
 * validation. Every importer (event-log CSV/JSON, Synthea CSV, FHIR) produces these, so everything
 * downstream (journeys, bake) sees one shape. See docs/DATA.md for the file format.
 */
import type { DataFormatName } from './formats.ts';

export const EVENT_KINDS = [
  'checkup',
  'cleaning',
  'filling',
  'extraction',
  'root-canal',
  'orthodontic',
  'emergency',
  'education',
  'screening',
  'missed',
  'other',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const ACCESS_KINDS = ['clinic', 'mobile-unit', 'tele', 'nanobot', 'none'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

/**
 * Consent tiers for what a journey's card may show, lowest first (docs/PRIVACY.md):
 * glow (its cell glows; the card says only what is true of its group), card (the card shows the
 * journey), story (the card and the resident's story).
 */
export const CONSENT_TIERS = ['glow', 'card', 'story'] as const;
export type ConsentTier = (typeof CONSENT_TIERS)[number];

/** Where a record came from, so every message can name the file and line (or JSON index). */
export interface SourcePosition {
  file: string;
  /** 1-based line of the row in a text file, or 1-based record number in a JSON array / NDJSON. */
  line: number;
}

export interface CareEvent {
  journeyId: string;
  /** UTC milliseconds since the Unix epoch of the event's date. */
  time: number;
  kind: EventKind;
  community?: string;
  ageBand?: string;
  access?: AccessKind;
  costBarrier?: boolean;
  /** 0–10 */
  pain?: number;
  /** −1 to 1 */
  sentiment?: number;
  /** The `consent` column: what this row allows its journey's card to show. */
  consent?: ConsentTier;
  /** The legacy `consent_story` column: yes reads as the story tier, no as glow only. */
  consentStory?: boolean;
  story?: string;
  /** Columns beyond the canonical ones, kept as text so encodings can use them. */
  extra?: Record<string, string>;
  source: SourcePosition;
}

/** A problem with one row or record: the row is skipped (error) or kept with a fallback (warning). */
export interface RowIssue {
  severity: 'error' | 'warning';
  /** Short machine-readable category, e.g. "bad-date", "missing-journey_id", "unknown-event". */
  code: string;
  file: string;
  line: number;
  /** What was wrong and what happens now, for people. */
  message: string;
}

/**
 * How the intake is told what to read: the `data` section of an installation's config, resolved.
 * The config schema (src/config) produces objects of this shape.
 */
export interface DataSpec {
  /** Path of the data file or folder, relative to the installation folder. */
  source: string;
  /** A name from the format list (src/data/formats.ts): event-log, synthea-csv, fhir. */
  format: DataFormatName;
  /** Canonical column name → column name in the source file, when they differ. */
  columns: Record<string, string>;
  /**
   * ISO dates bounding the timelines; null means "from the data". `keep` (default
   * "journeys-with-care-inside"): only journeys with a care event inside the window are shown; "all": every one.
   */
  window: { start: string | null; end: string | null; keep?: 'journeys-with-care-inside' | 'all' };
  /** Samples per journey timeline (the GPU data texture's width per cell). */
  timelineSamples: number;
  privacy: {
    /** k: every combination of published quasi-identifiers holds at least this many journeys. */
    minCommunitySize: number;
    datePrecision: 'year' | 'month';
    /** The data is synthetic (no real residents): every journey's card may be shown. Default false. */
    synthetic?: boolean;
  };
  /**
   * Where a journey's community comes from in clinical imports: a patients.csv column (e.g.
   * "COUNTY", "CITY"), "income-band", or a FHIR Patient path such as "address.city". Null: the default.
   */
  communityFrom: string | null;
  /** The data's own codes and names → event kinds (config data.codes); absent: the built-in tables only. */
  codes?: DataCodes;
}

/** A configured SNOMED CT code: its kind, whether it marks a dental visit, and a label for people. */
export interface ConfiguredCode {
  kind: EventKind;
  visit: boolean;
  label?: string;
}

/** Config data.codes, resolved. */
export interface DataCodes {
  /** SNOMED CT code → kind (clinical imports), over the built-in table. */
  snomed: Record<string, ConfiguredCode>;
  /** An event log's own event names → kind, before the built-in names. */
  events: Record<string, EventKind>;
}

/** Push-based streaming: readers hand each parsed event or problem to a sink, so 1M rows never sit in memory twice. */
export interface EventSink {
  event(e: CareEvent): void;
  issue(i: RowIssue): void;
}

/** What a reader says about its input when it finishes, for `noctiluca inspect`. */
export interface ReaderSummary {
  /** Rows or resources read, before validation. */
  rowsRead: number;
  /** Free-form counters specific to the reader, e.g. { patients: 54, patientsWithDentalCare: 47 }. */
  counts: Record<string, number>;
  /** Keyed tallies, e.g. { "unmapped dental codes": { "1234567 Something": 3 } }. */
  tallies: Record<string, Record<string, number>>;
}

/** Every importer has this shape: read `path` (absolute), push events and issues into `sink`. */
export type EventReader = (path: string, spec: DataSpec, sink: EventSink) => Promise<ReaderSummary>;
