/**
 * JourneyStore: accumulates care events as they stream in, as compact columns (one typed-array
 * slot per event, strings interned), never as CareEvent objects. 1M events take about 30 MB.
 * Stories are kept only for rows whose consent allows a story; other story text is dropped on arrival.
 */
import { ACCESS_KINDS, CONSENT_TIERS, EVENT_KINDS, type CareEvent } from '../data/events';
import { rowTier } from '../data/values';

/** String interning: code 0 is "no value". */
export class Interner {
  readonly values: string[] = [''];
  private readonly map = new Map<string, number>([['', 0]]);
  code(s: string | undefined): number {
    if (!s) return 0;
    let c = this.map.get(s);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(s);
      this.map.set(s, c);
    }
    return c;
  }

  /** An independent copy (the same codes). */
  clone(): Interner {
    const copy = new Interner();
    for (let c = 1; c < this.values.length; c++) copy.code(this.values[c]);
    return copy;
  }
}

type TypedArray = Float64Array | Float32Array | Uint32Array | Int32Array | Uint8Array | Int8Array;
type TypedCtor<T extends TypedArray> = { new (n: number): T };

/** A growable typed column. */
export class Column<T extends TypedArray> {
  data: T;
  constructor(
    private readonly ctor: TypedCtor<T>,
    capacity: number,
    private readonly fill = 0,
  ) {
    this.data = new ctor(capacity);
    if (fill !== 0) this.data.fill(fill);
  }
  ensure(n: number): void {
    if (n <= this.data.length) return;
    const next = new this.ctor(Math.max(n, this.data.length * 2));
    if (this.fill !== 0) next.fill(this.fill);
    next.set(this.data as never);
    this.data = next;
  }

  /** An independent copy, the same capacity (it grows as this one would). */
  clone(): Column<T> {
    const copy = new Column(this.ctor, 0, this.fill);
    copy.data = this.data.slice() as T;
    return copy;
  }
}

const KIND_CODE = new Map<string, number>(EVENT_KINDS.map((k, i) => [k, i]));
const ACCESS_CODE = new Map<string, number>(ACCESS_KINDS.map((k, i) => [k, i + 1]));

/** Bits of `flags`. */
export const FLAG_BARRIER_KNOWN = 1;
export const FLAG_BARRIER = 2;

const TIER_STORY = CONSENT_TIERS.indexOf('story');

/** The store's per-event columns (columns() and clone() go over the same list). */
const COLUMN_NAMES = ['journey', 'time', 'kind', 'pain', 'sentiment', 'flags', 'consent', 'community', 'ageBand', 'access', 'story'] as const;

export class JourneyStore {
  /** Journey id → store index (arrival order). */
  readonly ids = new Map<string, number>();
  readonly idList: string[] = [];
  count = 0;
  readonly journey = new Column(Uint32Array, 1024);
  readonly time = new Column(Float64Array, 1024);
  readonly kind = new Column(Uint8Array, 1024);
  readonly pain = new Column(Float32Array, 1024, NaN);
  readonly sentiment = new Column(Float32Array, 1024, NaN);
  readonly flags = new Column(Uint8Array, 1024);
  /** The row's consent answer: 0 none, else 1 + its tier (rowTier). */
  readonly consent = new Column(Uint8Array, 1024);
  /** Interned community / age band; access as 1 + index into ACCESS_KINDS (0: none). */
  readonly community = new Column(Uint32Array, 1024);
  readonly ageBand = new Column(Uint32Array, 1024);
  readonly access = new Column(Uint8Array, 1024);
  /** Index into `stories` + 1 for stories their row consented to show, else 0. */
  readonly story = new Column(Uint32Array, 1024);
  readonly communities = new Interner();
  readonly ageBands = new Interner();
  readonly stories: string[] = [];
  /** Extra columns by name: interned codes per event. */
  readonly extras = new Map<string, { dict: Interner; codes: Column<Uint32Array> }>();
  minTime = Infinity;
  maxTime = -Infinity;

