/**
 * The server-rendered control pages: the venue's phone remote (/remote, src/node/venue/remote/) and
 * the moderators' page (/moderate, src/node/contributions/moderate/). One head, one stylesheet
 * (control.css, beside this file), one set of response headers for the pages and their JSON APIs.
 *
 * The Content-Security-Policy allows scripts and styles from this origin only and nothing inline
 * (no nonce, no hash): the head links its stylesheets and script as files, never inlines them, and
 * a page's body file carries no inline script, style element or style attribute.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

const SHARED_DIR = fileURLToPath(new URL('./', import.meta.url));

/** Headers of every control page, its files and its API's answers (the contribution form's API's too). */
export const CONTROL_HEADERS = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
} as const;

export interface ControlPage {
  /** Where it is served: the document at `base`, its files at `base/<file>` (and `base/control.css`). */
  base: string;
  /** The folder of its own files: its body, script and stylesheet. */
  dir: string;
  title: string;
  /** Its own script (an ES module) in `dir`. */
  script?: string;
  /** Its own stylesheet in `dir`, linked after control.css. */
  stylesheet?: string;
  /**
   * The file in `dir` holding the `<body>` contents to serve now (read at each request); `bare`
   * leaves the script out (the remote's page that says it is off).
   */
  body(): { file: string; bare?: boolean };
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A control page's whole document: the shared head, then `body` (the `<body>` contents). */
export function controlDocument(page: Omit<ControlPage, 'dir' | 'body'>, body: string, bare = false): string {
  const href = (file: string) => escapeText(`${page.base}/${file}`);
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="dark">',
    `<title>${escapeText(page.title)}</title>`,
    `<link rel="stylesheet" href="${href('control.css')}">`,
    ...(page.stylesheet ? [`<link rel="stylesheet" href="${href(page.stylesheet)}">`] : []),
    ...(page.script && !bare ? [`<script type="module" src="${href(page.script)}"></script>`] : []),
  ];
  return `<!doctype html>\n<html lang="en">\n<head>\n${head.map((l) => `  ${l}\n`).join('')}</head>\n<body>\n${body}</body>\n</html>\n`;
}

/** Registers the page's document, the shared stylesheet and its own files on `app`, each with CONTROL_HEADERS. */
export function mountControlPage(app: FastifyInstance, page: ControlPage): void {
  const send = (reply: FastifyReply, type: string, content: string | Buffer) => reply.headers(CONTROL_HEADERS).type(type).send(content);
  app.get(page.base, async (_req, reply) => {
    const { file, bare } = page.body();
    return send(reply, 'text/html; charset=utf-8', controlDocument(page, readFileSync(join(page.dir, file), 'utf8'), bare));
  });
  app.get(`${page.base}/control.css`, async (_req, reply) => send(reply, 'text/css; charset=utf-8', readFileSync(join(SHARED_DIR, 'control.css'))));
  if (page.stylesheet) {
    const file = join(page.dir, page.stylesheet);
    app.get(`${page.base}/${page.stylesheet}`, async (_req, reply) => send(reply, 'text/css; charset=utf-8', readFileSync(file)));
  }
  if (page.script) {
    const file = join(page.dir, page.script);
    app.get(`${page.base}/${page.script}`, async (_req, reply) => send(reply, 'text/javascript; charset=utf-8', readFileSync(file)));
  }
}
