import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseInstallationConfig, type InstallationConfig } from '../config/index.ts';
import { listPresets, nodeSaveFs, patchConfigText, removeStaleTemporaries, saveInstallationConfig, savePreset, isStudioFile, updateInstallationConfig, type SaveFs } from './saveConfig.ts';

const shipped = (name: string) => readFileSync(new URL(`../../installations/${name}/installation.json`, import.meta.url), 'utf8');
const parse = (text: string) => parseInstallationConfig(text, 'x.json').config!;
/** Lines of `b` that differ from `a` (same line count) or the count difference. */
function changedLines(a: string, b: string): string[] {
  const la = a.split('\n');
  const lb = b.split('\n');
  if (la.length !== lb.length) return [`line count ${la.length} → ${lb.length}`];
  return lb.filter((l, k) => l !== la[k]);
}
const edit = (c: InstallationConfig, f: (c: any) => void): InstallationConfig => { // eslint-disable-line @typescript-eslint/no-explicit-any
  const copy = structuredClone(c);
  f(copy);
  return copy;
};

describe('patchConfigText: only changed values are written', () => {
  const text = shipped('harmonia');
  const config = parse(text);

  it('a one-value change is a one-line diff', () => {
    const out = patchConfigText(text, edit(config, (c) => (c.look.bloom.intensity = 2)));
    expect(changedLines(text, out)).toEqual(['    "bloom": { "intensity": 2, "threshold": 0.55, "radius": 0.75, "levels": 5 },']);
    expect(parse(out).look.bloom.intensity).toBe(2);
  });

  it('no change gives the very same text', () => {
    expect(patchConfigText(text, config)).toBe(text);
  });

  it('a value the file left to its default is inserted into its object, in the file style', () => {
    const out = patchConfigText(text, edit(config, (c) => (c.display.venue.wall.columns = 2)));
    const lines = text.split('\n').length;
    expect(changedLines(text, out)).toEqual([`line count ${lines} → ${lines + 1}`]);
    expect(out).toContain('    "qualityFloor": 0.5,\n    "venue": { "wall": { "columns": 2 } }\n  }');
    expect(parse(out)).toEqual(edit(config, (c) => (c.display.venue.wall.columns = 2)));
  });

  it('a sparse file (the starter) gains only the changed values', () => {
    const starter = shipped('starter');
    const next = edit(parse(starter), (c) => {
      c.look.bloom.intensity = 2.5;
      c.motion.speed = 0.5;
    });
    const out = patchConfigText(starter, next);
    expect(out).toContain('"data": { "source": "journeys.csv" },\n  "look": { "bloom": { "intensity": 2.5 } },\n  "motion": { "speed": 0.5 }\n}');
    expect(parse(out)).toEqual(next);
  });

  it('a channel switched to a constant, a custom palette and a layout change all round-trip', () => {
    const next = edit(config, (c) => {
      c.encoding.glow = { value: 0.6 };
      c.look.palette = ['#000000', '#ff8800', '#ffffff'];
      c.layout.seed = 42;
      c.motion.hold = 0.25;
      c.encoding.hue.scale.range = [0.1, 0.9];
    });
    const out = patchConfigText(text, next);
    expect(parse(out)).toEqual(next);
    expect(changedLines(text, out).length).toBeLessThanOrEqual(9); // glow was 4 lines, now 1
    expect(out).toContain('"glow": { "value": 0.6 },');
    expect(out).toContain('"palette": ["#000000", "#ff8800", "#ffffff"],');
    expect(out).toContain('"range": [0.1, 0.9]');
  });

  it('an older-version file is re-serialised whole, in its own key order and indentation', () => {
    const v0 = JSON.stringify({ name: 'old', version: 0, title: 'Old', data: { source: 'a.csv' }, palette: 'gfp' }, null, '\t');
    const next = edit(parse(v0), (c) => (c.look.exposure = 2));
    const out = patchConfigText(v0, next);
    expect(parse(out)).toEqual(next);
    expect(out.split('\n')[1]).toBe('\t"name": "old",');
  });
});

