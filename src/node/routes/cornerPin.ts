/**
 * The venue calibration view's route: saves one output's corner pin into the installation's display
 * config. POST /__noctiluca/corner-pin/<name> with {"output": 2, "pin": [[x,y] x4]}. The save is the
 * tuning panel's (src/node/saveConfig.ts): validated with the same parser as every config, only the
 * changed values written into the text, the old file kept as installation.bak.json, the new one put
 * in place atomically, under the installation's lock (two outputs saved at once both keep their
 * pin). The dev server's watcher then announces the change and every open output applies it.
 */
import { parseJson } from '../../config/json.ts';
import { IDENTITY_PIN, isConvexPin, type CornerPin } from '../../config/cornerPin.ts';
import { updateInstallationConfig } from '../saveConfig.ts';
import { RouteError } from './http.ts';
import type { Route } from './index.ts';
import { saved } from './studio.ts';

/** Checks a posted body; returns the output and pin, or a message saying what is wrong. */
export function readPinBody(body: unknown): { output: number; pin: CornerPin } | { error: string } {
  const b = body as { output?: unknown; pin?: unknown } | null;
  if (!b || typeof b !== 'object') return { error: 'expected a JSON object {"output": n, "pin": [[x, y] x 4]}' };
  if (!Number.isInteger(b.output) || (b.output as number) < 0) return { error: `output: expected a whole number from 0, got ${JSON.stringify(b.output)}` };
  const pin = b.pin;
  const ok =
    Array.isArray(pin) &&
    pin.length === 4 &&
    pin.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= -1 && v <= 2));
  if (!ok) return { error: 'pin: expected four [x, y] corners (fractions of the output, -1 to 2)' };
  if (!isConvexPin(pin as CornerPin)) return { error: 'pin: the corners fold over each other; drag them back into a convex shape' };
  return { output: b.output as number, pin: (pin as number[][]).map((p) => [round(p[0]), round(p[1])]) as CornerPin };
}

const round = (v: number) => Math.round(v * 10000) / 10000;

/** Sets display.venue.cornerPin[output] in the config text (earlier outputs get the identity pin). */
export function withCornerPin(text: string, output: number, pin: CornerPin): Record<string, unknown> {
  const json = parseJson(text, { positions: false }).value as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  json.display ??= {};
  json.display.venue ??= {};
  const pins: CornerPin[] = Array.isArray(json.display.venue.cornerPin) ? json.display.venue.cornerPin : [];
  while (pins.length <= output) pins.push(IDENTITY_PIN.map((p) => [...p]) as CornerPin);
  pins[output] = pin;
  json.display.venue.cornerPin = pins;
  return json;
}

export function cornerPinRoutes(root: string, known: () => string[]): Route[] {
  return [
    {
      method: 'POST',
      path: /^\/__noctiluca\/corner-pin\/([a-z0-9][a-z0-9-]*)$/,
      changes: true,
      async handle({ params, body }) {
        const name = params[0];
        if (!known().includes(name)) throw new RouteError(404, [`no installation named "${name}"`]);
        const checked = readPinBody(await body());
        if ('error' in checked) throw new RouteError(400, [`corner-pin: ${checked.error}; not saved`]);
        const result = await updateInstallationConfig(root, name, (text) => withCornerPin(text, checked.output, checked.pin));
        return saved(result, { output: checked.output, pin: checked.pin });
      },
    },
  ];
}
