import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from './validate.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  return { out, err };
}

function installation(name: string, config: unknown): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'noctiluca-validate-')), name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'installation.json'), typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return dir;
}

afterEach(() => vi.restoreAllMocks());

describe('noctiluca validate', () => {
  it('passes the shipped installations (exit 0)', async () => {
    const { out, err } = capture();
    expect(await run([])).toBe(0);
    expect(err).toEqual([]);
    expect(out.at(-1)).toMatch(/installations checked: 0 errors, 0 warnings$/);
  });

  it('prints every error and exits 1', async () => {
    const dir = installation('broken', {
      version: 2,
      name: 'broken',
      title: 'Broken',
      data: { source: 'journeys.csv' },
      look: { blom: {}, bloom: { intensity: 'bright' } },
    });
    const { err, out } = capture();
    expect(await run(['harmonia', dir])).toBe(1);
    expect(err).toHaveLength(2);
    expect(err[0]).toMatch(/broken\/installation\.json: look\.blom: unknown key; did you mean "bloom"\?$/);
    expect(err[1]).toMatch(/broken\/installation\.json: look\.bloom\.intensity: expected a number from 0 to 10, got "bright"$/);
    expect(out.at(-1)).toBe('2 installations checked: 2 errors, 0 warnings');
  });

  it('prints warnings without failing', async () => {
    const dir = installation('quick', { version: 2, name: 'quick', title: 'Quick', data: { source: 'j.csv' }, motion: { loopSeconds: 3 } });
    const { err } = capture();
    expect(await run([dir])).toBe(0);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^warning: .*quick\/installation\.json: motion\.loopSeconds: a 3 s loop/);
  });

  it('reports a missing installation', async () => {
    const { err } = capture();
    expect(await run(['no-such-installation'])).toBe(1);
    expect(err[0]).toMatch(/no installation "no-such-installation": .*no-such-installation\/installation\.json does not exist/);
  });

  it('--files checks that the data file exists', async () => {
    const dir = installation('nodata', { version: 2, name: 'nodata', title: 'No data', data: { source: 'missing.csv' } });
    const { err } = capture();
    expect(await run([dir, '--files'])).toBe(1);
    expect(err[0]).toMatch(/data\.source: "missing\.csv" does not exist/);
  });
});

describe('what the data makes', () => {
  // 20 journeys in four communities of five: with the default k = 11 every one merges into "other".
  const small = () => {
    const rows = ['journey_id,date,event,community'];
    ['Albany', 'Bronx', 'Kings', 'Queens'].forEach((c, ci) => {
      for (let i = 0; i < 5; i++) rows.push(`${c}-${i},2140-0${1 + i}-01,checkup,${c}`, `${c}-${i},2141-0${1 + ci}-01,cleaning,${c}`);
    });
    return rows.join('\n') + '\n';
  };
  const write = (name: string, privacy: object = {}) => {
    const dir = installation(name, { version: 2, name, title: 'Small', data: { source: 'journeys.csv', privacy } });
    writeFileSync(join(dir, 'journeys.csv'), small());
    return dir;
  };

  it('warns when privacy merging leaves fewer than two communities, and says what to change', async () => {
    const dir = write('small');
    const { err } = capture();
    expect(await run([dir])).toBe(0);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^warning: .*small\/installation\.json: data: after privacy merging the mosaic shows 1 community \("other", 20 journeys\)/);
    expect(err[0]).toContain('each of its 4 communities has fewer than data.privacy.minCommunitySize (k = 11) journeys');
    expect(err[0]).toContain('lower data.privacy.minCommunitySize to 5');
    expect(err[0]).toContain('docs/PRIVACY.md');
    // validate writes nothing into the installation (no secret made for it).
    expect(existsSync(join(dir, '.secret.key'))).toBe(false);
  });

  it('says when the data is too small to publish at all (fewer journeys than k), and what to change', async () => {
    const dir = installation('tiny', { version: 2, name: 'tiny', title: 'Tiny', data: { source: 'journeys.csv' } });
    const rows = ['journey_id,date,event,community'];
    for (let i = 0; i < 8; i++) rows.push(`p${i},2140-0${1 + i}-01,checkup,Albany`, `p${i},2142-0${1 + i}-01,cleaning,Albany`);
    writeFileSync(join(dir, 'journeys.csv'), rows.join('\n') + '\n');
    const { err } = capture();
    expect(await run([dir])).toBe(0);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain('data: too small to publish: the mosaic holds 8 journeys, fewer than data.privacy.minCommunitySize (k = 11)');
    expect(err[0]).toContain('`npm run build` refuses it and residents see a notice instead of the mosaic');
    expect(err[0]).toContain('read more journeys');
    expect(err[0]).toContain('lower data.privacy.minCommunitySize to 8');
    // Not the advice for merged communities: a coarser grouping cannot help.
    expect(err[0]).not.toContain('group coarser');
  });

  it('is quiet once k lets the communities stand', async () => {
    const dir = write('smallk', { minCommunitySize: 5 });
    const { err } = capture();
    expect(await run([dir])).toBe(0);
    expect(err.join('\n')).toBe('');
  });
});

describe('untrusted text on the terminal', () => {
  it('escape sequences in a config never reach the terminal raw', async () => {
    // An escaped ESC is valid JSON: the message quotes the value, with the ESC made visible.
    const dir = installation('esc', '{"version":1,"name":"esc","title":"\\u001b]0;owned\\u0007\\u001b[2J","data":{"source":"j.csv"},"look":{"\\u001b[31mred":1}}');
    const { err } = capture();
    expect(await run([dir])).toBe(1);
    const text = err.join('\n');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('\\u001b');
  });
});
