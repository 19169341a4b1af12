/**
 * The re-identification risk of a baked mosaic, measured as an adversary would attack it (in the
 * manner of ARX's risk analysis): equivalence classes over everything the artefact publishes per
 * cell, a neighbour who knows a resident's community, age band, access and a few years of their care,
 * the date precision that can actually be recovered, and the cell order recomputed from raw ids.
 *
 * Artefact-only measures need nothing but the mosaic. The attacks that grade themselves against the
 * truth take the raw journeys and the true mapping of cells to journeys (the report has both on the
 * artist's machine: the raw data and the installation's secret). Pure.
 */
import type { BakedMosaic } from '../bake/artefact';
import { EVENT_KINDS } from '../data/events';
import { markVisits } from '../journeys/measures';
import { MS_PER_DAY, MS_PER_YEAR, type DatePrecision } from '../journeys/time';
import { periodGrid, periodIndex, windowMs, type PeriodGrid } from './grid';
import { hash53, PUBLIC_ORDER_SALT_V1 } from './hash';
import { MIN_PUBLISHABLE_K, TIER_GLOW, TIERS, TIMING_MEASURES } from './policy';
import type { RawJourney } from './raw';

const KIND_MISSED = EVENT_KINDS.indexOf('missed');
const DAYS_PER_YEAR = MS_PER_YEAR / MS_PER_DAY;
const PERIOD_DAYS: Record<DatePrecision, number> = { year: DAYS_PER_YEAR, month: DAYS_PER_YEAR / 12 };
const OTHER = 'other';
const UNKNOWN = 'unknown';

export interface RiskOptions {
  /** The declared k; default the artefact's own, else 11. */
  k?: number;
  /** Whether the installation declares its data synthetic; default the artefact's own. */
  synthetic?: boolean;
  /** Ground truth: the raw journeys, numbered as the bake numbers them (first appearance). */
  raw?: readonly RawJourney[];
  /** Ground truth: cell → index into `raw`. */
  mapping?: Uint32Array;
  /** How many years of a resident's care the neighbour knows (default 3). */
  knownYears?: number;
}

export interface ClassStats {
  /** Cells measured. */
  cells: number;
  /** Size of the smallest equivalence class any of them is in (Infinity when there are none). */
  smallest: number;
  /** Share of them in classes smaller than k. */
  belowK: number;
  /** Share of them alone in their class. */
  unique: number;
}

export interface DateChannel {
  name: string;
  /** Days of precision this channel gives away (the declared period when it gives nothing finer). */
  days: number;
  detail: string;
}

export interface OrderAttack {
  name: string;
  /** Share of cells whose journey the attack names correctly. */
  agreement: number;
}

export interface RiskReport {
  installation: string;
  journeys: number;
  k: number;
  synthetic: boolean;
  declaredPrecision: DatePrecision;
  /** The published per-cell categorical fields: the quasi-identifiers held to k. */
  quasiIdentifiers: string[];
  /** Everything else that is published per cell and locates care in time (also held to k for glow-tier cells). */
  timingFields: string[];
  /** Cells by tier, from the artefact (or, for an artefact without tiers, from the raw data). */
  tiers: Record<(typeof TIERS)[number], number>;
  /** Classes over the categorical quasi-identifiers, every cell. */
  categorical: ClassStats;
  /** Classes over everything published per cell, for the cells without card consent. */
  publishedNoCard: ClassStats;
  /** The same for cells with card consent (they agreed to be shown; informational). */
  publishedCard: ClassStats;
  /** The neighbour's attack (needs the raw data): share of residents singled out (< k candidates, truth among them). */
  neighbour: { knownYears: number; noCard: number; card: number; residents: number } | null;
  dates: { recoveredDays: number; recovered: string; channels: DateChannel[] };
  order: OrderAttack[] | null;
  /** Published stories that are not, word for word, a consented row of their own journey. */
  storyLeaks: number | null;
  /** Each broken promise, in words; empty when the artefact keeps the guarantee. */
  violations: string[];
}

// ─── Reading the artefact ─────────────────────────────────────────────────────

interface Categorical {
  name: string;
  categories: string[];
  codes: Uint16Array;
}

