/**
 * A BASELINE, NOT PRODUCT CODE: the bake as it was before disclosure control (main at 76a234c,
 * codec version 1), kept only so `bench/intake.ts` can time today's bake against it in the same run.
 * It does everything that bake did (field-wise k merging, exact measures and timelines, event
 * lists, an order by a public salt) and nothing the disclosure stage adds. Never use its output.
 */
import { ACCESS_KINDS, type CareEvent, type DataSpec, type EventSink, type RowIssue } from '../../src/data/events';
import { DataError, IssueTally } from '../../src/data/messages';
import { parseIsoDate, parseNumber } from '../../src/data/values';
import { hash53, PUBLIC_ORDER_SALT_V1 } from '../../src/disclose/hash';
import { computeMeasures, markVisits, type JourneyEvents } from '../../src/journeys/measures';
import { FLAG_BARRIER, FLAG_BARRIER_KNOWN, JourneyStore } from '../../src/journeys/store';
import { ceilToPrecision, Coarsener, coarsenTime, floorToPrecision } from '../../src/journeys/time';
import { writeTimeline } from '../../src/journeys/timeline';
import { BAKE_VERSION, MEASURES, type BakedMosaic, type BakeReport, type MeasureName } from '../../src/bake/artefact';

function journeyOrder(ids: readonly string[]): Uint32Array {
  const keys = ids.map((id) => hash53(PUBLIC_ORDER_SALT_V1 + id));
  const order = Array.from({ length: ids.length }, (_, i) => i);
  order.sort((a, b) => keys[a] - keys[b] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  return Uint32Array.from(order);
}

export const OTHER_GROUP = 'other';

/**
 * k-anonymous grouping: values held by fewer than `k` journeys merge into "other" (as does a value
 * literally named "other"). `exempt` (the "unknown" group, which names no place) is never merged. Returns the kept names (sorted, "other" last if used), the code of each
 * input value, and how many distinct values were merged.
 */
export function mergeSmallGroups(
  counts: Map<string, number>,
  k: number,
  exempt?: string,
): { names: string[]; codeOf: Map<string, number>; merged: number } {
  const kept: string[] = [];
  let merged = 0;
  let needOther = false;
  for (const [name, c] of counts) {
    if (c <= 0) continue;
    if (name === OTHER_GROUP) needOther = true;
    else if (c >= k || name === exempt) kept.push(name);
    else {
      merged++;
      needOther = true;
    }
  }
  kept.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const names = needOther ? [...kept, OTHER_GROUP] : kept;
  const codeOf = new Map<string, number>();
  kept.forEach((name, i) => codeOf.set(name, i));
  const other = names.length - 1;
  for (const [name, c] of counts) if (c > 0 && !codeOf.has(name)) codeOf.set(name, other);
  return { names, codeOf, merged };
}

/** Journeys without a community (or field) value are grouped under this name; it names no place, so it is never k-merged. */
const UNKNOWN_GROUP = 'unknown';

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
  /** Journeys per community before k-merging (by each journey's latest community). */
  communityJourneys: Map<string, number>;
}

export interface Baker extends EventSink {
  /** Derive and anonymise. `rowsRead` (from the reader summary) defaults to events + skipped rows. */
  finish(opts?: { rowsRead?: number }): BakedMosaic;
  /** Counts so far; communityJourneys is filled by finish(). */
  stats(): BakeStats;
}

