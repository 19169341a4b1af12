/**
 * The page core: an installation controller (what is on screen and how changes apply), the clock,
 * the stage that draws it with context-loss recovery and GPU limits, the automation surface and the
 * message areas. Every mode builds on it by adding parts (src/app/parts/part.ts); the core never asks
 * which mode it is in (src/modes.ts names them). React holds only what a person changes and the
 * current GPU mosaic object; per-cell data lives in typed arrays on the GPU.
 */
import { Fragment, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { FrameTimes, installAutomation } from './automation.ts';
import { createClock } from './clock.ts';
import type { Automation, FrameInfo, Stats, View } from './contract.ts';
import { InstallationController } from './controller.ts';
import { Notices } from './Notices.tsx';
import { firstLayoutAspect, type PageParams } from './params.ts';
import type { PageCore, PagePart, PartOutput } from './parts/part.ts';
import { defaultPostLook, postLook } from './settings.ts';
import { Stage } from './Stage.tsx';
import { StageGuard } from './StageGuard.tsx';
import { StageRuntime } from './stageRuntime.ts';
import { Stirring } from './stirring.ts';

/** What a host page (the viewer, src/viewer/) needs from the core: its controller and a way to ask for a frame. */
export interface StageHandle {
  controller: InstallationController;
  /** Ask for a frame (needed when the clock is frozen and only a uniform changed). */
  invalidate: () => void;
  /** The sea the visitor stirs (pointer paths, src/app/stirring.ts). */
  stirring: Stirring;
}

export interface AppProps {
  params: PageParams;
  /** What the mode adds (src/app/parts/part.ts): called in this order on every render; fixed for the page's life. */
  parts?: readonly PagePart[];
  onStage?: (s: StageHandle) => void;
}

const NO_PARTS: readonly PagePart[] = [];

export function App({ params, parts = NO_PARTS, onStage }: AppProps) {
  const clock = useMemo(() => {
    const c = createClock(params.time);
    c.setWall(params.now);
    return c;
  }, [params.time, params.now]);
  // The first layout fills the window (or the URL's virtual canvas); the stage corrects it if its canvas differs.
  const controller = useMemo(
    () => new InstallationController(params.installation, firstLayoutAspect(params)),
    [params.installation], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const state = useSyncExternalStore(
    useCallback((fn: () => void) => controller.subscribe(fn), [controller]),
    () => controller.state,
  );
  const runtime = useMemo(() => new StageRuntime(), []);
  useSyncExternalStore(runtime.subscribe, runtime.snapshot);
  const invalidateRef = useRef<() => void>(() => {});
  const toMosaicRef = useRef<(x: number, y: number) => [number, number] | null>(() => null);
  const stirring = useMemo(
    () =>
      new Stirring(
        clock,
        (x, y) => toMosaicRef.current(x, y),
        () => controller.state.config,
        () => {
          const t = controller.state.table;
          return t ? t.extent[0] / t.extent[1] : 16 / 9;
        },
        () => invalidateRef.current(),
      ),
    [clock, controller],
  );
  // The camera view offset: from the URL, changed by window.noctiluca.setView (stills in pieces).
  const [view, setView] = useState<View | null>(params.view);
  const drawnView = useRef<View | null>(params.view);
  const frameTimes = useMemo(() => new FrameTimes(), []);
  const frame = useRef<FrameInfo & { frames: number }>({ drawCalls: 0, sceneDrawCalls: 0, triangles: 0, geometries: 0, textures: 0, programs: 0, firstFrameCompiles: 0, frames: 0 });

  const stats = useCallback((): Stats => {
    const s = controller.state;
    const f = frame.current;
    return {
      installation: s.name,
      cells: s.gpu ? s.gpu.count : 0,
      drawCalls: f.drawCalls,
      sceneDrawCalls: f.sceneDrawCalls,
      triangles: f.triangles,
      geometries: f.geometries,
      textures: f.textures,
      programs: f.programs,
      firstFrameCompiles: f.firstFrameCompiles,
      frames: f.frames,
      gpuBytes: s.gpu ? s.gpu.gpuBytes() : 0,
      imageBytes: s.gpu ? s.gpu.imageBytes() : 0,
      imageDraws: s.gpu ? s.gpu.imageDraws : 0,
      statePass: s.gpu ? s.gpu.usesStatePass : false,
      rowsSkipped: s.bake ? s.bake.report.rowsSkipped : 0,
      dataSummary: s.bake ? s.bake.report.summary : '',
      warnings: s.messages,
      configErrors: s.configErrors,
      rebuilds: s.rebuilds,
      time: clock.now(),
      view: drawnView.current,
      layout: { aspect: s.layoutAspect, progress: s.progress?.fraction ?? null, firstEarly: s.firstLayoutEarly },
      recoveries: runtime.stats.recoveries,
    };
  }, [controller, clock, runtime]);

  const automation = useMemo(
    () =>
      installAutomation({
        stats,
        stage: () => ({ ...runtime.stats }),
        setTime: (seconds) => {
          clock.set(seconds);
          invalidateRef.current();
        },
        setWall: (ms) => {
          clock.setWall(ms);
          invalidateRef.current();
        },
        setView: (v) => setView(v ? [v[0], v[1], v[2], v[3], v[4], v[5]] : null),
        controller,
        frameTimings: () => frameTimes.list(),
        stir: {
          record: () => stirring.record.list(),
          inject: (inputs) => stirring.inject(inputs),
          replay: (samples) => stirring.replay(samples),
          clear: () => stirring.replay([]),
          toMosaic: (x, y) => toMosaicRef.current(x, y),
        },
      }),
    [stats, runtime, clock, controller, frameTimes, stirring],
  );

  const core = useMemo<PageCore>(
    () => ({
      params,
      clock,
      controller,
      invalidate: () => invalidateRef.current(),
      stats,
      stage: runtime.stats,
      stirring,
      expose<K extends keyof Automation>(key: K, value: Automation[K]) {
        window.noctiluca[key] = value;
        return () => {
          if (window.noctiluca[key] === value) delete window.noctiluca[key];
        };
      },
    }),
    [params, clock, controller, stats, runtime, stirring],
  );

  useEffect(() => {
    onStage?.({ controller, invalidate: () => invalidateRef.current(), stirring });
  }, [controller, onStage, stirring]);

  useEffect(() => {
    controller.load().catch((err: unknown) => {
      const f = controller.state.failure;
      automation.markError(f ? `${f.title}: ${f.lines.join(' ')}` : String(err));
    });
  }, [controller, automation]);

  // Hot reload in development: the dev server says which installation file changed.
  useEffect(() => {
    if (!import.meta.hot) return;
    const onChange = (d: { name: string; file: string }) => {
      if (d.name !== controller.state.name || !controller.state.config) return;
      void controller.reloadFromServer({ dataChanged: !d.file.endsWith('/installation.json'), file: d.file }).then(() => invalidateRef.current());
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
        // The first frame is drawn as soon as its mosaic is on the stage, in a task (Stage.tsx), and
        // is on screen by the second animation frame after it: only then is the page "ready".
        requestAnimationFrame(() => requestAnimationFrame(() => automation.markReady()));
      }
    },
    [automation, view],
  );

  // The mode's parts: always the same list, so their hooks run in the same order every render.
  const fixedParts = useRef(parts).current;
  const outputs: PartOutput[] = fixedParts.map((part) => part(core, state) ?? {});

  // Before the first mosaic, the config the stand-in was made for: its warm-up compiles the chain
  // this config draws with (the tone mapping is a define), not the default one.
  const config = state.config ?? state.standIn?.config ?? null;
  const look = useMemo(() => (config ? postLook(config) : defaultPostLook()), [config]);
  const partPosts = outputs.map((o) => o.post);
  const post = useMemo(() => partPosts.reduce((l, f) => (f ? f(l) : l), look), [look, ...partPosts]); // eslint-disable-line react-hooks/exhaustive-deps

  // Resolution: the config's range, or what a part asks for (adaptive quality), fitted to the GPU.
  const d = config?.display.dpr;
  const configDpr = d ? Math.min(d.max, Math.max(d.min, window.devicePixelRatio || 1)) : 1;
  const asked = outputs.reduce<number | null>((m, o) => (o.dpr == null ? m : Math.min(m ?? Infinity, o.dpr)), null);
  const requestedDpr = asked ?? configDpr;
  const fit = runtime.fit;
  const fixedDpr = asked !== null || fit?.message ? Math.min(requestedDpr, fit?.dpr ?? Infinity) : null;
  const dpr = useMemo<[number, number]>(() => (fixedDpr !== null ? [fixedDpr, fixedDpr] : d ? [d.min, d.max] : [1, 2]), [fixedDpr, d]);

  const viewPart = outputs.find((o) => o.view);
  const partView = viewPart?.view ?? null;
  const stageView = view ?? partView;
  // A wall output's glow margin belongs to its view: a view set by the URL or setView (a still's piece) has its own.
  const overscan = view ? null : (viewPart?.overscan ?? null);
  // Before the stage measures its canvas: a wall's or a still's virtual canvas is known already.
  useEffect(() => {
    if (stageView) controller.setAspect(stageView[0] / stageView[1]);
  }, [controller, stageView]);
  return (
    <>
      <Stage
        key={runtime.stageKey}
        gpu={state.gpu}
        standIn={state.standIn}
        post={post}
        postMode={params.post}
        view={stageView}
        overscan={overscan}
        onAspect={controller.setAspectCallback}
        layoutAspect={state.layoutAspect}
        clock={clock}
        speed={state.config?.motion.speed ?? 1}
        dpr={dpr}
        onFrame={onFrame}
        invalidateRef={invalidateRef}
        frameTimes={frameTimes}
        stir={stirring.record}
        toMosaicRef={toMosaicRef}
      >
        <StageGuard runtime={runtime} requestedDpr={requestedDpr} />
        {outputs.map((o, k) => (
          <Fragment key={k}>{o.inCanvas}</Fragment>
        ))}
      </Stage>
      {outputs.map((o, k) => (
        <Fragment key={k}>{o.layer}</Fragment>
      ))}
      <Notices state={state} clamped={runtime.stats.clamped} />
      {state.progress && <LayoutProgressLine progress={state.progress} cells={state.bake?.journeyCount ?? null} />}
    </>
  );
}

/** How far a layout has come, while one runs (a million cells take seconds): the old mosaic keeps playing meanwhile. */
function LayoutProgressLine({ progress, cells }: { progress: { fraction: number; step: string }; cells: number | null }) {
  // Quick layouts (thousands of cells) come and go without a flash of text.
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setShown(true), 400);
    return () => clearTimeout(t);
  }, []);
  const percent = Math.round(progress.fraction * 100);
  if (!shown) return null;
  return (
    <div className="layout-progress" role="status" aria-live="polite">
      <span>
        Laying out {cells !== null ? `${cells.toLocaleString('en-US')} cells` : 'the cells'}: {progress.step}
      </span>
      <progress max={100} value={percent} aria-label="Layout progress">
        {percent}%
      </progress>
    </div>
  );
}

/** Mounts the page core with a mode's parts in `root` (studio, venue, stills: src/modes.ts). */
export function mountApp(root: HTMLElement, params: PageParams, parts: readonly PagePart[]): void {
  createRoot(root).render(<App params={params} parts={parts} />);
}