describe('saveInstallationConfig', () => {
  let root: string;
  let file: string;
  let text: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'noctiluca-save-'));
    cpSync(new URL('../../installations/harmonia/installation.json', import.meta.url).pathname, join(root, 'harmonia', 'installation.json'), { recursive: true });
    file = join(root, 'harmonia', 'installation.json');
    text = readFileSync(file, 'utf8');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const files = () => readdirSync(join(root, 'harmonia')).sort();

  it('writes the tuned config and keeps the previous file as installation.bak.json', async () => {
    const next = edit(parse(text), (c) => (c.look.exposure = 1.5));
    const r = await saveInstallationConfig(root, 'harmonia', next);
    expect(r).toEqual({ ok: true, file: 'installations/harmonia/installation.json', backup: 'installations/harmonia/installation.bak.json' });
    expect(parse(readFileSync(file, 'utf8'))).toEqual(next);
    expect(readFileSync(join(root, 'harmonia', 'installation.bak.json'), 'utf8')).toBe(text);
    expect(files()).toEqual(['installation.bak.json', 'installation.json']);
  });

  it('refuses an invalid config with its messages and writes nothing', async () => {
    const bad = edit(parse(text), (c) => (c.look.bloom.intensity = 'bright'));
    const r = await saveInstallationConfig(root, 'harmonia', bad);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.join('\n')).toMatch(/installations\/harmonia\/installation\.json: look\.bloom\.intensity: expected a number from 0 to 10, got "bright"/);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(files()).toEqual(['installation.json']);
  });

  it('refuses a config whose name is not the folder', async () => {
    const r = await saveInstallationConfig(root, 'harmonia', edit(parse(text), (c) => (c.name = 'other')));
    expect(r.ok).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  const failing = (op: 'rename' | 'writeFile'): SaveFs => ({
    ...nodeSaveFs,
    rename: async (from, to) => {
      if (op === 'rename' && to === file) throw new Error('EIO: simulated rename failure');
      return nodeSaveFs.rename(from, to);
    },
    writeFileSynced: async (path, data) => {
      if (op === 'writeFile' && path.startsWith(`${file}.`)) {
        await fsp.writeFile(path, data.slice(0, 40)); // a partial write, then the disk is full
        throw new Error('ENOSPC: simulated full disk');
      }
      return nodeSaveFs.writeFileSynced(path, data);
    },
  });

  for (const op of ['rename', 'writeFile'] as const) {
    it(`a failing ${op} leaves the old file intact, never a partial one, and no temporary file`, async () => {
      const r = await saveInstallationConfig(root, 'harmonia', edit(parse(text), (c) => (c.look.exposure = 1.5)), failing(op));
      expect(r.ok).toBe(false);
      expect(!r.ok && r.errors[0]).toMatch(/installations\/harmonia\/installation\.json: not saved \(.*simulated.*\); the file on disk is unchanged/);
      expect(readFileSync(file, 'utf8')).toBe(text);
      expect(files()).toEqual(['installation.bak.json', 'installation.json']);
    });
  }
});

