/**
 * The discreet status overlay (key `i` in venue mode): frame rate, cells, uptime, context losses and
 * recoveries, adaptive quality, wall output and clock. Refreshed once a second while shown.
 */
import { useEffect, useState } from 'react';
import type { Clock } from '../app/clock.ts';
import type { VenueStats } from '../app/contract.ts';
import type { WallSpec } from './wall.ts';

function uptime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const hms = [Math.floor(s / 3600) % 24, Math.floor(s / 60) % 60, s % 60].map((v) => String(v).padStart(2, '0')).join(':');
  return d > 0 ? `${d}d ${hms}` : hms;
}

export function StatusOverlay({ stats, clock, wall, output }: { stats: () => VenueStats; clock: Clock; wall: WallSpec | null; output: number }) {
  const [lines, setLines] = useState<string[]>([]);
  useEffect(() => {
    let frames = window.noctiluca?.stats().frames ?? 0;
    let at = performance.now();
    const update = () => {
      const s = window.noctiluca?.stats();
      const now = performance.now();
      const fps = s ? ((s.frames - frames) * 1000) / Math.max(1, now - at) : 0;
      frames = s?.frames ?? 0;
      at = now;
      const v = stats();
      setLines([
        `${fps.toFixed(1)} fps · ${s?.cells ?? 0} cells · up ${uptime(now)}`,
        `context losses ${v.losses} · recoveries ${v.recoveries} · renderer rebuilds ${v.rebuilds}${v.lastRecoveryMs !== null ? ` · last ${Math.round(v.lastRecoveryMs)} ms` : ''}`,
        v.dpr !== null ? `quality step ${v.qualityStep} · dpr ${v.dpr} · bloom levels ${v.bloomLevels}` : 'quality fixed',
        `${wall ? `wall ${wall.columns}x${wall.rows} output ${output}` : 'one output'} · ${clock.epoch() !== null ? `t ${clock.now().toFixed(2)} s since epoch` : `t ${clock.now().toFixed(2)} s since load`}`,
        ...(v.clamped ? [v.clamped] : []),
      ]);
    };
    update();
    const t = setInterval(update, 1000);
    return () => clearInterval(t);
  }, [stats, clock, wall, output]);
  return (
    <div className="venue-status" role="status" style={{ position: 'fixed', right: '0.6rem', bottom: '0.6rem', padding: '0.35rem 0.6rem', background: 'rgba(3,10,22,0.7)', color: '#9cc', font: '11px/1.4 ui-monospace, monospace', pointerEvents: 'none' }}>
      {lines.map((l, k) => (
        <div key={k}>{l}</div>
      ))}
    </div>
  );
}