function categoricalFields(b: BakedMosaic): Categorical[] {
  const out: Categorical[] = [{ name: 'community', categories: b.communities, codes: b.community }];
  for (const [name, f] of Object.entries(b.fields)) if (f.kind === 'categorical') out.push({ name, categories: f.categories, codes: f.codes });
  return out;
}

function gridOf(b: BakedMosaic): PeriodGrid {
  const w = windowMs(b.window, b.precision);
  return periodGrid(w.start, w.end, b.timelineSamples, b.precision);
}

/** The tier of each cell: published, or from the raw data for an artefact that has none. */
function tiersOf(b: BakedMosaic, raw?: readonly RawJourney[], mapping?: Uint32Array): Uint8Array {
  if (b.tier && b.tier.length === b.journeyCount) return b.tier;
  const out = new Uint8Array(b.journeyCount);
  if (raw && mapping) for (let c = 0; c < b.journeyCount; c++) out[c] = raw[mapping[c]]?.tier ?? TIER_GLOW;
  return out;
}

/** One key per cell of everything published about it that could tell it apart from another (see docs/PRIVACY.md). */
function publishedKeys(b: BakedMosaic, grid: PeriodGrid, tier: Uint8Array, categorical: string[]): string[] {
  const S = b.timelineSamples;
  const numeric = Object.entries(b.fields).flatMap(([, f]) => (f.kind === 'numeric' ? [f.values] : []));
  const G = grid.groupStart.length;
  const keys = new Array<string>(b.journeyCount);
  const bytes: number[] = [];
  for (let c = 0; c < b.journeyCount; c++) {
    const parts: string[] = [categorical[c], String(b.tier ? tier[c] : '')];
    for (const m of TIMING_MEASURES) parts.push(String(b.measures[m][c]));
    for (const v of numeric) parts.push(String(v[c]));
    // Activity as the precision grid reads it: per period group, the sorted flash strengths.
    for (let g = 0; g < G; g++) {
      bytes.length = 0;
      for (let s = grid.groupStart[g]; s < grid.groupEnd[g]; s++) bytes.push(b.timeline[2 * (c * S + s)]);
      bytes.sort((x, y) => y - x);
      parts.push(bytes.join('.'));
    }
    const well: number[] = [];
    for (let s = 0; s < S; s++) well.push(b.timeline[2 * (c * S + s) + 1]);
    parts.push(well.join('.'));
    const events: string[] = [];
    for (let q = b.eventOffsets[c]; q < b.eventOffsets[c + 1]; q++) events.push(`${b.eventKinds[q]}@${b.eventDates[q]}`);
    parts.push(events.sort().join(','));
    keys[c] = parts.join('|');
  }
  return keys;
}

function classStats(keys: readonly string[], cells: readonly number[], k: number): ClassStats {
  const size = new Map<string, number>();
  for (const key of keys) size.set(key, (size.get(key) ?? 0) + 1);
  let smallest = Infinity;
  let below = 0;
  let unique = 0;
  for (const c of cells) {
    const n = size.get(keys[c])!;
    smallest = Math.min(smallest, n);
    if (n < k) below++;
    if (n === 1) unique++;
  }
  const n = cells.length;
  return { cells: n, smallest, belowK: n ? below / n : 0, unique: n ? unique / n : 0 };
}

// ─── The neighbour ─────────────────────────────────────────────────────────────

/** Years (calendar) of a raw journey's attended care inside the window. */
function careYears(r: RawJourney, grid: PeriodGrid): number[] {
  const years = new Set<number>();
  for (let i = 0; i < r.time.length; i++) {
    if (r.kind[i] === KIND_MISSED || periodIndex(grid, r.time[i]) < 0) continue;
    years.add(new Date(r.time[i]).getUTCFullYear());
  }
  return [...years].sort((a, b) => a - b);
}

