/**
 * Every dev-server route, in one table (development only; `vite build` has none):
 *
 *   GET  /installations/index.json                  names, titles, descriptions
 *   GET  /installations/<name>/installation.json    the config as written
 *   GET  /installations/<name>/mosaic.bin           the baked, anonymised mosaic (made on request)
 *   GET  /installations/<name>/<mask>.png           a mask image the config or one of its presets names
 *   POST /__noctiluca/save/<name>                   the tuned config          → { ok, file, backup }
 *   GET  /__noctiluca/presets/<name>                                          → { ok, presets, errors }
 *   POST /__noctiluca/presets/<name>/<preset>       { description, values }   → { ok, file }
 *   POST /__noctiluca/corner-pin/<name>             { output, pin }           → { ok, file, output, pin }
 *
 * Nothing else under /installations/ is answered: raw data, the folder itself and anything
 * `data.source` names are never served (the plugin also denies them to Vite's own file serving).
 * A route that changes state says so (`changes: true`) and is guarded (guard.ts): it runs only for
 * a same-origin JSON request with this session's token. New routes are added to this table.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DevSession, foreignOrigin, guardStateChange } from './guard.ts';
import { readJsonBody, reply, RouteError, type Reply } from './http.ts';

/** What a handler answers: a JSON reply, or a file (the config text, the baked bytes). */
export type Answer = { status?: number; json: Reply } | { status?: number; contentType: string; body: string | Uint8Array };

export interface RouteContext {
  req: IncomingMessage;
  /** The path's captured parts, decoded. */
  params: string[];
  /** The request body as JSON (read once, size-limited). */
  body(): Promise<unknown>;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Matched against the path below the base, e.g. /__noctiluca/save/harmonia. */
  path: RegExp;
  /** True when the route writes files or changes what the server does: guarded. */
  changes: boolean;
  handle(ctx: RouteContext): Promise<Answer>;
}

/** Paths that belong to the dev server: anything here that no route answers is a 404, never a file. */
const OWN_PREFIXES = ['/installations/', '/__noctiluca/'];

function send(res: ServerResponse, a: Answer): void {
  if ('json' in a) return reply(res, a.status ?? 200, a.json);
  res.statusCode = a.status ?? 200;
  res.setHeader('Content-Type', a.contentType);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(typeof a.body === 'string' ? a.body : Buffer.from(a.body.buffer, a.body.byteOffset, a.body.byteLength));
}

/** Connect middleware for a route table. `base` is the site's base path ('/' by default). */
export function devRoutes(routes: readonly Route[], session: DevSession, base = '/') {
  return async (req: IncomingMessage, res: ServerResponse, next: () => void): Promise<void> => {
    const raw = (req.url ?? '').split('?')[0];
    const path = raw.startsWith(base) ? `/${raw.slice(base.length)}` : raw;
    // Vite's "open in editor" link: only for this server's own pages (its error overlay).
    if (path === '/__open-in-editor') {
      const foreign = foreignOrigin(req, session);
      return foreign ? reply(res, 403, { ok: false, errors: [`refused: ${foreign}`] }) : next();
    }
    if (!OWN_PREFIXES.some((p) => path.startsWith(p))) return next();
    let matched: { route: Route; m: RegExpExecArray } | null = null;
    let otherMethod = false;
    for (const route of routes) {
      const m = route.path.exec(path);
      if (!m) continue;
      if (route.method === req.method) {
        matched = { route, m };
        break;
      }
      otherMethod = true;
    }
    try {
      if (!matched) {
        throw otherMethod
          ? new RouteError(405, [`${req.method} ${path}: this route does not take ${req.method}`])
          : new RouteError(404, [`${path}: not found (the dev server serves an installation's config, baked mosaic and mask images, never its other files)`]);
      }
      const { route, m } = matched;
      if (route.changes) guardStateChange(req, session);
      else {
        const foreign = foreignOrigin(req, session);
        if (foreign) throw new RouteError(403, [`refused: ${foreign}`]);
      }
      let body: Promise<unknown> | null = null;
      let params: string[];
      try {
        params = m.slice(1).map((p) => (p === undefined ? p : decodeURIComponent(p)));
      } catch {
        throw new RouteError(400, [`${path}: the path is not valid percent-encoding`]);
      }
      send(res, await route.handle({ req, params, body: () => (body ??= readJsonBody(req)) }));
    } catch (err) {
      if (err instanceof RouteError) return reply(res, err.status, { ok: false, errors: err.errors });
      return reply(res, 500, { ok: false, errors: [err instanceof Error ? err.message : String(err)] });
    }
  };
}
