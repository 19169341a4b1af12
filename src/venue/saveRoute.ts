/**
 * Dev-server route for the calibration view: saves one output's corner pin into the installation's
 * display config. POST /installations/<name>/corner-pin with {"output": 2, "pin": [[x,y] x4]}.
 * The save itself is the tuning panel's (src/node/saveConfig.ts): validated with the same parser as
 * every config, only the changed values written into the text, the old file kept as
 * installation.bak.json, the new one put in place atomically. The dev server's watcher then
 * announces the change and every open output applies it.
 * Node only (the dev server); `vite build` has no such route.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { saveInstallationConfig } from '../node/saveConfig.ts';
import { IDENTITY_PIN, isConvexPin, type CornerPin } from './cornerPin.ts';

const ROUTE = /^\/installations\/([a-z0-9][a-z0-9-]*)\/corner-pin$/;

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
  const json = JSON.parse(text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  json.display ??= {};
  json.display.venue ??= {};
  const pins: CornerPin[] = Array.isArray(json.display.venue.cornerPin) ? json.display.venue.cornerPin : [];
  while (pins.length <= output) pins.push(IDENTITY_PIN.map((p) => [...p]) as CornerPin);
  pins[output] = pin;
  json.display.venue.cornerPin = pins;
  return json;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      data += c;
      if (data.length > 65536) reject(new Error('body too large'));
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

/** Connect middleware for the dev server. */
export function cornerPinSaveRoute(root: string, known: () => string[], base = '/') {
  return async (req: IncomingMessage, res: ServerResponse, next: () => void): Promise<void> => {
    const path = (req.url ?? '').split('?')[0];
    const m = ROUTE.exec(path.startsWith(base) ? `/${path.slice(base.length)}` : path);
    if (!m || req.method !== 'POST') return next();
    const reply = (status: number, body: object) => {
      res.statusCode = status;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(body));
    };
    const name = m[1];
    const file = `installations/${name}/installation.json`;
    if (!known().includes(name)) return reply(404, { error: `no installation named "${name}"` });
    try {
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch {
        return reply(400, { error: 'corner-pin: the request body is not JSON' });
      }
      const checked = readPinBody(body);
      if ('error' in checked) return reply(400, { error: `corner-pin: ${checked.error}` });
      const path = join(root, name, 'installation.json');
      const next = withCornerPin(await readFile(path, 'utf8'), checked.output, checked.pin);
      const saved = await saveInstallationConfig(root, name, next);
      if (!saved.ok) return reply(422, { error: `not saved: ${saved.errors.join('; ')}` });
      return reply(200, { saved: saved.file, output: checked.output, pin: checked.pin });
    } catch (err) {
      return reply(500, { error: `${file}: not saved (${err instanceof Error ? err.message : String(err)})` });
    }
  };
}