/** Years of care a cell shows: its event list, else the periods its flashes light. Null: it shows none of its own. */
function shownYears(b: BakedMosaic, grid: PeriodGrid, c: number, tier: Uint8Array): Set<number> | null {
  if (b.tier && tier[c] === TIER_GLOW) return null;
  const years = new Set<number>();
  const a = b.eventOffsets[c];
  const e = b.eventOffsets[c + 1];
  if (e > a) {
    for (let q = a; q < e; q++) if (b.eventKinds[q] !== KIND_MISSED) years.add(Math.floor(b.eventDates[q] + 1e-6));
    return years;
  }
  const S = b.timelineSamples;
  for (let s = 0; s < S; s++) {
    if (b.timeline[2 * (c * S + s)] === 0) continue;
    const g = grid.groupOfSlice[s];
    for (let p = 0; p < grid.groupOfPeriod.length; p++) if (grid.groupOfPeriod[p] === g) years.add(new Date(grid.periodStarts[p]).getUTCFullYear());
  }
  return years;
}

function neighbourAttack(
  b: BakedMosaic,
  grid: PeriodGrid,
  tier: Uint8Array,
  raw: readonly RawJourney[],
  mapping: Uint32Array,
  k: number,
  m: number,
): NonNullable<RiskReport['neighbour']> {
  const fields = categoricalFields(b).filter((f) => f.name === 'community' || f.name === 'age_band' || f.name === 'access');
  const cellKey = (c: number) => fields.map((f) => f.codes[c]).join(',');
  const realOf = (r: RawJourney, name: string) => (name === 'community' ? r.community : name === 'age_band' ? r.ageBand : r.access) ?? UNKNOWN;
  const index = new Map<string, number[]>();
  for (let c = 0; c < b.journeyCount; c++) {
    const key = cellKey(c);
    let list = index.get(key);
    if (!list) index.set(key, (list = []));
    list.push(c);
  }
  // Codes a cell may carry for a known value: the value itself, or "other" (which may hide it).
  const codesFor = (f: Categorical, value: string) => {
    const out: number[] = [];
    const at = f.categories.indexOf(value);
    if (at >= 0 && value !== OTHER) out.push(at);
    const other = f.categories.indexOf(OTHER);
    if (other >= 0) out.push(other);
    return out;
  };
  const cellOf = new Int32Array(raw.length).fill(-1);
  for (let c = 0; c < mapping.length; c++) cellOf[mapping[c]] = c;
  const years = new Array<Set<number> | null | undefined>(b.journeyCount);
  const yearsOf = (c: number) => {
    let y = years[c];
    if (y === undefined) years[c] = y = shownYears(b, grid, c, tier);
    return y;
  };
  let singledNoCard = 0;
  let singledCard = 0;
  let noCard = 0;
  let card = 0;
  raw.forEach((r, ri) => {
    const truth = cellOf[ri];
    if (truth < 0) return;
    const all = careYears(r, grid);
    // The neighbour's few years: a fixed pseudo-random pick per resident.
    const picked = [...all].sort((x, y) => hash53(`${r.id}/${x}`) - hash53(`${r.id}/${y}`)).slice(0, m);
    let keys = [''];
    for (const f of fields) keys = keys.flatMap((prefix) => codesFor(f, realOf(r, f.name)).map((code) => (prefix ? `${prefix},${code}` : String(code))));
    const fits = (c: number) => {
      const shown = yearsOf(c);
      return !shown || picked.every((y) => shown.has(y));
    };
    // Singled out: the truth is among the candidates (the cells of the keys' classes, which are
    // disjoint, that show the picked years) and they are fewer than k. Counting stops at k: a
    // resident among k or more is not singled out, however many more there are (without the stop,
    // every resident's whole class is counted: quadratic in the class size, minutes at 100,000).
    let singled = false;
    if (keys.includes(cellKey(truth)) && fits(truth)) {
      let candidates = 0;
      count: for (const key of keys) {
        for (const c of index.get(key) ?? []) {
          if (fits(c) && ++candidates >= k) break count;
        }
      }
      singled = candidates < k;
    }
    if (tier[truth] === TIER_GLOW) {
      noCard++;
      if (singled) singledNoCard++;
    } else {
      card++;
      if (singled) singledCard++;
    }
  });
  return { knownYears: m, noCard: noCard ? singledNoCard / noCard : 0, card: card ? singledCard / card : 0, residents: noCard + card };
}

