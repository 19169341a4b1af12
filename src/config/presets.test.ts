import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInstallationConfig } from './index.ts';
import { listPresets } from '../node/saveConfig.ts';
import { applyPreset } from './presets.ts';

const root = new URL('../../installations', import.meta.url).pathname;
const names = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

describe('shipped presets', () => {
  it('harmonia ships at least one', async () => {
    expect((await listPresets(root, 'harmonia')).presets.length).toBeGreaterThan(0);
  });

  for (const name of names) {
    it(`${name}: every preset reads, applies to its installation with no missing key, and changes it`, async () => {
      const { presets, errors } = await listPresets(root, name);
      expect(errors).toEqual([]);
      const config = parseInstallationConfig(readFileSync(`${root}/${name}/installation.json`, 'utf8'), 'installation.json').config!;
      for (const p of presets) {
        const r = applyPreset(config, p, `installations/${name}/presets/${p.name}.json`);
        expect([p.name, r.errors, r.missing]).toEqual([p.name, [], []]);
        expect(r.config).not.toEqual(config);
      }
    });
  }
});
