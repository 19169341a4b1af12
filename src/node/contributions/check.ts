/**
 * The privacy check of a publication (the build's: src/node/privacy.ts), in a child process of its
 * own. Run in the server's process it would hold up the venue's event loop (the outputs' beats,
 * health, the remote, OSC) as long as it takes (seconds at 100,000 journeys on a busy 2-core machine).
 * The child lives as long as the publisher: it keeps each installation's raw journeys as it last
 * read them and reads the data again only when it changed (privacy.ts RawKept, dataStamp.ts), so a
 * publication's check reads only its contributions and attacks the artefact. Jobs go over the IPC
 * channel (structured clone: the artefact's bytes as they are): {id, name, root, bytes, events} in,
 * {id, refused, ms} or {id, error} out; `refused` is the build's refusal in words, or null.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CareEvent } from '../../data/events.ts';

export interface CheckResult {
  refused: string | null;
  ms: number;
}

interface Job {
  id: number;
  name: string;
  root: string;
  bytes: Uint8Array;
  events: readonly CareEvent[];
}
type Answer = { id: number; refused: string | null; ms: number } | { id: number; error: string };

const SELF = fileURLToPath(import.meta.url);

/** The checker child of one publisher: started at the first check, again after it died, stopped by close(). */
export class PublicationChecker {
  private child: ChildProcess | null = null;
  private next = 1;
  private readonly pending = new Map<number, { name: string; done: (r: CheckResult) => void; fail: (e: Error) => void }>();
  private stderr = '';

  /** Checks `bytes` (the artefact about to be published, with `events` among its raw records) in the child. */
  check(name: string, root: string, bytes: Uint8Array, events: readonly CareEvent[]): Promise<CheckResult> {
    const child = this.child ?? this.start();
    const id = this.next++;
    return new Promise<CheckResult>((done, fail) => {
      this.pending.set(id, { name, done, fail });
      child.ref();
      child.send({ id, name, root, bytes, events } satisfies Job, (e) => e && this.settle(id, new Error(e.message)));
    });
  }

  close(): void {
    const child = this.child;
    this.child = null;
    child?.kill();
  }

  private start(): ChildProcess {
    // tsx's loader in this node, not its CLI: the CLI runs the script in a process of its own and relays IPC as JSON.
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const child = spawn(process.execPath, ['--import', tsx, SELF], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
    this.child = child;
    this.stderr = '';
    child.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d).slice(-4000)));
    child.on('message', (a: Answer) => this.settle(a.id, 'error' in a ? new Error(a.error) : { refused: a.refused, ms: a.ms }));
    const gone = (why: string) => {
      if (this.child === child) this.child = null;
      for (const id of [...this.pending.keys()]) this.settle(id, new Error(why));
    };
    child.on('error', (e) => gone(e.message));
    child.on('exit', (code, signal) => gone(this.stderr.trim().split('\n').slice(-3).join(' ') || `the checker exited (${signal ?? `code ${code}`})`));
    return child;
  }

  private settle(id: number, r: CheckResult | Error): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    // An idle checker keeps nobody's process alive.
    if (!this.pending.size) this.child?.unref();
    if (r instanceof Error) p.fail(new Error(`contributions: the privacy check of ${p.name} did not run (${r.message}); nothing is published`));
    else p.done(r);
  }
}

async function main(): Promise<void> {
  const { assessInstallation, refusal } = await import('../privacy.ts');
  const keep: import('../privacy.ts').RawKept = new Map();
  let queue = Promise.resolve();
  // The parent gone: nothing left to check for.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: Job) => {
    // Copied now: the artefact as received is a view into the channel's buffer, which the next message reuses.
    const job = { ...message, bytes: Uint8Array.from(message.bytes) };
    queue = queue.then(async () => {
      const t0 = performance.now();
      let answer: Answer;
      try {
        const refused = refusal(await assessInstallation(job.name, { root: job.root, bytes: job.bytes, events: job.events, keep }));
        answer = { id: job.id, refused, ms: Math.round(performance.now() - t0) };
      } catch (e) {
        answer = { id: job.id, error: e instanceof Error ? e.message : String(e) };
      }
      process.send!(answer);
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === SELF) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  });
}
