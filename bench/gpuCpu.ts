// CPU seconds the GPU processes of this Node process's browsers have used (SwiftShader draws there):
// on a shared machine a steadier measure of a frame's work than its wall time, which other
// processes' load stretches. Linux only (/proc).
import { readFileSync, readdirSync } from 'node:fs';
const ppid = (pid: number) => { try { const s = readFileSync(`/proc/${pid}/stat`, 'utf8'); return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]); } catch { return -1; } };
const mine = (pid: number) => { for (let p = pid, k = 0; p > 1 && k < 10; k++) { p = ppid(p); if (p === process.pid) return true; } return false; };
/** CPU seconds (user + sys) of this process's chromium GPU processes. */
export function gpuCpu(): number {
  let total = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const pid = Number(d);
    let cmd = '';
    try { cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
    if (!cmd.includes('--type=gpu-process') || !mine(pid)) continue;
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    total += (Number(f[11]) + Number(f[12])) / 100;
  }
  return total;
}