// ─── Dates ────────────────────────────────────────────────────────────────────

/** The finest grid a list of decimal years lies on, in days. */
function gridDays(values: Iterable<number>, precision: DatePrecision): number {
  let days = PERIOD_DAYS[precision];
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (Math.abs(v - Math.round(v)) < 1e-4) continue;
    if (Math.abs(v * 12 - Math.round(v * 12)) < 2e-3) days = Math.min(days, PERIOD_DAYS.month);
    else return 1;
  }
  return days;
}

function coarseYears(t: number, precision: DatePrecision): number {
  const d = new Date(t);
  return d.getUTCFullYear() + (precision === 'month' ? d.getUTCMonth() / 12 : 0);
}

/**
 * A duration an attacker reads from a published measure against the truth, beside the best estimate
 * the declared precision allows (the same duration between the coarsened dates). The channel gives
 * away finer dates when it beats that estimate by far.
 */
function durationChannel(name: string, pairs: Array<[published: number, truth: number, coarse: number]>, period: number): DateChannel {
  const ok = pairs.filter(([p, t, c]) => Number.isFinite(p) && Number.isFinite(t) && Number.isFinite(c));
  if (ok.length < 5) return { name, days: period, detail: `too few journeys to read (${ok.length})` };
  let errP = 0;
  let errC = 0;
  let exact = 0;
  for (const [p, t, c] of ok) {
    errP += Math.abs(p - t);
    errC += Math.abs(c - t);
    if (Math.abs(p - t) <= 1.5) exact++;
  }
  errP /= ok.length;
  errC /= ok.length;
  const share = exact / ok.length;
  const finer = errC > 1 && errP < 0.5 * errC;
  const days = !finer ? period : share >= 0.5 ? 1 : Math.max(1, Math.min(period, errP * 2));
  return {
    name,
    days,
    detail: `mean error ${errP.toFixed(1)} days (coarsened dates alone: ${errC.toFixed(1)}); exact to a day for ${Math.round(share * 100)}% of ${ok.length}`,
  };
}

/**
 * Flashes (or wellness changes) against the truth: how often the slice an event really fell in is
 * marked, beside how often it would be if the event sat anywhere in its period's slices.
 */
function sliceChannel(name: string, hits: number, chance: number, n: number, sliceDays: number, period: number): DateChannel {
  if (n < 30 || sliceDays >= period) return { name, days: period, detail: n < 30 ? `too few events to read (${n})` : 'slices are as wide as the period' };
  const h = hits / n;
  const c = chance / n;
  const finer = h - c >= 0.1;
  return {
    name,
    days: finer ? sliceDays : period,
    detail: `the real slice of ${Math.round(h * 100)}% of ${n} events is marked; chance within its period ${Math.round(c * 100)}% (slices ${sliceDays.toFixed(0)} days)`,
  };
}

