/** Every shipped installation validates with no errors and no warnings (Vega-Lite's examples test). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INSTALLATIONS_DIR, listInstallations, loadInstallation } from '../node/config.ts';
import { parseInstallationConfig } from './parse.ts';

describe('shipped installations', () => {
  const names = listInstallations();

  it('include harmonia, oral-symphony and starter', () => {
    expect(names).toEqual(expect.arrayContaining(['harmonia', 'oral-symphony', 'starter']));
  });

  it.each(names)('%s validates with no errors and no warnings', async (name) => {
    const r = await loadInstallation(name);
    expect(r.errors.map((e) => e.text)).toEqual([]);
    expect(r.warnings.map((w) => w.text)).toEqual([]);
    expect(r.config?.name).toBe(name);
    expect(r.config?.$schema).toBe('../installation.schema.json');
  });

  it('harmonia keeps the spirit of the draft', async () => {
    const c = (await loadInstallation('harmonia')).config!;
    expect(c.look.palette).toBe('noctiluca');
    expect(c.layout).toMatchObject({ kind: 'voronoi', groupBy: 'community' });
    expect(c.data).toMatchObject({ source: 'journeys.csv', window: { start: '2138-01-01', end: '2146-12-31' } });
  });

  it('oral-symphony differs in palette and layout', async () => {
    const c = (await loadInstallation('oral-symphony')).config!;
    expect(c.look.palette).not.toBe('noctiluca');
    expect(c.layout.kind).toBe('hex');
    expect(c.data).toMatchObject({ source: 'journeys.csv', window: { start: '2140-01-01', end: '2147-12-31' } });
  });

  it('starter is minimal: identity, kept out of the gallery, and data.source only', () => {
    const raw = JSON.parse(readFileSync(`${INSTALLATIONS_DIR}/starter/installation.json`, 'utf8'));
    expect(Object.keys(raw).sort()).toEqual(['$schema', 'data', 'description', 'gallery', 'name', 'title', 'version']);
    expect(raw.gallery).toBe(false);
    expect(raw.data).toEqual({ source: 'journeys.csv' });
    expect(parseInstallationConfig(JSON.stringify(raw), 'starter').warnings).toEqual([]);
  });
});