function windowOf(spec: DataSpec, store: JourneyStore): { start: number; end: number } {
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
  const rawStart = Number.isNaN(s) ? store.minTime : s;
  const rawEnd = Number.isNaN(e) ? store.maxTime : e;
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

/** The baseline baker (see the file comment). */
export function createBakerV1(spec: DataSpec, installationName: string): Baker {
  const store = new JourneyStore();
  const tally = new IssueTally();
  const communityJourneys = new Map<string, number>();

  return {
    event(e: CareEvent) {
      store.add(e);
    },
    issue(i: RowIssue) {
      tally.add(i);
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
      };
    },
    finish(opts = {}) {
      const precision = spec.privacy.datePrecision === 'month' ? 'month' : 'year';
      const k = Math.max(1, spec.privacy.minCommunitySize ?? 11);
      const S = Math.max(1, Math.floor(spec.timelineSamples || 64));
      const win = windowOf(spec, store);
      const J = store.journeyCount;
      const N = store.count;
      const outOf = journeyOrder(store.idList); // output index → store index
      const { order, offsets } = store.groupByJourney();

      // Stage: per-journey categorical values (latest non-empty by time) and consented stories.
      const t = store.time.data;
      const lastCode = (col: ArrayLike<number>, j: number): number => {
        for (let q = offsets[j + 1]; q-- > offsets[j]; ) {
          const i = order[q];
          const c = i < col.length ? col[i] : 0;
          if (c !== 0) return c;
        }
        return 0;
      };
      const communityNameOf = new Array<string>(J);
      communityJourneys.clear();
      for (let j = 0; j < J; j++) {
        const c = lastCode(store.community.data, j);
        const name = c ? store.communities.values[c] : UNKNOWN_GROUP;
        communityNameOf[j] = name;
        communityJourneys.set(name, (communityJourneys.get(name) ?? 0) + 1);
      }
      const groups = mergeSmallGroups(communityJourneys, k, UNKNOWN_GROUP);
      const warnings = tally.phrases('warning');
      const mergedNote =
        groups.merged > 0
          ? `${groups.merged} ${groups.merged === 1 ? 'community' : 'communities'} with fewer than ${k} journeys merged into "${OTHER_GROUP}"`
          : '';
      if (mergedNote) warnings.push(mergedNote);

      // Stage: fields (age_band, access, extra columns): the journey's latest non-empty value.
      const fields: BakedMosaic['fields'] = {};
      const categorical = (name: string, perJourney: (j: number) => string | undefined) => {
        const vals = new Array<string>(J);
        const counts = new Map<string, number>();
        let any = false;
        for (let j = 0; j < J; j++) {
          const v = perJourney(j);
          if (v !== undefined) any = true;
          const key = v ?? UNKNOWN_GROUP;
          vals[j] = key;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        if (!any) return;
        const g = mergeSmallGroups(counts, k, UNKNOWN_GROUP);
        const codes = new Uint16Array(J);
        for (let oi = 0; oi < J; oi++) codes[oi] = g.codeOf.get(vals[outOf[oi]])!;
        fields[name] = { kind: 'categorical', categories: g.names, codes };
        if (g.merged > 0) warnings.push(`field ${name}: ${g.merged} ${g.merged === 1 ? 'value' : 'values'} held by fewer than ${k} journeys merged into "${OTHER_GROUP}"`);
      };
      categorical('age_band', (j) => {
        const c = lastCode(store.ageBand.data, j);
        return c ? store.ageBands.values[c] : undefined;
      });
      categorical('access', (j) => {
        const c = lastCode(store.access.data, j);
        return c ? ACCESS_KINDS[c - 1] : undefined;
      });
      const reserved = new Set<string>([...MEASURES, 'community', 'age_band', 'access', 'story', 'consent_story']);
      for (const [name, x] of store.extras) {
        if (reserved.has(name)) {
          warnings.push(`extra column "${name}" has the name of a derived measure or built-in field; not kept`);
          continue;
        }
        const parsed = x.dict.values.map((v, c) => (c === 0 ? NaN : (parseNumber(v) ?? NaN)));
        const numeric = x.dict.values.length > 1 && parsed.every((v, c) => c === 0 || Number.isFinite(v));
        if (numeric) {
          const values = new Float32Array(J);
          let any = false;
          for (let oi = 0; oi < J; oi++) {
            const c = lastCode(x.codes.data, outOf[oi]);
            values[oi] = c ? parsed[c] : NaN;
            any ||= c !== 0;
          }
          if (any) fields[name] = { kind: 'numeric', values };
        } else {
          categorical(name, (j) => {
            const c = lastCode(x.codes.data, j);
            return c ? x.dict.values[c] : undefined;
          });
        }
      }

      // Stage: measures, timelines, event lists, stories, in output order.
      const measures = {} as Record<MeasureName, Float32Array>;
      for (const m of MEASURES) measures[m] = new Float32Array(J);
      const community = new Uint16Array(J);
      const timeline = new Uint8Array(J * S * 2);
      const eventOffsets = new Uint32Array(J + 1);
      const eventDates = new Float32Array(N);
      const eventKinds = new Uint8Array(N);
      const stories: Record<number, string> = {};
      let maxLen = 0;
      for (let j = 0; j < J; j++) maxLen = Math.max(maxLen, offsets[j + 1] - offsets[j]);
      const scratch: JourneyEvents = {
        n: 0,
        time: new Float64Array(maxLen),
        kind: new Uint8Array(maxLen),
        pain: new Float32Array(maxLen),
        sentiment: new Float32Array(maxLen),
        barrier: new Int8Array(maxLen),
        visit: new Uint8Array(maxLen),
      };
      const flags = store.flags.data;
      const coarse = new Coarsener(precision, store.minTime, store.maxTime);
      let e = 0;
      for (let oi = 0; oi < J; oi++) {
        const j = outOf[oi];
        const a = offsets[j];
        const n = offsets[j + 1] - a;
        scratch.n = n;
        let consent = false;
        let storyRef = 0;
        eventOffsets[oi] = e;
        for (let q = 0; q < n; q++) {
          const i = order[a + q];
          scratch.time[q] = t[i];
          scratch.kind[q] = store.kind.data[i];
          scratch.pain[q] = store.pain.data[i];
          scratch.sentiment[q] = store.sentiment.data[i];
          const f = flags[i];
          scratch.barrier[q] = f & FLAG_BARRIER_KNOWN ? (f & FLAG_BARRIER ? 1 : 0) : -1;
          if (store.consent.data[i]) consent = store.consent.data[i] === 3;
          if (store.story.data[i]) storyRef = store.story.data[i];
          eventDates[e] = coarse.coarsen(t[i]);
          eventKinds[e] = store.kind.data[i];
          e++;
        }
        markVisits(n, scratch.time, scratch.kind, scratch.visit);
        const m = computeMeasures(scratch);
        for (const name of MEASURES) measures[name][oi] = m[name];
        measures.first_date[oi] = coarse.coarsen(m.first_date);
        measures.last_date[oi] = coarse.coarsen(m.last_date);
        writeTimeline(scratch, win.start, win.end, S, timeline, oi * S * 2);
        community[oi] = groups.codeOf.get(communityNameOf[j])!;
        // A story is kept when its row consented and the journey's latest consent answer is still yes.
        if (storyRef && consent) stories[oi] = store.stories[storyRef - 1];
      }
      eventOffsets[J] = e;

      const rowsRead = opts.rowsRead ?? store.count + tally.errors;
      let summary = tally.summary(rowsRead);
      if (mergedNote) summary += `; ${mergedNote}`;
      const report: BakeReport = {
        rowsRead,
        rowsSkipped: tally.errors,
        summary,
        warnings,
        mergedCommunities: groups.merged,
      };
      return {
        format: 'noctiluca-bake',
        version: BAKE_VERSION,
        privacy: { k, synthetic: false },
        costFlag: 'barrier',
        tier: new Uint8Array(J),
        installation: installationName,
        journeyCount: J,
        window: { start: coarsenTime(win.start, precision), end: coarsenTime(win.end, precision) },
        precision,
        communities: groups.names,
        community,
        measures,
        fields,
        timelineSamples: S,
        timeline,
        eventOffsets,
        eventDates,
        eventKinds,
        stories,
        report,
      };
    },
  };
}
