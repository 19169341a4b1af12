/** The command line as people run it: `--help` exits 0 with the command's usage for every command; an unknown option exits 2. */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = new URL('../../scripts/noctiluca.mjs', import.meta.url).pathname;
const commands = readdirSync(new URL('./commands', import.meta.url))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.replace(/\.ts$/, ''));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [bin, ...args], { timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('noctiluca <command> --help', () => {
  it.each(commands)('%s --help prints its usage and exits 0', async (name) => {
    const r = await cli([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`noctiluca ${name}`));
  }, 60_000);

  it('validate refuses an unknown option with exit code 2', async () => {
    const r = await cli(['validate', '--file']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option --file; it takes --files and --help');
  }, 60_000);
});
