import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { MODERATION_PAGE } from '../contributions/routes.ts';
import { remotePage } from '../venue/server.ts';
import { CONTROL_HEADERS, mountControlPage, type ControlPage } from './controlPage.ts';

const apps: ReturnType<typeof Fastify>[] = [];
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
});

async function serve(page: ControlPage) {
  const app = Fastify();
  apps.push(app);
  mountControlPage(app, page);
  await app.ready();
  return app;
}

const cases: [string, ControlPage, { scripts: string[]; styles: string[]; text: RegExp }][] = [
  ['the moderators\' page', MODERATION_PAGE, { scripts: ['/moderate/moderate.js'], styles: ['/moderate/control.css', '/moderate/moderate.css'], text: /Contributions to moderate/ }],
  ['the remote', remotePage(true), { scripts: ['/remote/remote.js'], styles: ['/remote/control.css'], text: /id="controls"/ }],
  ['the remote when it is off', remotePage(false), { scripts: [], styles: ['/remote/control.css'], text: /The remote is off/ }],
];

describe.each(cases)('%s', (_name, page, expected) => {
  it('is one document with the shared head, under the control pages\' headers, linking only files', async () => {
    const app = await serve(page);
    const r = await app.inject({ url: page.base });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    for (const [k, v] of Object.entries(CONTROL_HEADERS)) expect(r.headers[k.toLowerCase()]).toBe(v);
    const html = r.body;
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">\n<head>\n {2}<meta charset="utf-8">/);
    expect(html).toContain(`<title>${page.title}</title>`);
    expect(html).toMatch(expected.text);
    expect(html.match(/<body>/g)).toHaveLength(1);
    // The CSP allows no inline script or style (no nonce): everything is a file of this origin.
    expect(html).not.toMatch(/<style|\sstyle=|<script(?![^>]*\ssrc=)/);
    expect([...html.matchAll(/<script type="module" src="([^"]+)"><\/script>/g)].map((m) => m[1])).toEqual(expected.scripts);
    expect([...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1])).toEqual(expected.styles);
  });

  it('serves every file its head links, with the same headers', async () => {
    const app = await serve(page);
    for (const [url, type] of [...expected.scripts.map((u) => [u, 'text/javascript; charset=utf-8']), ...expected.styles.map((u) => [u, 'text/css; charset=utf-8'])]) {
      const r = await app.inject({ url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type'], url).toBe(type);
      expect(r.headers['content-security-policy'], url).toBe(CONTROL_HEADERS['Content-Security-Policy']);
      expect(r.body.length, url).toBeGreaterThan(100);
    }
    expect((await app.inject({ url: `${page.base}/nothing.css` })).statusCode).toBe(404);
  });
});

it('the shared stylesheet is the base both pages build on: the page\'s own rules come after it', async () => {
  const app = await serve(MODERATION_PAGE);
  const html = (await app.inject({ url: '/moderate' })).body;
  expect(html.indexOf('/moderate/control.css')).toBeLessThan(html.indexOf('/moderate/moderate.css'));
  expect((await app.inject({ url: '/moderate/control.css' })).body).toMatch(/^:root \{/m);
});
