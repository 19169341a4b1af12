/**
 * The bake: streamed care events → BakedMosaic (src/bake/artefact.ts). Runs in Node (the keyed
 * randomness uses node:crypto). Three stages, one way:
 * - journeys: events go into a compact JourneyStore as they arrive (story text only from rows that
 *   consented to it); `finish()` groups them by journey and picks each journey's latest community,
 *   age band, access, extras and consent;
 * - disclosure control (src/disclose/, docs/PRIVACY.md): secret order, k over the combination of
 *   published fields, coarsened dates and placements, consent tiers;
 * - the artefact: typed arrays and the report.
 */
import { ACCESS_KINDS, type CareEvent, type DataSpec, type EventSink, type RowIssue } from '../data/events';
import { dataFormat } from '../data/formats';
import { DataError, IssueTally } from '../data/messages';
import { parseIsoDate, parseNumber } from '../data/values';
import { discloseJourneys, type JourneyTable } from '../disclose/disclose';
import { OTHER_GROUP } from '../disclose/generalise';
import { TIER_GLOW } from '../disclose/policy';
import { createSecret } from '../disclose/secret';
import { JourneyStore } from '../journeys/store';
import { ceilToPrecision, coarsenTime, floorToPrecision } from '../journeys/time';
import { journeysInWindow } from '../journeys/window';
import { BAKE_VERSION, MEASURES, type BakedMosaic, type BakeReport } from './artefact';

export { OTHER_GROUP };

/** Journeys without a community (or field) value are grouped under this name, which is held to k like any other. */
export const UNKNOWN_GROUP = 'unknown';

/** What the bake saw, before privacy rules: for `noctiluca inspect` on the artist's own machine only. */
export interface BakeStats {
  rowsRead: number;
  events: number;
  journeys: number;
  rowsSkipped: number;
  warnings: number;
  /** Exact earliest / latest event time (UTC ms), NaN when no events. */
  minTime: number;
  maxTime: number;
  /** Journeys per community before k-merging (by each journey's latest community), of those the window keeps. */
  communityJourneys: Map<string, number>;
  /** Journeys left out for having no care inside the window (data.window.keep); filled by finish(). */
  outsideWindow?: number;
  /**
   * The ids of the journeys the mosaic shows, in the order the disclosure stage numbers them (store
   * order, without those left out by the window); filled by finish(). For locating a journey's cell on
   * the artist's machine (src/node/bake.ts); never in the artefact.
   */
  shownIds?: readonly string[];
}

export interface Baker extends EventSink {
  /** Derive and anonymise. `rowsRead` (from the reader summary) defaults to events + skipped rows. */
  finish(opts?: { rowsRead?: number }): BakedMosaic;
  /** Counts so far; communityJourneys is filled by finish(). */
  stats(): BakeStats;
  /**
   * A baker that has seen every event and issue this one has (a copy): events added to it, and its
   * finish(), leave this one as it is. The contributions' server reads the installation's data once
   * and bakes each publication from a fork of it with the contributions added: the same events in
   * the same order, so the same bake as reading the data again.
   */
  fork(): Baker;
}

function windowOf(spec: DataSpec, store: JourneyStore): { start: number; end: number } {
  return bakeWindow(spec, store.minTime, store.maxTime);
}

/**
 * The window a bake uses (UTC ms, [start, end)): data.window, or the data's first and last event
 * (`minTime`, `maxTime`), widened to whole periods. The privacy report (src/node/privacy.ts) keeps the
 * same journeys with it.
 */
export function bakeWindow(spec: DataSpec, minTime: number, maxTime: number): { start: number; end: number } {
  const parse = (v: string | null, key: 'start' | 'end'): number => {
    if (v === null || v === undefined || v === '') return NaN;
    const t = parseIsoDate(v);
    if (Number.isNaN(t)) throw new DataError(`data.window.${key}: "${v}" is not an ISO 8601 date (YYYY-MM-DD)`);
    return t;
  };
  const p = spec.privacy.datePrecision;
  const s = parse(spec.window?.start ?? null, 'start');
  const e = parse(spec.window?.end ?? null, 'end');
  if (!Number.isNaN(s) && !Number.isNaN(e) && e <= s) {
    throw new DataError(`data.window: end "${spec.window.end}" is not after start "${spec.window.start}"`);
  }
  const rawStart = Number.isNaN(s) ? minTime : s;
  const rawEnd = Number.isNaN(e) ? maxTime : e;
  if (!Number.isFinite(rawStart) || !Number.isFinite(rawEnd)) {
    const now = Date.UTC(2000, 0, 1);
    return { start: now, end: ceilToPrecision(now, p) };
  }
  const start = floorToPrecision(rawStart, p);
  // The window ends at a year/month boundary: a configured end on a boundary is kept, anything else rounds up.
  let end = !Number.isNaN(e) && floorToPrecision(rawEnd, p) === rawEnd ? rawEnd : ceilToPrecision(rawEnd, p);
  if (end <= start) end = ceilToPrecision(start, p);
  return { start, end };
}

