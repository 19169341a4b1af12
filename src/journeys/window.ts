/**
 * The time window's journeys (config data.window.keep): a journey with no care event inside the
 * window would be a cell that never lights, whose card lists years the mosaic does not show (a
 * patient who died before the export's history began). By default they are left out; "all" keeps
 * them. Pure: works on the store's journey grouping (JourneyStore.groupByJourney).
 */

export interface JourneyGrouping {
  /** Journey ids, by journey index. */
  ids: readonly string[];
  /** Event indices, journey by journey, each journey's in time order. */
  order: Uint32Array;
  /** Journey j's events are order[offsets[j]] … order[offsets[j + 1] - 1]. */
  offsets: Uint32Array;
}

/**
 * The grouping of the journeys with at least one event in [start, end) (UTC ms), and how many were
 * left out. The same grouping, untouched, when every journey has one.
 */
export function journeysInWindow(g: JourneyGrouping, time: ArrayLike<number>, start: number, end: number): JourneyGrouping & { left: number } {
  const J = g.ids.length;
  const keep = new Uint8Array(J);
  let kept = 0;
  let events = 0;
  for (let j = 0; j < J; j++) {
    for (let q = g.offsets[j]; q < g.offsets[j + 1]; q++) {
      const t = time[g.order[q]];
      if (t >= start && t < end) {
        keep[j] = 1;
        kept++;
        events += g.offsets[j + 1] - g.offsets[j];
        break;
      }
    }
  }
  if (kept === J) return { ...g, left: 0 };
  const ids: string[] = [];
  const order = new Uint32Array(events);
  const offsets = new Uint32Array(kept + 1);
  let e = 0;
  for (let j = 0; j < J; j++) {
    if (!keep[j]) continue;
    ids.push(g.ids[j]);
    order.set(g.order.subarray(g.offsets[j], g.offsets[j + 1]), e);
    e += g.offsets[j + 1] - g.offsets[j];
    offsets[ids.length] = e;
  }
  return { ids, order, offsets, left: J - kept };
}
