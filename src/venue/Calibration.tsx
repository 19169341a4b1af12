/**
 * The corner-pin calibration view (`?calibrate=1`): a test grid warped with the output, four handles
 * to drag, and Save, which writes this output's pin into the installation's display config through
 * the dev server (src/node/routes/cornerPin.ts). Arrow keys nudge the last corner touched by one pixel.
 */
import { useEffect, useRef, useState } from 'react';
import type { CornerPin } from '../config/cornerPin.ts';
import { IDENTITY_PIN, isConvexPin } from '../config/cornerPin.ts';
import { postToDevServer } from '../app/devServer.ts';

export interface CalibrationProps {
  pin: CornerPin;
  onChange: (pin: CornerPin) => void;
  installation: string;
  output: number;
  transform: string | null;
  viewport: { width: number; height: number };
}

const NAMES = ['top-left', 'top-right', 'bottom-right', 'bottom-left'];
const GRID = 8;

export function Calibration({ pin, onChange, installation, output, transform, viewport }: CalibrationProps) {
  const [active, setActive] = useState(0);
  const [message, setMessage] = useState('Drag the corners onto the surface, then Save.');
  const drag = useRef<number | null>(null);
  const { width: w, height: h } = viewport;

  const move = (k: number, x: number, y: number) => {
    const next = pin.map((p) => [...p]) as CornerPin;
    next[k] = [Math.round((x / w) * 10000) / 10000, Math.round((y / h) * 10000) / 10000];
    if (isConvexPin(next)) onChange(next);
  };

  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key];
      if (!d) return;
      e.preventDefault();
      move(active, pin[active][0] * w + d[0], pin[active][1] * h + d[1]);
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  });

  const save = async () => {
    setMessage('Saving…');
    try {
      const r = await postToDevServer(`${import.meta.env.BASE_URL}__noctiluca/corner-pin/${encodeURIComponent(installation)}`, { output, pin });
      const body = (await r.json().catch(() => ({}))) as { ok?: boolean; file?: string; errors?: string[] };
      setMessage(body.ok ? `Saved to ${body.file} (display.venue.cornerPin[${output}]).` : `Not saved: ${(body.errors ?? [`HTTP ${r.status}`]).join('; ')}`);
    } catch (err) {
      setMessage(`Not saved: the dev server cannot be reached (${String(err)}). Calibrate with \`npm start\` running.`);
    }
  };

  const lines = [];
  for (let k = 0; k <= GRID; k++) {
    lines.push(<line key={`v${k}`} x1={(k / GRID) * w} y1={0} x2={(k / GRID) * w} y2={h} />);
    lines.push(<line key={`h${k}`} x1={0} y1={(k / GRID) * h} x2={w} y2={(k / GRID) * h} />);
  }
  return (
    <div className="venue-calibration">
      <svg
        width={w}
        height={h}
        aria-hidden="true"
        style={{ position: 'fixed', inset: 0, pointerEvents: 'none', transformOrigin: '0 0', transform: transform ?? undefined }}
        stroke="#8ef5ff"
        strokeOpacity={0.6}
        strokeWidth={1}
      >
        {lines}
        <circle cx={w / 2} cy={h / 2} r={Math.min(w, h) / 4} fill="none" />
      </svg>
      {pin.map((p, k) => (
        <div
          key={k}
          role="slider"
          tabIndex={0}
          aria-label={`${NAMES[k]} corner`}
          aria-valuetext={`${Math.round(p[0] * w)}, ${Math.round(p[1] * h)}`}
          onPointerDown={(e) => {
            drag.current = k;
            setActive(k);
            (e.target as HTMLElement).setPointerCapture(e.pointerId);
          }}
          onPointerMove={(e) => drag.current === k && move(k, e.clientX, e.clientY)}
          onPointerUp={() => (drag.current = null)}
          style={{
            position: 'fixed',
            left: p[0] * w - 12,
            top: p[1] * h - 12,
            width: 24,
            height: 24,
            borderRadius: '50%',
            border: `2px solid ${k === active ? '#ffd060' : '#8ef5ff'}`,
            background: 'rgba(3,10,22,0.6)',
            cursor: 'grab',
            touchAction: 'none',
          }}
        />
      ))}
      <div style={{ position: 'fixed', left: '50%', top: '2.5rem', transform: 'translateX(-50%)', width: 'max-content', maxWidth: '86%', padding: '0.5rem 0.8rem', background: 'rgba(3,10,22,0.9)', fontSize: '0.85rem', display: 'flex', gap: '0.6rem', alignItems: 'center' }}>
        <span role="status">Output {output}: {message}</span>
        <button type="button" onClick={() => void save()}>Save</button>
        <button type="button" onClick={() => onChange(IDENTITY_PIN)}>Reset</button>
      </div>
    </div>
  );
}
