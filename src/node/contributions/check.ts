/**
 * The privacy check of a publication (the build's: src/node/privacy.ts), in a child process of its
 * own. At festival scale the check takes seconds (about 20 s at 100,000 journeys on a busy 2-core
 * machine); run in the server's process it would hold up the venue's event loop (the outputs' beats,
 * health, the remote, OSC) as long. The child reads {name, root, bytes (base64), events} as JSON on
 * standard input and writes {refused, ms} on standard output: `refused` is the build's refusal in
 * words, or null.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CareEvent } from '../../data/events.ts';

export interface CheckResult {
  refused: string | null;
  ms: number;
}

const SELF = fileURLToPath(import.meta.url);

/** Checks `bytes` (the artefact about to be published) in a child process. */
export function checkPublication(name: string, root: string, bytes: Uint8Array, events: readonly CareEvent[]): Promise<CheckResult> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, SELF], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        if (code !== 0) throw new Error(err.trim().split('\n').slice(-3).join(' ') || `exit code ${code}`);
        resolve(JSON.parse(out) as CheckResult);
      } catch (e) {
        reject(new Error(`contributions: the privacy check of ${name} did not run (${e instanceof Error ? e.message : String(e)}); nothing is published`));
      }
    });
    child.stdin.end(JSON.stringify({ name, root, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), events }));
  });
}

async function main(): Promise<void> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const job = JSON.parse(text) as { name: string; root: string; bytes: string; events: CareEvent[] };
  const { assessInstallation, refusal } = await import('../privacy.ts');
  const t0 = performance.now();
  const refused = refusal(await assessInstallation(job.name, { root: job.root, bytes: new Uint8Array(Buffer.from(job.bytes, 'base64')), events: job.events }));
  process.stdout.write(JSON.stringify({ refused, ms: Math.round(performance.now() - t0) } satisfies CheckResult));
}

if (process.argv[1] && resolve(process.argv[1]) === SELF) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  });
}
