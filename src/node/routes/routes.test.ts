/**
 * The dev-server routes over real HTTP (a Node server with the route table): the guard refuses what
 * a page on another origin can send, the body reader holds its limits and never quotes the body,
 * every JSON answer has the one reply shape, and only the config and the bake are served.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listInstallations } from '../config.ts';
import { cornerPinRoutes } from './cornerPin.ts';
import { createDevSession, isAllowedHost, SESSION_HEADER } from './guard.ts';
import { devRoutes } from './index.ts';
import { createInstallationStore, installationRoutes } from './installations.ts';
import { studioRoutes } from './studio.ts';

let root: string;
let server: Server;
let origin = '';
const session = createDevSession([]);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'noctiluca-routes-'));
  cpSync(new URL('../../../installations/starter', import.meta.url).pathname, join(root, 'piece'), { recursive: true });
  const f = join(root, 'piece', 'installation.json');
  writeFileSync(f, readFileSync(f, 'utf8').replace('"name": "starter"', '"name": "piece"'));
  const known = () => listInstallations(root);
  const routes = [...installationRoutes(createInstallationStore(root)), ...studioRoutes(root, known), ...cornerPinRoutes(root, known)];
  const mw = devRoutes(routes, session);
  server = createServer((req, res) => {
    void mw(req, res, () => {
      res.statusCode = 418; // "not ours": what Vite would get
      res.end('next');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(root, { recursive: true, force: true });
});

const config = () => JSON.parse(readFileSync(join(root, 'piece', 'installation.json'), 'utf8'));
const good = (extra: Record<string, string> = {}) => ({ 'Content-Type': 'application/json', [SESSION_HEADER]: session.token, Origin: origin, 'Sec-Fetch-Site': 'same-origin', ...extra });
/** A request through node:http, which (unlike fetch) lets a test set the Host header. */
function raw(method: string, path: string, headers: Record<string, string>, body = ''): Promise<{ status: number; json(): Promise<any> }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return new Promise((resolve, reject) => {
    const req = request(origin + path, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: async () => JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const save = (headers: Record<string, string>, body: unknown = { ...config(), title: 'Changed' }) =>
  raw('POST', '/__noctiluca/save/piece', headers, typeof body === 'string' ? body : JSON.stringify(body));

describe('the guard of state-changing routes', () => {
  it.each([
    ['another origin', { Origin: 'http://localhost:9999' }, /another origin \("http:\/\/localhost:9999"\)/],
    ['an opaque origin', { Origin: 'null' }, /an opaque origin/],
    ['another site', { 'Sec-Fetch-Site': 'cross-site' }, /another site \(Sec-Fetch-Site: cross-site\)/],
    ['another origin of this site', { 'Sec-Fetch-Site': 'same-site' }, /another origin of this site/],
    ['a form body', { 'Content-Type': 'text/plain' }, /must be declared as JSON .*got "text\/plain"/],
    ['a urlencoded body', { 'Content-Type': 'application/x-www-form-urlencoded' }, /must be declared as JSON/],
    ['no token', { [SESSION_HEADER]: '' }, /has no session token/],
    ['a wrong token', { [SESSION_HEADER]: 'x'.repeat(43) }, /not this dev server's/],
    ['a rebound host name', { Host: 'attacker.example:5173' }, /names the host "attacker\.example:5173"/],
  ])('refuses %s with 403 and a message; nothing is written', async (_what, headers, message) => {
    const before = readFileSync(join(root, 'piece', 'installation.json'), 'utf8');
    const r = await save(good(headers as Record<string, string>));
    expect(r.status).toBe(403);
    const body = await r.json();
    expect(body).toEqual({ ok: false, errors: [expect.stringMatching(message)] });
    expect(body.errors[0]).toMatch(/^refused: .*; nothing was changed$/);
    expect(readFileSync(join(root, 'piece', 'installation.json'), 'utf8')).toBe(before);
  });

  it('lets the studio page (same origin, JSON, token) save, with the one reply shape', async () => {
    const r = await save(good());
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true, file: 'installations/piece/installation.json', backup: 'installations/piece/installation.bak.json' });
    expect(config().title).toBe('Changed');
  });

  it('lets a local tool with the token save (no Origin, no Sec-Fetch-Site)', async () => {
    const r = await save({ 'Content-Type': 'application/json; charset=utf-8', [SESSION_HEADER]: session.token }, { ...config(), title: 'By a tool' });
    expect(r.status).toBe(200);
  });

  it('guards presets and the corner pin the same way', async () => {
    for (const [path, body] of [
      ['/__noctiluca/presets/piece/calm', { description: 'Calm', values: { 'look.exposure': 1.5 } }],
      ['/__noctiluca/corner-pin/piece', { output: 0, pin: [[0.1, 0.1], [0.9, 0], [1, 1], [0, 1]] }],
    ] as const) {
      const refused = await fetch(origin + path, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(body) });
      expect(refused.status).toBe(403);
      const ok = await fetch(origin + path, { method: 'POST', headers: good(), body: JSON.stringify(body) });
      expect([ok.status, (await ok.json()).ok]).toEqual([200, true]);
    }
    expect(config().display.venue.cornerPin[0]).toEqual([[0.1, 0.1], [0.9, 0], [1, 1], [0, 1]]);
  });

  it('four corner pins saved at once all stay', async () => {
    const f = join(root, 'piece', 'installation.json');
    writeFileSync(f, JSON.stringify({ ...config(), display: { venue: { wall: { columns: 2, rows: 2 } } } }, null, 2));
    const pin = (k: number) => [[0.01 * (k + 1), 0], [1, 0], [1, 1], [0, 1]];
    const rs = await Promise.all([0, 1, 2, 3].map((k) => fetch(`${origin}/__noctiluca/corner-pin/piece`, { method: 'POST', headers: good(), body: JSON.stringify({ output: k, pin: pin(k) }) })));
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(config().display.venue.cornerPin).toEqual([0, 1, 2, 3].map(pin));
    expect(readdirSync(join(root, 'piece')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('the body reader', () => {
  it('refuses a body over 1 MiB with 413', async () => {
    const r = await save(good(), JSON.stringify({ title: 'x'.repeat(1.2 * 1024 * 1024) }));
    expect(r.status).toBe(413);
    expect((await r.json()).errors[0]).toMatch(/over 1,048,576 bytes/);
  });

  it('refuses a body that is not JSON with 400, giving the position, never the text', async () => {
    const r = await save(good(), '{"title": "SECRET-TEXT", oops}');
    expect(r.status).toBe(400);
    const { errors } = await r.json();
    expect(errors[0]).toMatch(/^the request body is not JSON \(.*at line 1, column 26\); nothing was saved$/);
    expect(errors[0]).not.toContain('SECRET');
  });

  it('refuses deep nesting without a stack overflow', async () => {
    const r = await save(good(), `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(r.status).toBe(400);
    expect((await r.json()).errors[0]).toMatch(/nested more than 64 levels deep/);
  });

  it('an invalid config is 422 with the config messages', async () => {
    const r = await save(good(), { ...config(), look: { bloom: { intensity: 'bright' } } });
    expect(r.status).toBe(422);
    expect((await r.json()).errors[0]).toMatch(/look\.bloom\.intensity: expected a number/);
  });
});

describe('what the dev server answers under /installations/', () => {
  it('the config and the baked mosaic, and nothing else of the folder', async () => {
    expect((await fetch(`${origin}/installations/piece/installation.json`)).status).toBe(200);
    const bin = await fetch(`${origin}/installations/piece/mosaic.bin`);
    expect([bin.status, bin.headers.get('content-type')]).toEqual([200, 'application/octet-stream']);
    expect((await fetch(`${origin}/installations/index.json`)).status).toBe(200);
    for (const path of ['/installations/piece/journeys.csv', '/installations/piece/', '/installations/piece/installation.bak.json', '/installations/piece/presets/calm.json', '/installations/piece/.bake/mosaic.bin', '/installations/nope/installation.json']) {
      const r = await fetch(origin + path);
      expect([path, r.status]).toEqual([path, 404]);
      const body = await r.text();
      expect(body).not.toMatch(/journey_id|checkup/);
      expect(JSON.parse(body).ok).toBe(false);
    }
  });

  it('an installation.json that links out of its folder is not served', async () => {
    const dir = join(root, 'linked');
    mkdirSync(dir);
    writeFileSync(join(root, 'secret.json'), '{"SECRET": 1}');
    symlinkSync(join(root, 'secret.json'), join(dir, 'installation.json'));
    const r = await fetch(`${origin}/installations/linked/installation.json`);
    expect(r.status).toBe(403);
    expect(await r.text()).not.toContain('SECRET');
  });

  it('other paths go on to Vite; a wrong method is 405', async () => {
    expect((await fetch(`${origin}/src/main.ts`)).status).toBe(418);
    expect((await fetch(`${origin}/__noctiluca/save/piece`)).status).toBe(405);
  });

  it('reads refuse other hosts too (DNS rebinding)', async () => {
    const r = await raw('GET', '/installations/piece/installation.json', { Host: 'evil.example' });
    expect(r.status).toBe(403);
  });
});

describe('allowed hosts', () => {
  it.each([
    ['localhost:5173', true],
    ['127.0.0.1:5173', true],
    ['[::1]:5173', true],
    ['studio.localhost', true],
    ['evil.example', false],
    ['', false],
  ])('%s → %s', (host, ok) => expect(isAllowedHost(host, [])).toBe(ok));
  it('follows Vite’s allowedHosts', () => {
    expect(isAllowedHost('box.lan:5173', ['.lan'])).toBe(true);
    expect(isAllowedHost('anything', true)).toBe(true);
  });
});