function dateAttack(b: BakedMosaic, grid: PeriodGrid, raw?: readonly RawJourney[], mapping?: Uint32Array): RiskReport['dates'] {
  const precision = b.precision;
  const period = PERIOD_DAYS[precision];
  const channels: DateChannel[] = [];
  channels.push({ name: 'event dates', days: gridDays(b.eventDates, precision), detail: `${b.eventDates.length} published dates` });
  channels.push({ name: 'first and last dates', days: Math.min(gridDays(b.measures.first_date, precision), gridDays(b.measures.last_date, precision)), detail: 'per cell' });
  if (raw && mapping) {
    const span: Array<[number, number, number]> = [];
    const gap: Array<[number, number, number]> = [];
    const rate: Array<[number, number, number]> = [];
    const trend: Array<[number, number, number]> = [];
    const S = b.timelineSamples;
    const sliceDays = grid.width / MS_PER_DAY;
    let fHits = 0;
    let fChance = 0;
    let wHits = 0;
    let wChance = 0;
    let n = 0;
    const lit = new Uint8Array(S);
    const changed = new Uint8Array(S);
    for (let c = 0; c < b.journeyCount; c++) {
      const r = raw[mapping[c]];
      if (!r || r.time.length === 0) continue;
      const t = r.time;
      const last = t.length - 1;
      const days = (t[last] - t[0]) / MS_PER_DAY;
      const coarseDays = (coarseYears(t[last], precision) - coarseYears(t[0], precision)) * DAYS_PER_YEAR;
      span.push([b.measures.span_years[c] * DAYS_PER_YEAR, days, coarseDays]);
      // Longest gap between attended events, exact and between coarsened dates.
      let g = 0;
      let gc = 0;
      let prev = -1;
      for (let i = 0; i <= last; i++) {
        if (r.kind[i] === KIND_MISSED) continue;
        if (prev >= 0) {
          g = Math.max(g, (t[i] - t[prev]) / MS_PER_DAY);
          gc = Math.max(gc, (coarseYears(t[i], precision) - coarseYears(t[prev], precision)) * DAYS_PER_YEAR);
        }
        prev = i;
      }
      if (g > 0) gap.push([b.measures.longest_gap_days[c], g, gc]);
      const vpy = b.measures.visits_per_year[c];
      // The rate is visits (days with care) over the span: with the journey's real visit count (the
      // worst case: a neighbour who knows it), the span it gives back.
      const visits = markVisits(t.length, t, r.kind);
      if (vpy > 0 && visits / vpy > 1.001 && days > DAYS_PER_YEAR) rate.push([(visits / vpy) * DAYS_PER_YEAR, days, coarseDays]);
      const painAt: number[] = [];
      for (let i = 0; i <= last; i++) if (Number.isFinite(r.pain[i])) painAt.push(i);
      const tr = b.measures.pain_trend[c];
      if (painAt.length === 2 && Number.isFinite(tr) && tr !== 0) {
        const [i0, i1] = painAt;
        const dp = b.measures.pain_end[c] - b.measures.pain_start[c];
        trend.push([(dp / tr) * DAYS_PER_YEAR, (t[i1] - t[i0]) / MS_PER_DAY, (coarseYears(t[i1], precision) - coarseYears(t[i0], precision)) * DAYS_PER_YEAR]);
      }
      // Timeline: flashes and wellness changes against the slices the real events fell in.
      for (let s = 0; s < S; s++) {
        lit[s] = b.timeline[2 * (c * S + s)] > 0 ? 1 : 0;
        const w = b.timeline[2 * (c * S + s) + 1];
        changed[s] = s > 0 && Math.abs(w - b.timeline[2 * (c * S + s - 1) + 1]) >= 4 ? 1 : 0;
      }
      for (let i = 0; i <= last; i++) {
        if (r.kind[i] === KIND_MISSED) continue;
        const p = periodIndex(grid, t[i]);
        if (p < 0) continue;
        const s = Math.min(S - 1, Math.floor((t[i] - grid.start) / grid.width));
        const gr = grid.groupOfPeriod[p];
        let litN = 0;
        let chN = 0;
        let len = 0;
        for (let q = grid.groupStart[gr]; q < grid.groupEnd[gr]; q++) {
          litN += lit[q];
          chN += changed[q];
          len++;
        }
        if (grid.groupOfSlice[s] !== gr) {
          litN += lit[s];
          chN += changed[s];
          len++;
        }
        n++;
        fHits += lit[s];
        fChance += litN / len;
        wHits += changed[s];
        wChance += chN / len;
      }
    }
    channels.push(durationChannel('span_years', span, period));
    channels.push(durationChannel('longest_gap_days', gap, period));
    channels.push(durationChannel('visits_per_year (with events)', rate, period));
    channels.push(durationChannel('pain_trend (with pain_start, pain_end)', trend, period));
    channels.push(sliceChannel('timeline flashes', fHits, fChance, n, sliceDays, period));
    channels.push(sliceChannel('timeline wellness changes', wHits, wChance, n, sliceDays, period));
  }
  const finest = channels.reduce((a, ch) => (ch.days < a.days ? ch : a), channels[0]);
  const recoveredDays = finest.days;
  const recovered =
    recoveredDays >= PERIOD_DAYS.year - 1e-6 ? 'year' : recoveredDays >= PERIOD_DAYS.month - 1e-6 ? 'month' : recoveredDays <= 1 ? 'day' : `${Math.round(recoveredDays)} days`;
  return { recoveredDays, recovered: recoveredDays < period - 1e-6 ? `${recovered} (${finest.name})` : recovered, channels };
}

