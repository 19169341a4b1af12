/**
 * What the URL asks of a venue output, beside the page params (src/app/params.ts):
 * - `?wall=3x2&output=4`: this page is output 4 (row by row from 0) of a 3 x 2 wall; without `wall`
 *   the config's display.venue.wall is used when it has more than one output. `&tile=4`, the older
 *   name, is still taken (kiosk scripts have it);
 * - `?calibrate=1`: the corner-pin calibration view.
 * (`?now=` is the page core's, src/app/params.ts; `?quality=fixed` adaptive quality's, src/app/parts/.)
 */
import { parseWall } from './wall.ts';

export interface VenueParams {
  wall: { columns: number; rows: number } | null;
  /** The output this page draws (0 when the URL names none, or names one that is not a number). */
  output: number;
  /** What the URL said (`output=` or `tile=`), for refusing an output that is not on the wall (wall.ts outputRefusal); null when it says nothing. */
  outputAsked: string | null;
  calibrate: boolean;
}

export function readVenueParams(search: string): VenueParams {
  const q = new URLSearchParams(search);
  const asked = q.get('output') ?? q.get('tile');
  const output = Number(asked ?? '0');
  return {
    wall: parseWall(q.get('wall')),
    output: Number.isInteger(output) && output >= 0 ? output : 0,
    outputAsked: asked,
    calibrate: q.get('calibrate') === '1' || q.get('calibrate') === 'true',
  };
}