export interface BakerOptions {
  /**
   * The installation's secret (src/disclose/secret.ts), which keys every permutation and placement.
   * Without one the baker makes a fresh random secret: fine for a one-off, but two bakes then differ.
   */
  secret?: string;
}

/** Create a streaming baker for one installation's data. */
export function createBaker(spec: DataSpec, installationName: string, options: BakerOptions = {}): Baker {
  return bakerOver(spec, installationName, options.secret ?? createSecret(), new JourneyStore(), new IssueTally());
}

function bakerOver(spec: DataSpec, installationName: string, secret: string, store: JourneyStore, tally: IssueTally): Baker {
  const communityJourneys = new Map<string, number>();
  let outsideWindow = 0;
  let shownIds: readonly string[] = [];

  return {
    event(e: CareEvent) {
      store.add(e);
    },
    issue(i: RowIssue) {
      tally.add(i);
    },
    fork() {
      return bakerOver(spec, installationName, secret, store.clone(), tally.clone());
    },
    stats() {
      return {
        rowsRead: store.count + tally.errors,
        events: store.count,
        journeys: store.journeyCount,
        rowsSkipped: tally.errors,
        warnings: tally.warnings,
        minTime: store.count ? store.minTime : NaN,
        maxTime: store.count ? store.maxTime : NaN,
        communityJourneys,
        outsideWindow,
        shownIds,
      };
    },
    finish(opts = {}) {
      const precision = spec.privacy.datePrecision === 'month' ? 'month' : 'year';
      const k = Math.max(1, spec.privacy.minCommunitySize ?? 11);
      const synthetic = spec.privacy.synthetic === true;
      const S = Math.max(1, Math.floor(spec.timelineSamples || 64));
      const win = windowOf(spec, store);
      const warnings = tally.phrases('warning');
      // Stage: the window's journeys (data.window.keep): a journey without care inside it is left out.
      const grouped = { ids: store.idList, ...store.groupByJourney() };
      const inWindow = spec.window?.keep === 'all' ? { ...grouped, left: 0 } : journeysInWindow(grouped, store.time.data, win.start, win.end);
      const { ids, order, offsets } = inWindow;
      outsideWindow = inWindow.left;
      shownIds = ids;
      if (inWindow.left > 0) {
        const years = `${coarsenTime(win.start, precision)} … ${coarsenTime(win.end, precision)}`;
        warnings.push(`${inWindow.left} ${inWindow.left === 1 ? 'journey has' : 'journeys have'} no care inside the window (${years}) and ${inWindow.left === 1 ? 'is' : 'are'} left out (data.window.keep: "all" keeps ${inWindow.left === 1 ? 'it' : 'them'})`);
      }
      const J = ids.length;

      // Stage: journeys. Each journey's latest non-empty value of every column, by time.
      const lastCode = (col: ArrayLike<number>, j: number): number => {
        for (let q = offsets[j + 1]; q-- > offsets[j]; ) {
          const i = order[q];
          const c = i < col.length ? col[i] : 0;
          if (c !== 0) return c;
        }
        return 0;
      };
      const quasiIdentifiers: JourneyTable['quasiIdentifiers'] = [];
      const numeric: JourneyTable['numeric'] = [];
      const perJourney = (value: (j: number) => string | undefined) => {
        const values = new Array<string>(J);
        let any = false;
        for (let j = 0; j < J; j++) {
          const v = value(j);
          if (v !== undefined) any = true;
          values[j] = v ?? UNKNOWN_GROUP;
        }
        return any ? values : null;
      };
      const communities = perJourney((j) => {
        const c = lastCode(store.community.data, j);
        return c ? store.communities.values[c] : undefined;
      }) ?? new Array<string>(J).fill(UNKNOWN_GROUP);
      communityJourneys.clear();
      for (const name of communities) communityJourneys.set(name, (communityJourneys.get(name) ?? 0) + 1);
      quasiIdentifiers.push({ name: 'community', values: communities, missing: UNKNOWN_GROUP });
      const categorical = (name: string, value: (j: number) => string | undefined) => {
        const values = perJourney(value);
        if (values) quasiIdentifiers.push({ name, values, missing: UNKNOWN_GROUP });
      };
      categorical('age_band', (j) => {
        const c = lastCode(store.ageBand.data, j);
        return c ? store.ageBands.values[c] : undefined;
      });
      categorical('access', (j) => {
        const c = lastCode(store.access.data, j);
        return c ? ACCESS_KINDS[c - 1] : undefined;
      });
      const reserved = new Set<string>([...MEASURES, 'community', 'age_band', 'access', 'story', 'consent', 'consent_story', 'tier']);
      for (const [name, x] of store.extras) {
        if (reserved.has(name)) {
          warnings.push(`extra column "${name}" has the name of a derived measure or built-in field; not kept`);
          continue;
        }
        const parsed = x.dict.values.map((v, c) => (c === 0 ? NaN : (parseNumber(v) ?? NaN)));
        const isNumeric = x.dict.values.length > 1 && parsed.every((v, c) => c === 0 || Number.isFinite(v));
        if (isNumeric) {
          const values = new Float32Array(J);
          let any = false;
          for (let j = 0; j < J; j++) {
            const c = lastCode(x.codes.data, j);
            values[j] = c ? parsed[c] : NaN;
            any ||= c !== 0;
          }
          if (any) numeric.push({ name, values });
        } else {
          categorical(name, (j) => {
            const c = lastCode(x.codes.data, j);
            return c ? x.dict.values[c] : undefined;
          });
        }
      }
      // Consent: the journey's latest answer (a later "no" withdraws an earlier "yes"); its latest consented story.
      const tier = new Uint8Array(J);
      const story = new Array<string | undefined>(J);
      for (let j = 0; j < J; j++) {
        const c = lastCode(store.consent.data, j);
        tier[j] = c ? c - 1 : TIER_GLOW;
        const s = lastCode(store.story.data, j);
        story[j] = s ? store.stories[s - 1] : undefined;
      }

      // Stage: disclosure control.
      const cells = discloseJourneys(
        {
          ids,
          order,
          offsets,
          time: store.time.data,
          kind: store.kind.data,
          pain: store.pain.data,
          sentiment: store.sentiment.data,
          flags: store.flags.data,
          tier,
          story,
          quasiIdentifiers,
          numeric,
          minTime: store.minTime,
          maxTime: store.maxTime,
        },
        { k, precision, synthetic, secret, window: win, samples: S },
      );

      // Stage: the artefact.
      const [community, ...others] = cells.fields;
      const fields: BakedMosaic['fields'] = Object.create(null); // names come from the data: no prototype to set
      const mergeNote = (f: (typeof cells.fields)[number], one: string, many: string) => {
        const n = (x: number) => `${x} ${x === 1 ? one : many}`;
        const small = f.merged - f.absorbed;
        const parts = [];
        if (small > 0) parts.push(`${n(small)} with fewer than ${k} journeys merged into "${OTHER_GROUP}"`);
        if (f.absorbed > 0) parts.push(`${n(f.absorbed)} merged into "${OTHER_GROUP}" too, so that it holds at least ${k}`);
        return parts.join('; ');
      };
      for (const f of others) {
        fields[f.name] = { kind: 'categorical', categories: f.categories, codes: f.codes };
        const note = mergeNote(f, 'value', 'values');
        if (note) warnings.push(`field ${f.name}: ${note}`);
        if (f.withheld > 0) warnings.push(`field ${f.name}: shown as "${OTHER_GROUP}" for ${f.withheld} ${f.withheld === 1 ? 'journey' : 'journeys'}, so that every combination of fields holds at least ${k}`);
      }
      for (const [name, values] of Object.entries(cells.numeric)) fields[name] = { kind: 'numeric', values };
      const mergedNote = mergeNote(community, 'community', 'communities');
      if (mergedNote) warnings.push(mergedNote);
      if (!cells.ok) warnings.push(`only ${J} journeys (or fewer than ${k} without card consent): too few to hold k = ${k}; this mosaic cannot be published`);
      const rowsRead = opts.rowsRead ?? store.count + tally.errors;
      let summary = tally.summary(rowsRead);
      if (mergedNote) summary += `; ${mergedNote}`;
      const report: BakeReport = { rowsRead, rowsSkipped: tally.errors, summary, warnings, mergedCommunities: community.merged };
      return {
        format: 'noctiluca-bake',
        version: BAKE_VERSION,
        installation: installationName,
        journeyCount: J,
        window: { start: coarsenTime(win.start, precision), end: coarsenTime(win.end, precision) },
        precision,
        privacy: { k, synthetic },
        costFlag: dataFormat(spec.format)?.costFlag ?? 'barrier',
        tier: cells.tier,
        communities: community.categories,
        community: community.codes,
        measures: cells.measures,
        fields,
        timelineSamples: S,
        timeline: cells.timeline,
        eventOffsets: cells.eventOffsets,
        eventDates: cells.eventDates,
        eventKinds: cells.eventKinds,
        stories: cells.stories,
        report,
      };
    },
  };
}