// ─── Order ────────────────────────────────────────────────────────────────────

function orderAttacks(raw: readonly RawJourney[], mapping: Uint32Array): OrderAttack[] {
  const ids = raw.map((r) => r.id);
  const byKey = (key: (id: string, i: number) => number | string) => {
    const keys = ids.map(key);
    return Array.from(ids.keys()).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  };
  const attacks: Array<[string, number[]]> = [
    [`hash of the public salt "${PUBLIC_ORDER_SALT_V1}" + id (codec version 1)`, byKey((id) => hash53(PUBLIC_ORDER_SALT_V1 + id))],
    ['hash of the id', byKey((id) => hash53(id))],
    ['ids sorted', byKey((id) => id)],
    ['order of the raw file', Array.from(ids.keys())],
  ];
  return attacks.map(([name, order]) => {
    let right = 0;
    for (let c = 0; c < mapping.length; c++) if (order[c] === mapping[c]) right++;
    return { name, agreement: mapping.length ? right / mapping.length : 0 };
  });
}

// ─── The report ───────────────────────────────────────────────────────────────

export function assessRisk(b: BakedMosaic, opts: RiskOptions = {}): RiskReport {
  const k = opts.k ?? b.privacy?.k ?? 11;
  const synthetic = opts.synthetic ?? b.privacy?.synthetic ?? false;
  const { raw, mapping } = opts;
  const J = b.journeyCount;
  const grid = gridOf(b);
  const tier = tiersOf(b, raw, mapping);
  const fields = categoricalFields(b);
  const catKeys = Array.from({ length: J }, (_, c) => fields.map((f) => f.codes[c]).join(','));
  const pubKeys = publishedKeys(b, grid, tier, catKeys);
  const all = Array.from({ length: J }, (_, c) => c);
  const noCard = all.filter((c) => tier[c] === TIER_GLOW);
  const card = all.filter((c) => tier[c] !== TIER_GLOW);
  const tiers = { glow: 0, card: 0, story: 0 };
  for (const c of all) tiers[TIERS[tier[c]] ?? 'glow']++;
  const report: RiskReport = {
    installation: b.installation,
    journeys: J,
    k,
    synthetic,
    declaredPrecision: b.precision,
    quasiIdentifiers: fields.map((f) => f.name),
    timingFields: [
      ...TIMING_MEASURES,
      ...Object.entries(b.fields).flatMap(([name, f]) => (f.kind === 'numeric' ? [name] : [])),
      'timeline (flashes by period, wellness)',
      'event list (kinds × dates)',
    ],
    tiers,
    categorical: classStats(catKeys, all, k),
    publishedNoCard: classStats(pubKeys, noCard, k),
    publishedCard: classStats(pubKeys, card, k),
    neighbour: raw && mapping ? neighbourAttack(b, grid, tier, raw, mapping, k, opts.knownYears ?? 3) : null,
    dates: dateAttack(b, grid, raw, mapping),
    order: raw && mapping ? orderAttacks(raw, mapping) : null,
    storyLeaks: null,
    violations: [],
  };
  if (raw && mapping) {
    let leaks = 0;
    for (const [cell, text] of Object.entries(b.stories)) {
      const r = raw[mapping[Number(cell)]];
      if (!r || r.tier < 2 || !r.storyRows.includes(text)) leaks++;
    }
    report.storyLeaks = leaks;
  }
  const v = report.violations;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  if (!synthetic && k < MIN_PUBLISHABLE_K) v.push(`k = ${k} is below ${MIN_PUBLISHABLE_K}: too weak a guarantee to publish real residents' data (raise data.privacy.minCommunitySize, or declare the data synthetic)`);
  if (J > 0 && report.categorical.smallest < k) v.push(`the smallest class over ${report.quasiIdentifiers.join(' × ')} has ${report.categorical.smallest} cells (k = ${k}); ${pct(report.categorical.belowK)} of cells are in classes below k`);
  if (report.publishedNoCard.cells > 0 && report.publishedNoCard.smallest < k) {
    v.push(
      `cells without card consent: the smallest class over everything published has ${report.publishedNoCard.smallest} cells (k = ${k}); ${pct(report.publishedNoCard.unique)} of them are unique`,
    );
  }
  if (report.neighbour && report.neighbour.noCard > 0) v.push(`a neighbour who knows community, age band, access and ${report.neighbour.knownYears} years of care singles out ${pct(report.neighbour.noCard)} of the residents without card consent`);
  if (report.dates.recoveredDays < PERIOD_DAYS[b.precision] - 1e-6) v.push(`dates can be recovered to ${report.dates.recovered}, finer than the declared ${b.precision}`);
  // A random order agrees with the truth at about one cell (Poisson(1)); 8 or more, and over 1%, is no accident.
  for (const a of report.order ?? []) if (a.agreement * J >= 8 && a.agreement > 0.01) v.push(`the cell order is recomputed from raw ids by the ${a.name} for ${pct(a.agreement)} of cells`);
  if (report.storyLeaks) v.push(`${report.storyLeaks} published ${report.storyLeaks === 1 ? 'story is' : 'stories are'} not a consented row's own words`);
  return report;
}

