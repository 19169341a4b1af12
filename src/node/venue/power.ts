/**
 * Display power: the venue file's power.on / power.off shell commands (HDMI-CEC through cec-client,
 * a projector's serial or network command), run when the venue opens and after the fade at closing.
 * A command that fails or hangs is logged and counted, never fatal: the picture fades anyway.
 */
import { spawn } from 'node:child_process';

export interface PowerResult {
  ok: boolean;
  code: number | null;
  /** The last lines it printed (stderr, else stdout), for the log. */
  output: string;
  ms: number;
}

export function runPowerCommand(command: string, timeoutSeconds: number): Promise<PowerResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    // Its own process group, so a timeout kills what the shell started too (cec-client, a pipe).
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-2000)));
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-2000)));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutSeconds * 1000);
    const done = (code: number | null, why?: string) => {
      clearTimeout(timer);
      const text = (why ?? (err.trim() || out.trim())).split('\n').slice(-3).join(' | ');
      resolve({ ok: code === 0, code, output: text.slice(0, 500), ms: Date.now() - started });
    };
    child.on('error', (e) => done(null, e.message));
    child.on('close', (code) => done(code, killed ? `killed after ${timeoutSeconds} s` : undefined));
  });
}
