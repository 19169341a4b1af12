/**
 * The page: an installation controller (what is on screen and how changes apply), the stage that
 * draws it, and the message areas. React holds only what a person changes and the current GPU mosaic
 * object; per-cell data lives in typed arrays on the GPU.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { DEFAULT_POST } from '../render/post.ts';
import { installAutomation, type Stats } from './automation.ts';
import { createClock } from './clock.ts';
import { InstallationController } from './controller.ts';
import type { PageParams } from './params.ts';
import { Legend } from './Legend.tsx';
import { legendProps, postLook } from './settings.ts';
import { Stage, type FrameInfo } from './Stage.tsx';
import { startStudio } from '../studio/start.ts';
import { useVenue } from '../venue/Venue.tsx';

/** What a host page (the viewer, src/viewer/) needs from the app: its controller and a way to ask for a frame. */
export interface StageHandle {
  controller: InstallationController;
  /** Ask for a frame (needed when the clock is frozen and only a uniform changed). */
  invalidate: () => void;
}

export function App({ params, onStage }: { params: PageParams; onStage?: (s: StageHandle) => void }) {
  const clock = useMemo(() => createClock(params.time), [params.time]);
  const controller = useMemo(() => new InstallationController(params.installation), [params.installation]);
  const state = useSyncExternalStore(
    useCallback((fn: () => void) => controller.subscribe(fn), [controller]),
    () => controller.state,
  );
  // Venue outputs: walls, wall-clock time, context-loss recovery, adaptive quality (src/venue/).
  const venue = useVenue(params, clock, state.config);
  const invalidateRef = useRef<() => void>(() => {});
  // The camera view offset: from the URL, changed by window.noctiluca.setView (stills in pieces, walls).
  const [view, setView] = useState<PageParams['view']>(params.view);
  const drawnView = useRef<PageParams['view']>(params.view);
  const frame = useRef<FrameInfo & { frames: number }>({
    drawCalls: 0,
    sceneDrawCalls: 0,
    triangles: 0,
    geometries: 0,
    textures: 0,
    programs: 0,
    frames: 0,
  });

  const automation = useMemo(
    () =>
      installAutomation({
        stats: (): Stats => {
          const s = controller.state;
          const f = frame.current;
          return {
            installation: s.name,
            cells: s.gpu ? s.gpu.mesh.geometry.instanceCount : 0,
            drawCalls: f.drawCalls,
            sceneDrawCalls: f.sceneDrawCalls,
            triangles: f.triangles,
            geometries: f.geometries,
            textures: f.textures,
            programs: f.programs,
            frames: f.frames,
            gpuBytes: s.gpu ? s.gpu.gpuBytes() : 0,
            rowsSkipped: s.bake ? s.bake.report.rowsSkipped : 0,
            dataSummary: s.bake ? s.bake.report.summary : '',
            warnings: s.messages,
            configErrors: s.configErrors,
            rebuilds: s.rebuilds,
            time: clock.now(),
            view: drawnView.current,
            recoveries: venue.runtime.stats.recoveries,
          };
        },
        setTime: (seconds) => {
          clock.set(seconds);
          invalidateRef.current();
        },
        setView: (v) => setView(v ? [v[0], v[1], v[2], v[3], v[4], v[5]] : null),
        controller,
      }),
    [clock, controller, venue.runtime],
  );

  useEffect(() => {
    onStage?.({ controller, invalidate: () => invalidateRef.current() });
  }, [controller, onStage]);

  // The tuning panel in studio mode, loaded on demand: viewers never download it (src/studio/).
  useEffect(() => (params.mode === 'studio' ? startStudio(controller) : undefined), [params.mode, controller]);

  useEffect(() => {
    controller.load().catch((err: unknown) => {
      const f = controller.state.failure;
      automation.markError(f ? `${f.title}: ${f.lines.join(' ')}` : String(err));
    });
  }, [controller, automation]);

  // prefers-reduced-motion: the controller keeps the glow but slows and softens motion (config
  // motion.reducedMotion). View mode has its own toggle and applies the same factors (src/viewer/adapt.ts).
  useEffect(() => {
    if (params.mode === 'view' || typeof matchMedia !== 'function') return;
    const query = matchMedia('(prefers-reduced-motion: reduce)');
    const apply = () => {
      controller.setPrefersReducedMotion(query.matches);
      invalidateRef.current();
    };
    apply();
    query.addEventListener('change', apply);
    return () => query.removeEventListener('change', apply);
  }, [controller, params.mode]);

  // Hot reload in development: the dev server says which installation file changed.
  useEffect(() => {
    if (!import.meta.hot) return;
    const onChange = (d: { name: string; file: string }) => {
      if (d.name !== controller.state.name || !controller.state.config) return;
      void controller.reloadFromServer({ dataChanged: !d.file.endsWith('/installation.json') }).then(() => invalidateRef.current());
    };
    import.meta.hot.on('noctiluca:installation-changed', onChange);
    return () => import.meta.hot?.off('noctiluca:installation-changed', onChange);
  }, [controller]);

  // A replaced mosaic is disposed by the stage, once the new one is on it (see Stage's Renderer).
  useEffect(() => {
    if (state.gpu) invalidateRef.current();
  }, [state.gpu]);
  useEffect(() => {
    invalidateRef.current();
  }, [state.config]);

  useEffect(() => {
    if (state.config) document.title = `${state.config.title} — Noctiluca`;
  }, [state.config]);

  const readyMarked = useRef(false);
  const onFrame = useCallback(
    (info: FrameInfo) => {
      Object.assign(frame.current, info);
      frame.current.frames++;
      // This callback is re-made with each view, and the stage's frame loop calls the one it was
      // rendered with, after fitting the camera to that view: so this is the view just drawn.
      drawnView.current = view;
      if (!readyMarked.current) {
        readyMarked.current = true;
        // The frame is presented at the next animation frame; only then is the page "ready".
        requestAnimationFrame(() => requestAnimationFrame(() => automation.markReady()));
      }
    },
    [automation, view],
  );

  const post = useMemo(() => (state.config ? postLook(state.config) : DEFAULT_POST), [state.config]);
  const venuePost = useMemo(() => venue.post(post), [venue.post, post]); // eslint-disable-line react-hooks/exhaustive-deps
  const dpr = useMemo<[number, number]>(
    () => (state.config ? [state.config.display.dpr.min, state.config.display.dpr.max] : [1, 2]),
    [state.config],
  );

  const failure = state.failure;
  return (
    <>
      <Stage
        key={venue.stageKey}
        gpu={state.gpu}
        post={venuePost}
        postMode={params.post}
        view={view ?? venue.view}
        clock={clock}
        speed={state.config?.motion.speed ?? 1}
        dpr={venue.dpr ?? dpr}
        onFrame={onFrame}
        invalidateRef={invalidateRef}
      >
        {venue.inCanvas}
      </Stage>
      {venue.layer}
      {/* The legend from the encoding's own scales, where the artist composes; view mode has its own (src/viewer/). */}
      {params.mode === 'studio' && state.config && state.table && <Legend {...legendProps(state.config, state.table.channels)} />}
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
    </>
  );
}
