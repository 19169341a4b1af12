/**
 * The disclosure policy in one place: the consent tiers, and which published measures say *when*
 * care happened (quasi-identifiers: a neighbour may know a few years of someone's care) as opposed
 * to *what* it was like (sensitive values, which only a resident's own cell carries). docs/PRIVACY.md
 * explains both; the disclosure stage and the risk report read them from here.
 */
import type { MeasureName } from '../bake/artefact';
import { CONSENT_TIERS, type ConsentTier } from '../data/events';

/**
 * Consent tiers, lowest first; the index is the code the artefact publishes per cell:
 * - glow: the journey lights a cell; its card says only what is true of its group.
 * - card: the card shows the journey itself (kinds of care by year, measures in words).
 * - story: the card and the resident's own consented story.
 */
export const TIERS = CONSENT_TIERS;
export type Tier = ConsentTier;
export const TIER_GLOW = 0;
export const TIER_CARD = 1;
export const TIER_STORY = 2;

/**
 * Measures that locate care in time. For a glow-tier cell they are its group's values, never its
 * own; for every cell they are computed from coarsened dates only.
 */
export const TIMING_MEASURES = ['first_date', 'last_date', 'span_years', 'visits_per_year', 'longest_gap_days', 'pain_trend'] as const satisfies readonly MeasureName[];

/** Measures of what care was like: each cell's own, at every tier (no neighbour knows them). */
export const SENSITIVE_MEASURES = ['events', 'emergency_share', 'missed_share', 'barrier_share', 'pain_start', 'pain_end', 'wellness'] as const satisfies readonly MeasureName[];

/** Below this k the report refuses to call real (not synthetic) data publishable (config lint warns at the same bound). */
export const MIN_PUBLISHABLE_K = 5;