/** What each tier puts on the page (the report prints it; docs/PRIVACY.md says the same). */
export const TIER_PUBLISHES: Record<(typeof TIERS)[number], string> = {
  glow: 'a cell that glows with its own oral health, pain, emergencies and number of care events; when it had care (its timeline, dates, visit rate, gaps) is its group\'s (at least k residents), and its card says only what is true of the group',
  card: 'the cell and a card with the journey itself: kinds of care by year, measures in words at the declared precision; no story',
  story: 'the card and the story the resident wrote, exactly as written',
};

/** The report as text, for `noctiluca privacy`. */
export function formatRisk(r: RiskReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const cls = (s: ClassStats) => (s.cells ? `${s.cells} cells; smallest class ${s.smallest}; ${pct(s.belowK)} in classes below k; ${pct(s.unique)} unique` : 'no cells');
  const lines = [
    `${r.installation}: ${r.journeys.toLocaleString('en-US')} cells, k = ${r.k}, date precision ${r.declaredPrecision}${r.synthetic ? ', data declared synthetic (every card shown)' : ''}`,
    `  quasi-identifiers (held to k together): ${r.quasiIdentifiers.join(', ')}`,
    `  timing (a glow-tier cell carries its group's): ${r.timingFields.join(', ')}`,
    `  tiers: ${TIERS.map((t) => `${t} ${r.tiers[t]}`).join(', ')}`,
    `  classes over the quasi-identifiers, every cell: ${cls(r.categorical)}`,
    `  classes over everything published, cells without card consent: ${cls(r.publishedNoCard)}`,
    `  classes over everything published, cells with card consent (shown by their choice): ${cls(r.publishedCard)}`,
  ];
  if (r.neighbour) {
    lines.push(
      `  neighbour (community, age band, access, ${r.neighbour.knownYears} years of care): singles out ${pct(r.neighbour.noCard)} of residents without card consent, ${pct(r.neighbour.card)} with`,
    );
  }
  lines.push(`  date precision recoverable: ${r.dates.recovered}`);
  for (const ch of r.dates.channels) lines.push(`    ${ch.name}: ${ch.days >= PERIOD_DAYS[r.declaredPrecision] - 1e-6 ? 'nothing finer than the declared precision' : `${ch.days.toFixed(0)} days`} (${ch.detail})`);
  if (r.order) lines.push(`  order from raw ids: ${r.order.map((a) => `${a.name} ${pct(a.agreement)}`).join('; ')}`);
  if (r.storyLeaks !== null) lines.push(`  stories not a consented row's own words: ${r.storyLeaks}`);
  lines.push('  what each tier publishes:');
  for (const t of TIERS) lines.push(`    ${t}: ${TIER_PUBLISHES[t]}`);
  lines.push(r.violations.length ? `  BREAKS THE GUARANTEE:\n${r.violations.map((x) => `    - ${x}`).join('\n')}` : '  keeps the guarantee');
  return lines.join('\n');
}
