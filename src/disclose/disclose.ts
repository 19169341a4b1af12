/**
 * The disclosure-control stage: journeys (exact, with ids) → cells (what may be published), between
 * the journeys stage and the artefact. docs/PRIVACY.md states what it guarantees; in order:
 *
 * 1. Order: cells are journeys in the order of their keyed value (the installation's secret).
 * 2. k over the combination of quasi-identifiers (community, age band, access, categorical extras):
 *    generalise.ts; each journey falls in an equivalence class.
 * 3. Dates: every measure is computed from coarsened dates (first/last date, span, gaps, rates,
 *    pain trend; visits are days with care, counted from the exact dates); every day's events are
 *    placed together at a keyed random moment within their period's slices, and
 *    the timeline is computed from the placed events, so no flash or wellness change sits nearer
 *    to the real date than the period.
 * 4. Tiers: a glow-tier cell keeps its own sensitive measures (oral health, emergencies, …) but its
 *    timing is its class's (microaggregation over the class's glow-tier cells, at least k): median
 *    dates, mean rates, the mean wellness curve, and per period the class's mean number of flashes
 *    (keyed rounding), placed at keyed random slices of the period. It has no event list and no story.
 *    Card-tier cells keep their own coarsened event list; story-tier cells also their story.
 *    Synthetic data: every journey is at least card tier.
 */
import type { MeasureName } from '../bake/artefact';
import { MEASURES } from '../bake/artefact';
import { computeMeasures, dayOf, markVisits, type JourneyEvents } from '../journeys/measures';
import { FLAG_BARRIER, FLAG_BARRIER_KNOWN } from '../journeys/store';
import { ceilToPrecision, Coarsener, floorToPrecision, MS_PER_YEAR, type DatePrecision } from '../journeys/time';
import { writeTimeline } from '../journeys/timeline';
import { generalise, type Generalised, type QuasiIdentifier } from './generalise';
import { periodGrid, periodIndex, type PeriodGrid } from './grid';
import { TIER_CARD, TIER_GLOW, TIER_STORY, TIMING_MEASURES } from './policy';
import { journeyWords, Keyed, orderFromWords } from './secret';

/** The journeys stage's output, as the disclosure stage reads it (journeys by store index). */
export interface JourneyTable {
  ids: readonly string[];
  /** Events of journey j are order[offsets[j] .. offsets[j + 1]), sorted by time. */
  order: Uint32Array;
  offsets: Uint32Array;
  time: Float64Array;
  kind: Uint8Array;
  pain: Float32Array;
  sentiment: Float32Array;
  /** Store flags (FLAG_BARRIER_KNOWN, FLAG_BARRIER). */
  flags: Uint8Array;
  /** Each journey's consent tier (TIER_*). */
  tier: Uint8Array;
  /** Each journey's latest story from a row that consented to it, or undefined. */
  story: ReadonlyArray<string | undefined>;
  /** Categorical quasi-identifiers, in order of importance. */
  quasiIdentifiers: QuasiIdentifier[];
  /** Numeric extra columns, NaN where absent. */
  numeric: Array<{ name: string; values: Float32Array }>;
  minTime: number;
  maxTime: number;
}

export interface DisclosurePolicy {
  k: number;
  precision: DatePrecision;
  synthetic: boolean;
  /** The installation's secret (docs/PRIVACY.md, "The secret"). */
  secret: string;
  /** Timeline window (UTC ms, on period boundaries) and samples. */
  window: { start: number; end: number };
  samples: number;
}

export interface DisclosedCells {
  /** Output index → journey (store index). Stays on the artist's machine. */
  journeyOf: Uint32Array;
  tier: Uint8Array;
  fields: Generalised['fields'];
  measures: Record<MeasureName, Float32Array>;
  numeric: Record<string, Float32Array>;
  timeline: Uint8Array;
  eventOffsets: Uint32Array;
  eventDates: Float32Array;
  eventKinds: Uint8Array;
  stories: Record<number, string>;
  /** Classes and whether every one is large enough (false only for a population smaller than k). */
  classes: number;
  ok: boolean;
}

