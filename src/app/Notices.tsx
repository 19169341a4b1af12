/**
 * The page's message areas, in every mode: why nothing can be shown (with links), the errors of an
 * invalid config edit while the last good one keeps playing, what a person should know about the
 * data, and, for a while, that the render size was clamped to fit the GPU.
 */
import { useEffect, useState } from 'react';
import type { ControllerState } from './controller.ts';

export function Notices({ state, clamped }: { state: ControllerState; clamped: string | null }) {
  const failure = state.failure;
  return (
    <>
      {failure && (
        <div className="overlay" role="alert">
          <h1>{failure.title}</h1>
          {failure.lines.map((l, k) => (
            <p key={k}>{l}</p>
          ))}
          {failure.links.length > 0 && (
            <ul>
              {failure.links.map((l) => (
                <li key={l.href}>
                  <a href={l.href}>{l.text}</a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {state.configErrors.length > 0 && (
        <div className="overlay config-errors" role="alert">
          <h1>The config has errors; the last good version keeps playing</h1>
          {state.configErrors.map((l, k) => (
            <p key={k}>{l}</p>
          ))}
        </div>
      )}
      {state.messages.length > 0 && (
        <div className="messages" role="status" aria-live="polite">
          {state.messages.map((m, k) => (
            <p key={k}>{m}</p>
          ))}
        </div>
      )}
      {clamped && <ClampNotice text={clamped} />}
    </>
  );
}

/** Tells the operator for a while that the render size was clamped (`stage()` and the venue status keep it). */
function ClampNotice({ text }: { text: string }) {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    setVisible(true);
    const t = setTimeout(() => setVisible(false), 15000);
    return () => clearTimeout(t);
  }, [text]);
  return visible ? (
    <div className="stage-clamp" role="status" style={{ position: 'fixed', right: '1rem', top: '1rem', maxWidth: '28rem', padding: '0.5rem 0.8rem', background: 'rgba(3,10,22,0.85)', borderLeft: '3px solid #e0b040', fontSize: '0.8rem' }}>
      {text}
    </div>
  ) : null;
}
