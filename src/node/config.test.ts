import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listInstallations, loadInstallation, requireInstallation } from './config.ts';

function root(entries: Record<string, unknown>): string {
  const r = mkdtempSync(join(tmpdir(), 'noctiluca-config-'));
  for (const [name, config] of Object.entries(entries)) {
    mkdirSync(join(r, name));
    if (config !== undefined) writeFileSync(join(r, name, 'installation.json'), JSON.stringify(config));
  }
  return r;
}

const valid = (name: string) => ({ version: 1, name, title: name, data: { source: 'journeys.csv' } });

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
    const r = root({ bad: { version: 1, name: 'bad', title: '', data: {} } });
    await expect(requireInstallation('bad', { root: r })).rejects.toThrow(/title: expected a non-empty string[\s\S]*data\.source: missing/);
  });
});