/** Median of the finite values (a typed array's sort puts NaN last); NaN when there are none. */
const median = (xs: Float64Array): number => {
  xs.sort();
  let n = xs.length;
  while (n > 0 && Number.isNaN(xs[n - 1])) n--;
  if (!n) return NaN;
  const m = n >> 1;
  return n % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
};
const mean = (xs: Float64Array): number => {
  let s = 0;
  let n = 0;
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) (s += xs[i]), n++;
  return n ? s / n : NaN;
};

/** Median of coarsened dates, kept on the period grid. */
const medianDate = (xs: Float64Array, precision: DatePrecision) => {
  const m = median(xs);
  return precision === 'year' ? Math.floor(m) : Math.floor(m * 12 + 1e-6) / 12;
};

export function discloseJourneys(t: JourneyTable, policy: DisclosurePolicy): DisclosedCells {
  const { k, precision, synthetic } = policy;
  const J = t.ids.length;
  const N = t.order.length;
  const S = Math.max(1, Math.floor(policy.samples));
  const grid: PeriodGrid = periodGrid(policy.window.start, policy.window.end, S, precision);
  const G = grid.groupStart.length;

  // 1. Order and per-journey keyed seeds.
  const words = journeyWords(t.ids, policy.secret);
  const journeyOf = orderFromWords(words, t.ids);

  // 2. Tiers and k over the quasi-identifiers.
  const tierOf = new Uint8Array(J);
  const glow = new Uint8Array(J);
  for (let j = 0; j < J; j++) {
    tierOf[j] = synthetic ? Math.max(TIER_CARD, t.tier[j]) : t.tier[j];
    glow[j] = tierOf[j] === TIER_GLOW ? 1 : 0;
  }
  const gen: Generalised = generalise(t.quasiIdentifiers, glow, k);
  const C = gen.classKeys.length;

  // 3. Per cell: coarsened measures, placed events, timeline, event list.
  const measures = {} as Record<MeasureName, Float32Array>;
  for (const m of MEASURES) measures[m] = new Float32Array(J);
  const timeline = new Uint8Array(J * S * 2);
  const eventOffsets = new Uint32Array(J + 1);
  const eventDates = new Float32Array(N);
  const eventKinds = new Uint8Array(N);
  const tier = new Uint8Array(J);
  const stories: Record<number, string> = {};
  let maxLen = 0;
  for (let j = 0; j < J; j++) maxLen = Math.max(maxLen, t.offsets[j + 1] - t.offsets[j]);
  const scratch = (): JourneyEvents => ({
    n: 0,
    time: new Float64Array(maxLen),
    kind: new Uint8Array(maxLen),
    pain: new Float32Array(maxLen),
    sentiment: new Float32Array(maxLen),
    barrier: new Int8Array(maxLen),
    visit: new Uint8Array(maxLen),
  });
  const coarseEv = scratch();
  const placedEv = scratch();
  const placedIdx = new Uint32Array(maxLen);
  const placedAt = new Float64Array(maxLen);
  const coarseYear = new Float64Array(maxLen);
  const exactTime = new Float64Array(maxLen);
  const periodQ = new Int32Array(maxLen);
  const coarse = new Coarsener(precision, t.minTime, t.maxTime);
  // Glow-tier class sums: visits (flashes) per period group, wellness per slice, members.
  const glowMembers = new Uint32Array(C);
  const flashSum = new Float64Array(C * G);
  const wellSum = new Float64Array(C * S);
  const flags = t.flags;
  // Journeys are visited in store order (their events lie together in memory) and written to their
  // output place; the card-tier event lists, in output order, get their offsets first.
  const outOf = new Uint32Array(J);
  for (let oi = 0; oi < J; oi++) outOf[journeyOf[oi]] = oi;
  for (let oi = 0; oi < J; oi++) {
    const j = journeyOf[oi];
    eventOffsets[oi + 1] = eventOffsets[oi] + (tierOf[j] === TIER_GLOW ? 0 : t.offsets[j + 1] - t.offsets[j]);
  }
  // mulberry32 (src/layout/random.ts) with its state here, reseeded per journey: no closure per journey.
  let state = 0;
  const rand = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  for (let j = 0; j < J; j++) {
    const oi = outOf[j];
    const a = t.offsets[j];
    const n = t.offsets[j + 1] - a;
    state = words[4 * j + 2];
    for (let q = 0; q < n; q++) {
      const i = t.order[a + q];
      const f = flags[i];
      const barrier = f & FLAG_BARRIER_KNOWN ? (f & FLAG_BARRIER ? 1 : 0) : -1;
      // The event's period: on the window's grid, or (outside the window) by the coarsener.
      const p = periodIndex(grid, t.time[i]);
      periodQ[q] = p;
      const cy = p >= 0 ? grid.periodValue[p] : coarse.coarsen(t.time[i]);
      coarseYear[q] = cy;
      exactTime[q] = t.time[i];
      coarseEv.time[q] = cy * MS_PER_YEAR;
      coarseEv.kind[q] = t.kind[i];
      coarseEv.pain[q] = t.pain[i];
      coarseEv.sentiment[q] = t.sentiment[i];
      coarseEv.barrier[q] = barrier;
      // A keyed random moment in a slice of the event's period (or anywhere in its period outside the
      // window); the events of one day share it, so a visit of many procedures is one visit in its slice.
      if (q > 0 && dayOf(t.time[i]) === dayOf(exactTime[q - 1])) placedAt[q] = placedAt[q - 1];
      else if (p >= 0) {
        const g = grid.groupOfPeriod[p];
        const slice = grid.groupStart[g] + Math.floor(rand() * (grid.groupEnd[g] - grid.groupStart[g]));
        placedAt[q] = grid.start + (slice + rand()) * grid.width;
      } else {
        const lo = floorToPrecision(t.time[i], precision);
        placedAt[q] = lo + rand() * (ceilToPrecision(t.time[i], precision) - lo);
      }
    }
    coarseEv.n = n;
    // Visits (days with care) from the exact dates, before anything reads the coarsened ones.
    markVisits(n, exactTime, coarseEv.kind, coarseEv.visit);
    const m = computeMeasures(coarseEv);
    for (const name of MEASURES) measures[name][oi] = m[name];
    measures.first_date[oi] = coarseYear[0];
    measures.last_date[oi] = coarseYear[n - 1];
    // Events in placed order for the timeline (insertion sort: journeys are short).
    for (let q = 0; q < n; q++) placedIdx[q] = q;
    for (let q = 1; q < n; q++) {
      const v = placedIdx[q];
      let r = q - 1;
      while (r >= 0 && placedAt[placedIdx[r]] > placedAt[v]) {
        placedIdx[r + 1] = placedIdx[r];
        r--;
      }
      placedIdx[r + 1] = v;
    }
    for (let q = 0; q < n; q++) {
      const from = placedIdx[q];
      placedEv.time[q] = placedAt[from];
      placedEv.kind[q] = coarseEv.kind[from];
      placedEv.pain[q] = coarseEv.pain[from];
      placedEv.sentiment[q] = coarseEv.sentiment[from];
      placedEv.barrier[q] = coarseEv.barrier[from];
      placedEv.visit[q] = coarseEv.visit[from];
    }
    placedEv.n = n;
    writeTimeline(placedEv, grid.start, grid.end, S, timeline, oi * S * 2);

    tier[oi] = tierOf[j];
    if (tierOf[j] === TIER_GLOW) {
      const c = gen.classOf[j];
      glowMembers[c]++;
      for (let q = 0; q < n; q++) if (coarseEv.visit[q] && periodQ[q] >= 0) flashSum[c * G + grid.groupOfPeriod[periodQ[q]]]++;
      for (let s = 0; s < S; s++) wellSum[c * S + s] += timeline[(oi * S + s) * 2 + 1];
      continue;
    }
    // The card's event list: coarsened dates, kinds sorted within a period (their order there is finer than the precision).
    const from = eventOffsets[oi];
    let e = from;
    for (let q = 0; q < n; q++) {
      const date = Math.fround(coarseYear[q]);
      const kind = coarseEv.kind[q];
      eventDates[e] = date;
      let r = e - 1;
      while (r >= from && eventDates[r] === date && eventKinds[r] > kind) {
        eventKinds[r + 1] = eventKinds[r];
        r--;
      }
      eventKinds[r + 1] = kind;
      e++;
    }
    if (tierOf[j] >= TIER_STORY && t.story[j] !== undefined) stories[oi] = t.story[j]!;
  }
  const e = eventOffsets[J];

  // 4. Glow-tier cells take their class's timing: microaggregation over the class's glow-tier cells.
  const classCells: number[][] = Array.from({ length: C }, () => []);
  for (let oi = 0; oi < J; oi++) if (tier[oi] === TIER_GLOW) classCells[gen.classOf[journeyOf[oi]]].push(oi);
  const classRand = new Keyed(policy.secret, 'glow').words(gen.classKeys);
  const numeric: Record<string, Float32Array> = Object.create(null); // names come from the data
  for (const x of t.numeric) {
    const v = new Float32Array(J);
    for (let oi = 0; oi < J; oi++) v[oi] = x.values[journeyOf[oi]];
    numeric[x.name] = v;
  }
  const flashes = new Int32Array(G);
  const slots = new Int32Array(S);
  const template = new Uint8Array(S * 2);
  for (let c = 0; c < C; c++) {
    const cells = classCells[c];
    if (!cells.length) continue;
    const members = glowMembers[c];
    const buffer = new Float64Array(cells.length);
    const pick = (from: Float32Array) => {
      for (let i = 0; i < cells.length; i++) buffer[i] = from[cells[i]];
      return buffer;
    };
    const first = medianDate(pick(measures.first_date), precision);
    const last = medianDate(pick(measures.last_date), precision);
    const values: Record<(typeof TIMING_MEASURES)[number], number> = {
      first_date: first,
      last_date: last,
      span_years: last - first,
      visits_per_year: mean(pick(measures.visits_per_year)),
      longest_gap_days: median(pick(measures.longest_gap_days)),
      pain_trend: mean(pick(measures.pain_trend)),
    };
    const numericMeans = Object.entries(numeric).map(([name, v]) => [name, mean(pick(v))] as const);
    // The class's flashes per period group: its mean, rounded up or down by a keyed draw.
    state = classRand[4 * c];
    for (let g = 0; g < G; g++) {
      const mu = flashSum[c * G + g] / members;
      flashes[g] = Math.floor(mu) + (rand() < mu - Math.floor(mu) ? 1 : 0);
    }
    // The class's mean wellness curve, no flashes: every cell starts from it.
    for (let s = 0; s < S; s++) {
      template[s * 2] = 0;
      template[s * 2 + 1] = Math.round(wellSum[c * S + s] / members);
    }
    for (const oi of cells) {
      for (const m of TIMING_MEASURES) measures[m][oi] = values[m];
      for (const [name, v] of numericMeans) numeric[name][oi] = v;
      const base = oi * S * 2;
      timeline.set(template, base);
      // Each cell lights its class's number of slices per period, at its own keyed slices.
      state = words[4 * journeyOf[oi] + 3];
      for (let g = 0; g < G; g++) {
        const gs = grid.groupStart[g];
        const len = grid.groupEnd[g] - gs;
        let left = flashes[g];
        for (let pass = 0; pass < 2 && left > 0; pass++) {
          const take = Math.min(left, len);
          // Partial Fisher–Yates over the group's slices.
          for (let i = 0; i < len; i++) slots[i] = gs + i;
          for (let i = 0; i < take; i++) {
            const r = i + Math.floor(rand() * (len - i));
            const slot = slots[r];
            slots[r] = slots[i];
            slots[i] = slot;
            timeline[base + slot * 2] = pass === 0 ? 128 : 255;
          }
          left -= take;
        }
      }
    }
  }

  const fields = gen.fields.map((f) => {
    const codes = new Uint16Array(J);
    for (let oi = 0; oi < J; oi++) codes[oi] = f.codes[journeyOf[oi]];
    return { ...f, codes };
  });
  return {
    journeyOf,
    tier,
    fields,
    measures,
    numeric,
    timeline,
    eventOffsets,
    eventDates: eventDates.slice(0, e),
    eventKinds: eventKinds.slice(0, e),
    stories,
    classes: C,
    ok: gen.ok,
  };
}