describe('concurrent saves', () => {
  let root: string;
  let file: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'noctiluca-concurrent-'));
    cpSync(new URL('../../installations/harmonia/installation.json', import.meta.url).pathname, join(root, 'harmonia', 'installation.json'), { recursive: true });
    file = join(root, 'harmonia', 'installation.json');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const leftovers = () => readdirSync(join(root, 'harmonia')).filter((f) => f.endsWith('.tmp'));

  it('twenty saves at once all succeed, the last one wins, and no temporary file is left', async () => {
    const base = parse(readFileSync(file, 'utf8'));
    const values = Array.from({ length: 20 }, (_, k) => 1 + k / 10);
    const results = await Promise.all(values.map((v) => saveInstallationConfig(root, 'harmonia', edit(base, (c) => (c.look.exposure = v)))));
    expect(results.map((r) => r.ok)).toEqual(values.map(() => true));
    expect(parse(readFileSync(file, 'utf8')).look.exposure).toBe(values.at(-1));
    expect(leftovers()).toEqual([]);
  });

  it('updates computed from the current text never undo each other', async () => {
    // Each adds one value to what is on disk at its turn: all of them must be there at the end.
    const keys = ['exposure', 'noise'] as const;
    await Promise.all(
      [2, 0.3].map((v, k) =>
        updateInstallationConfig(root, 'harmonia', (text) => edit(parse(text), (c) => (c.look[keys[k]] = v))),
      ),
    );
    const saved = parse(readFileSync(file, 'utf8'));
    expect([saved.look.exposure, saved.look.noise]).toEqual([2, 0.3]);
  });

  it('writes the new text, syncs it, then renames it into place (and syncs the folder)', async () => {
    const ops: string[] = [];
    const name = (p: string) => p.replace(join(root, 'harmonia') + '/', '').replace(/\.[0-9a-f-]{36}\.noctiluca\.tmp$/, '.TMP');
    const recording: SaveFs = {
      ...nodeSaveFs,
      writeFileSynced: async (p, d) => {
        ops.push(`write+sync ${name(p)}`);
        return nodeSaveFs.writeFileSynced(p, d);
      },
      rename: async (a, b) => {
        ops.push(`rename ${name(a)} → ${name(b)}`);
        return nodeSaveFs.rename(a, b);
      },
      syncDir: async (p) => {
        ops.push(`sync folder ${name(p + '/')}`);
        return nodeSaveFs.syncDir(p);
      },
    };
    const r = await saveInstallationConfig(root, 'harmonia', edit(parse(readFileSync(file, 'utf8')), (c) => (c.look.exposure = 2)), recording);
    expect(r.ok).toBe(true);
    expect(ops).toEqual([
      'write+sync installation.bak.json.TMP',
      'rename installation.bak.json.TMP → installation.bak.json',
      'sync folder ',
      'write+sync installation.json.TMP',
      'rename installation.json.TMP → installation.json',
      'sync folder ',
    ]);
  });

  it('temporary files an interrupted save left are removed, nothing else', async () => {
    const dir = join(root, 'harmonia');
    mkdirSync(join(dir, 'presets'));
    const stale = ['installation.json.0b8f6a9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b.noctiluca.tmp', 'installation.json.1234-lx9abc.tmp', 'installation.bak.json.tmp'];
    for (const f of stale) writeFileSync(join(dir, f), 'partial');
    writeFileSync(join(dir, 'presets', 'calm.json.0b8f6a9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b.noctiluca.tmp'), 'partial');
    writeFileSync(join(dir, 'notes.tmp'), 'the artist\'s own file');
    const removed = await removeStaleTemporaries(dir);
    expect(removed).toHaveLength(4);
    expect(readdirSync(dir).sort()).toEqual(['installation.json', 'notes.tmp', 'presets']);
    expect(readdirSync(join(dir, 'presets'))).toEqual([]);
  });
});

describe('presets on disk', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'noctiluca-presets-'));
    mkdirSync(join(root, 'x', 'presets'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('saves a preset by key path and lists it; a broken preset file is reported, not fatal', async () => {
    expect(await savePreset(root, 'x', 'calm', { description: 'Calm', values: { 'look.bloom.intensity': 0.5, 'look.palette': ['#000000', '#ffffff'] } })).toMatchObject({ ok: true });
    writeFileSync(join(root, 'x', 'presets', 'broken.json'), '{ "values": 3 }');
    const { presets, errors } = await listPresets(root, 'x');
    expect(presets).toEqual([{ name: 'calm', description: 'Calm', values: { 'look.bloom.intensity': 0.5, 'look.palette': ['#000000', '#ffffff'] } }]);
    expect(errors).toEqual(['installations/x/presets/broken.json: values: expected an object of key paths, e.g. { "look.bloom.intensity": 2 }']);
    expect(readFileSync(join(root, 'x', 'presets', 'calm.json'), 'utf8')).toContain('    "look.palette": ["#000000", "#ffffff"]\n');
  });

  it('refuses a preset name that is not a file-safe slug', async () => {
    expect((await savePreset(root, 'x', '../evil', { values: {} })).ok).toBe(false);
    expect(existsSync(join(root, 'evil.json'))).toBe(false);
  });

  it('marks studio files so the dev server does not announce them as data changes', () => {
    expect(isStudioFile('harmonia/installation.bak.json')).toBe(true);
    expect(isStudioFile('harmonia/installation.json.123-abc.tmp')).toBe(true);
    expect(isStudioFile('harmonia/presets/calm.json')).toBe(true);
    expect(isStudioFile('harmonia/installation.json')).toBe(false);
    expect(isStudioFile('harmonia/journeys.csv')).toBe(false);
  });
});
