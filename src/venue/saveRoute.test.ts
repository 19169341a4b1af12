import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { cornerPinSaveRoute, readPinBody, withCornerPin } from './saveRoute.ts';

const pin = [[0.02, 0.01], [0.98, 0], [1, 1], [0, 0.97]];

describe('readPinBody', () => {
  it.each([
    [{ output: 1, pin }, null],
    [{ output: -1, pin }, /output: expected a whole number/],
    [{ output: 0, pin: pin.slice(0, 3) }, /four \[x, y\] corners/],
    [{ output: 0, pin: [[0, 0], [1, 1], [1, 0], [0, 1]] }, /fold over/],
    [null, /JSON object/],
  ])('%j', (body, error) => {
    const r = readPinBody(body);
    if (error) expect('error' in r && r.error).toMatch(error);
    else expect('error' in r).toBe(false);
  });
});

describe('withCornerPin', () => {
  it('fills earlier outputs with the identity and keeps everything else', () => {
    const out = withCornerPin(JSON.stringify({ title: 'x', display: { targetFps: 30 } }), 2, pin as never) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(out.title).toBe('x');
    expect(out.display.targetFps).toBe(30);
    expect(out.display.venue.cornerPin).toHaveLength(3);
    expect(out.display.venue.cornerPin[0]).toEqual([[0, 0], [1, 0], [1, 1], [0, 1]]);
    expect(out.display.venue.cornerPin[2]).toEqual(pin);
  });
});

describe('cornerPinSaveRoute', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  async function post(body: string, name = 'demo'): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const req = new PassThrough() as unknown as IncomingMessage & PassThrough;
    req.url = `/installations/${name}/corner-pin`;
    req.method = 'POST';
    let text = '';
    const res = { statusCode: 200, setHeader() {}, end: (t: string) => (text = t) } as unknown as ServerResponse;
    const done = cornerPinSaveRoute(root, () => ['demo'])(req, res, () => {});
    (req as unknown as PassThrough).end(body);
    await done;
    return { status: res.statusCode, json: JSON.parse(text) };
  }

  it('saves a pin into the config (atomically, with a backup) and rejects what the schema rejects', async () => {
    root = mkdtempSync(join(tmpdir(), 'noctiluca-pin-'));
    const src = new URL('../../installations/starter/installation.json', import.meta.url).pathname;
    mkdirSync(join(root, 'demo'));
    writeFileSync(join(root, 'demo', 'installation.json'), readFileSync(src, 'utf8').replace('"name": "starter"', '"name": "demo"'));
    const ok = await post(JSON.stringify({ output: 0, pin }));
    expect(ok.status).toBe(200);
    const saved = JSON.parse(readFileSync(join(root, 'demo', 'installation.json'), 'utf8'));
    expect(saved.display.venue.cornerPin[0]).toEqual(pin);
    expect(readdirSync(join(root, 'demo')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(join(root, 'demo'))).toContain('installation.bak.json');
    // Output 5 on a one-output wall: the config's own rule says why, and the file is unchanged.
    const bad = await post(JSON.stringify({ output: 5, pin }));
    expect(bad.status).toBe(422);
    expect(bad.json.error).toMatch(/not saved: installations\/demo\/installation\.json: display\.venue\.cornerPin/);
    expect(JSON.parse(readFileSync(join(root, 'demo', 'installation.json'), 'utf8'))).toEqual(saved);
    expect((await post('{', 'demo')).status).toBe(400);
    expect((await post(JSON.stringify({ output: 0, pin }), 'nope')).status).toBe(404);
  });
});
