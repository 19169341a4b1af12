/**
 * The raw journeys as the artist's machine holds them, for the risk report's attacks: the ground
 * truth an artefact is compared with. Never part of the artefact. Journeys are numbered in order of
 * first appearance, as the bake's JourneyStore numbers them.
 */
import { EVENT_KINDS, type CareEvent, type EventSink } from '../data/events';
import { rowTier } from '../data/values';
import { TIER_GLOW, TIER_STORY } from './policy';

export interface RawJourney {
  id: string;
  /** Sorted by time (ties in arrival order). UTC ms. */
  time: Float64Array;
  /** Index into EVENT_KINDS. */
  kind: Uint8Array;
  /** NaN when not recorded. */
  pain: Float32Array;
  /** The latest non-empty value of each, as the bake picks them. */
  community?: string;
  ageBand?: string;
  access?: string;
  /** The journey's tier (latest answer), TIER_GLOW when never asked. */
  tier: number;
  /** Story text of rows whose own answer allowed a story. */
  storyRows: string[];
}

/** A sink that keeps every event (for the report on the artist's machine; not for 1M-event logs in a build). */
export function rawJourneyCollector(): { sink: EventSink; finish(): RawJourney[] } {
  const byId = new Map<string, CareEvent[]>();
  return {
    sink: {
      event(e) {
        let list = byId.get(e.journeyId);
        if (!list) byId.set(e.journeyId, (list = []));
        list.push(e);
      },
      issue() {},
    },
    finish() {
      const out: RawJourney[] = [];
      for (const [id, list] of byId) {
        const events = list.map((e, i) => ({ e, i })).sort((a, b) => a.e.time - b.e.time || a.i - b.i).map((x) => x.e);
        const latest = (get: (e: CareEvent) => string | undefined) => {
          for (let q = events.length; q-- > 0; ) {
            const v = get(events[q]);
            if (v) return v;
          }
          return undefined;
        };
        let tier = TIER_GLOW;
        const storyRows: string[] = [];
        for (const e of events) {
          const t = rowTier(e);
          if (t !== undefined) tier = t;
          if (t !== undefined && t >= TIER_STORY && e.story) storyRows.push(e.story);
        }
        out.push({
          id,
          time: Float64Array.from(events, (e) => e.time),
          kind: Uint8Array.from(events, (e) => Math.max(0, EVENT_KINDS.indexOf(e.kind))),
          pain: Float32Array.from(events, (e) => e.pain ?? NaN),
          community: latest((e) => e.community),
          ageBand: latest((e) => e.ageBand),
          access: latest((e) => e.access),
          tier,
          storyRows,
        });
      }
      return out;
    },
  };
}
