/**
 * How the dev server's routes speak: one body reader (size-limited, JSON only, nesting held to 64
 * levels, errors that never quote the body), one reply shape for every JSON answer, and one error
 * type a handler throws to refuse a request. Node only; `vite build` has no routes.
 *
 *   { "ok": true, …what the route returns }
 *   { "ok": false, "errors": ["what was wrong and what happens now", …] }
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseDataJson } from '../../data/json.ts';

/** The largest request body a route reads: a config or a preset is a few kilobytes. */
export const MAX_BODY = 1 << 20;

export type Reply = ({ ok: true } & Record<string, unknown>) | { ok: false; errors: string[] };

/** A refused request: the status and the messages of the reply. */
export class RouteError extends Error {
  constructor(
    readonly status: number,
    readonly errors: string[],
  ) {
    super(errors.join('; '));
  }
}

/** Send a JSON reply (never cached, never sniffed as anything else). */
export function reply(res: ServerResponse, status: number, body: Reply): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(JSON.stringify(body));
}

/** Read a request body as JSON: at most `maxBytes`, refused with 413 past it and 400 when it is not JSON. */
export function readJsonBody(req: IncomingMessage, maxBytes = MAX_BODY): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (e: RouteError) => {
      if (done) return;
      done = true;
      reject(e);
    };
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > maxBytes) {
        fail(new RouteError(413, [`the request body is over ${maxBytes.toLocaleString('en-US')} bytes; nothing was saved`]));
        req.resume(); // drain the rest without keeping it
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      const parsed = parseDataJson(Buffer.concat(chunks).toString('utf8'));
      if (parsed.ok) resolve(parsed.value);
      else reject(new RouteError(400, [`the request body is not JSON (${parsed.reason}, at line ${parsed.line}, column ${parsed.column}); nothing was saved`]));
    });
    req.on('error', () => fail(new RouteError(400, ['the request body could not be read; nothing was saved'])));
  });
}