  add(e: CareEvent): void {
    const i = this.count;
    const n = i + 1;
    let j = this.ids.get(e.journeyId);
    if (j === undefined) {
      j = this.idList.length;
      this.ids.set(e.journeyId, j);
      this.idList.push(e.journeyId);
    }
    if (n > this.journey.data.length) for (const c of this.columns()) c.ensure(n);
    this.journey.data[i] = j;
    this.time.data[i] = e.time;
    this.kind.data[i] = KIND_CODE.get(e.kind) ?? KIND_CODE.get('other')!;
    if (e.pain !== undefined) this.pain.data[i] = e.pain;
    if (e.sentiment !== undefined) this.sentiment.data[i] = e.sentiment;
    let f = 0;
    if (e.costBarrier !== undefined) f |= FLAG_BARRIER_KNOWN | (e.costBarrier ? FLAG_BARRIER : 0);
    this.flags.data[i] = f;
    const tier = rowTier(e);
    this.consent.data[i] = tier === undefined ? 0 : tier + 1;
    this.community.data[i] = this.communities.code(e.community);
    this.ageBand.data[i] = this.ageBands.code(e.ageBand);
    this.access.data[i] = e.access ? (ACCESS_CODE.get(e.access) ?? 0) : 0;
    if (tier !== undefined && tier >= TIER_STORY && e.story) {
      this.stories.push(e.story);
      this.story.data[i] = this.stories.length;
    }
    if (e.extra) {
      for (const name in e.extra) {
        let x = this.extras.get(name);
        if (!x) {
          x = { dict: new Interner(), codes: new Column(Uint32Array, Math.max(1024, n)) };
          this.extras.set(name, x);
        }
        x.codes.ensure(n);
        x.codes.data[i] = x.dict.code(e.extra[name]);
      }
    }
    if (e.time < this.minTime) this.minTime = e.time;
    if (e.time > this.maxTime) this.maxTime = e.time;
    this.count = n;
  }

  /**
   * An independent copy of everything added so far: events added to the copy leave this store as
   * it is (the contributions' server keeps the installation's data read once and adds each
   * publication's contributions to a copy).
   */
  clone(): JourneyStore {
    const copy = new JourneyStore();
    const w = copy as unknown as Record<string, unknown>;
    for (const name of COLUMN_NAMES) w[name] = this[name].clone();
    w.ids = new Map(this.ids);
    w.idList = this.idList.slice();
    copy.count = this.count;
    w.communities = this.communities.clone();
    w.ageBands = this.ageBands.clone();
    w.stories = this.stories.slice();
    for (const [name, x] of this.extras) copy.extras.set(name, { dict: x.dict.clone(), codes: x.codes.clone() });
    copy.minTime = this.minTime;
    copy.maxTime = this.maxTime;
    return copy;
  }

  private columns(): Column<TypedArray>[] {
    return COLUMN_NAMES.map((name) => this[name]) as Column<TypedArray>[];
  }

  get journeyCount(): number {
    return this.idList.length;
  }

  /**
   * Event indices grouped by journey (store order) and sorted by time within each journey, ties in
   * arrival order: events of journey j are order[offsets[j] .. offsets[j + 1]).
   */
  groupByJourney(): { order: Uint32Array; offsets: Uint32Array } {
    const J = this.journeyCount;
    const n = this.count;
    const offsets = new Uint32Array(J + 1);
    const jr = this.journey.data;
    for (let i = 0; i < n; i++) offsets[jr[i] + 1]++;
    for (let j = 0; j < J; j++) offsets[j + 1] += offsets[j];
    const cursor = offsets.slice(0, J);
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[cursor[jr[i]]++] = i;
    const t = this.time.data;
    for (let j = 0; j < J; j++) {
      const a = offsets[j];
      const b = offsets[j + 1];
      if (b - a > 48) {
        const part = Array.from(order.subarray(a, b)).sort((x, y) => t[x] - t[y] || x - y);
        order.set(part, a);
        continue;
      }
      // Insertion sort: journeys are short and usually already in time order.
      for (let k = a + 1; k < b; k++) {
        const v = order[k];
        const tv = t[v];
        let m = k - 1;
        while (m >= a && (t[order[m]] > tv || (t[order[m]] === tv && order[m] > v))) {
          order[m + 1] = order[m];
          m--;
        }
        order[m + 1] = v;
      }
    }
    return { order, offsets };
  }
}
