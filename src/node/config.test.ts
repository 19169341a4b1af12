import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bakeInstallationData } from './bake.ts';
import { listInstallations, loadInstallation, requireInstallation } from './config.ts';
import { defaultDataSpec } from './dataSpec.ts';

function root(entries: Record<string, unknown>): string {
  const r = mkdtempSync(join(tmpdir(), 'noctiluca-config-'));
  for (const [name, config] of Object.entries(entries)) {
    mkdirSync(join(r, name));
    if (config !== undefined) writeFileSync(join(r, name, 'installation.json'), JSON.stringify(config));
  }
  return r;
}

const valid = (name: string) => ({ version: 2, name, title: name, data: { source: 'journeys.csv' } });

describe('installations on disk', () => {
  it('lists folders that hold an installation.json, sorted', () => {
    const r = root({ b: valid('b'), a: valid('a'), empty: undefined });
    expect(listInstallations(r)).toEqual(['a', 'b']);
  });

  it('loads by name, folder or file, with an absolute data source', async () => {
    const r = root({ piece: valid('piece') });
    for (const target of ['piece', join(r, 'piece'), join(r, 'piece', 'installation.json')]) {
      const loaded = await loadInstallation(target, { root: r });
      expect(loaded.errors).toEqual([]);
      expect(loaded.dir).toBe(join(r, 'piece'));
      expect(loaded.config?.name).toBe('piece');
      expect(loaded.dataSpec?.source).toBe(join(r, 'piece', 'journeys.csv'));
    }
  });

  it('warns when the name differs from the folder', async () => {
    const r = root({ folder: valid('other') });
    const loaded = await loadInstallation('folder', { root: r });
    expect(loaded.warnings.map((w) => w.message)).toEqual([
      'the name "other" differs from the folder "folder"; the folder name is used to find the installation',
    ]);
  });

  it('requireInstallation throws every error at once', async () => {
    const r = root({ bad: { version: 2, name: 'bad', title: '', data: {} } });
    await expect(requireInstallation('bad', { root: r })).rejects.toThrow(/title: expected a non-empty string[\s\S]*data\.source: missing/);
  });
});

describe('files stay in their folder', () => {
  const SECRET = 'root:x:0:0:SECRET-first-line';
  const setup = () => {
    const r = root({});
    const outside = join(r, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'passwd.csv'), `${SECRET}\n`);
    // A named pipe: opening it for reading would block until a writer comes, so a test that
    // finishes proves it was never opened.
    execFileSync('mkfifo', [join(outside, 'pipe.csv')]);
    const dir = join(r, 'piece');
    mkdirSync(dir);
    symlinkSync(join(outside, 'passwd.csv'), join(dir, 'linked.csv'));
    symlinkSync(join(outside, 'pipe.csv'), join(dir, 'linked-pipe.csv'));
    symlinkSync(outside, join(dir, 'linked-folder'));
    execFileSync('mkfifo', [join(dir, 'own-pipe.csv')]);
    writeFileSync(join(dir, 'secret.key'), `${SECRET}\n`);
    return { r, dir, outside };
  };
  const write = (dir: string, data: object, layout: object = {}) =>
    writeFileSync(join(dir, 'installation.json'), JSON.stringify({ version: 1, name: 'piece', title: 'P', data, layout }, null, 2));

  it.each([
    ['/etc/passwd', /data\.source: "\/etc\/passwd" leads outside the installation folder \(an absolute path\)/],
    ['../outside/passwd.csv', /data\.source: "\.\.\/outside\/passwd\.csv" leads outside the installation folder \(a "\.\." step\)/],
    ['C:\\Windows\\win.ini', /an absolute path/],
    ['linked.csv', /data\.source: "linked\.csv" leads outside the installation folder \(through a symbolic link\)/],
    ['linked-pipe.csv', /through a symbolic link/],
    ['linked-folder/passwd.csv', /through a symbolic link/],
    ['own-pipe.csv', /data\.source: "own-pipe\.csv" is a pipe \(FIFO\), not a file or folder of data/],
  ])('data.source %s is refused with its JSON path, never opened', async (source, message) => {
    const { r, dir } = setup();
    write(dir, { source });
    const loaded = await loadInstallation('piece', { root: r, checkFiles: true });
    expect(loaded.config).toBeNull();
    expect(loaded.errors.map((e) => e.text).join('\n')).toMatch(message);
    expect(loaded.errors[0].line).toBeGreaterThan(1); // points at the value in the file
    expect(JSON.stringify(loaded.errors)).not.toContain('SECRET');
    // The bake refuses it too, whoever calls it.
    await expect(bakeInstallationData(dir, defaultDataSpec({ source }), 'piece')).rejects.toThrow(/data\.source: .*(leads outside|is a pipe)/);
  });

  it('layout.mask outside the folder is refused the same way', async () => {
    const { r, dir } = setup();
    write(dir, { source: 'journeys.csv' }, { kind: 'mask', mask: '../outside/passwd.csv' });
    const loaded = await loadInstallation('piece', { root: r });
    expect(loaded.errors.map((e) => e.text).join('\n')).toMatch(/layout\.mask: "\.\.\/outside\/passwd\.csv" leads outside the installation folder/);
  });

  it('an installation.json that links out of the folder is not read', async () => {
    const { r, dir, outside } = setup();
    writeFileSync(join(outside, 'other.json'), JSON.stringify({ version: 1, name: 'piece', title: 'P', data: { source: 'x.csv' }, SECRET: 1 }));
    symlinkSync(join(outside, 'other.json'), join(dir, 'installation.json'));
    const loaded = await loadInstallation('piece', { root: r });
    expect(loaded.errors.map((e) => e.text)).toEqual([expect.stringMatching(/installation\.json: the file is a link that leads outside the installation folder/)]);
    expect(JSON.stringify(loaded)).not.toContain('SECRET');
  });

  it('a file inside the folder that is not a data file is never quoted in a message', async () => {
    const { dir } = setup();
    const e = await bakeInstallationData(dir, defaultDataSpec({ source: 'secret.key' }), 'piece').catch((x: Error) => x);
    expect(String(e)).toMatch(/secret\.key: not an event-log file/);
    expect(String(e)).not.toContain('SECRET');
  });
});
