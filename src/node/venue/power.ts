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
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-2000)));
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-2000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutSeconds * 1000);
    const done = (code: number | null, why?: string) => {
      clearTimeout(timer);
      const text = (why ?? (err.trim() || out.trim())).split('\n').slice(-3).join(' | ');
      resolve({ ok: code === 0, code, output: text.slice(0, 500), ms: Date.now() - started });
    };
    child.on('error', (e) => done(null, e.message));
    child.on('close', (code, signal) => done(code, signal === 'SIGKILL' ? `killed after ${timeoutSeconds} s` : undefined));
  });
}
