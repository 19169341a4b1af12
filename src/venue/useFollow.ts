/**
 * Following a venue server (src/venue/follow.ts), as a part of venue mode (src/app/parts/part.ts):
 * active when the URL names the output (`&link=<id>`, added by the server's /output/<id>); a plain
 * static copy never links. It reads the wall and the stage's counts from the venue part's
 * `window.noctiluca.venue`, so it needs nothing else from the page.
 */
import { useEffect } from 'react';
import type { PagePart } from '../app/parts/part.ts';
import { followVenue } from './follow.ts';

export const useFollowVenue: PagePart = (core) => {
  useEffect(() => {
    const q = new URLSearchParams(location.search);
    const link = q.get('link');
    if (!link) return;
    return followVenue({
      link,
      launch: q.get('launch'),
      clock: core.clock,
      frozenByUrl: core.params.time !== null,
      wall: () => {
        const w = window.noctiluca.venue?.wall();
        return { wall: w ? `${w.wall.columns}x${w.wall.rows}` : '1x1', wallOutput: w?.output ?? 0, refused: w?.refused ?? null };
      },
      stage: () => {
        const s = window.noctiluca.venue?.stats();
        return { losses: s?.losses ?? core.stage.losses, recoveries: s?.recoveries ?? core.stage.recoveries, rebuilds: s?.rebuilds ?? core.stage.rebuilds, qualityStep: s?.qualityStep ?? 0 };
      },
      wallNow: () => core.params.now ?? Date.now(),
      expose: (api) => core.expose('venueLink', api),
    });
  }, [core]);
};
