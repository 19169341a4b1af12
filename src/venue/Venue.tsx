/**
 * Venue outputs: what a page needs to run for days on a screen, a video wall or a projector.
 * `useVenue` gives the App what to pass the stage (view offset, resolution, look, the stage's key and
 * its guard) and a layer of DOM overlays (edge blend, calibration, status). See README "Running a
 * venue".
 *
 * Active parts:
 * - every mode: context-loss recovery and fitting the render size to the GPU's limits;
 * - `?mode=venue`: wall-clock time from display.venue.epoch, adaptive quality (unless the clock is
 *   frozen or `?quality=fixed`), hidden idle cursor, fullscreen on first interaction, status on `i`;
 * - a wall (`?wall=` or display.venue.wall with more than one output): this output's view offset, and
 *   the edge-blend overlay when the wall has an overlap;
 * - display.venue.cornerPin[output] (venue mode or a wall), and `?calibrate=1` to drag it and save.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Automation } from '../app/automation.ts';
import { parseEpoch, type Clock } from '../app/clock.ts';
import type { PageParams } from '../app/params.ts';
import type { InstallationConfig } from '../config/index.ts';
import type { PostLook } from '../render/post.ts';
import { Calibration } from './Calibration.tsx';
import { cornerPinMatrix3d, IDENTITY_PIN, type CornerPin } from './cornerPin.ts';
import { EdgeBlend } from './EdgeBlend.tsx';
import { readVenueParams, type VenueParams } from './params.ts';
import { QualityController, qualityLadder } from './quality.ts';
import { VenueRuntime, type VenueStats } from './runtime.ts';
import { StageGuard } from './StageGuard.tsx';
import { StatusOverlay } from './StatusOverlay.tsx';
import { wallViewOffset, type ViewOffset, type WallSpec } from './wall.ts';

export interface VenueAutomation {
  stats(): VenueStats;
  /** The wall clock reads this instant (ms since 1970), or the real clock again (null). */
  setWall(ms: number | null): void;
  /** This page's wall, its output on that wall, and its view offset. */
  wall(): { wall: WallSpec; output: number; view: ViewOffset | null };
}

declare module '../app/automation.ts' {
  interface Automation {
    venue?: VenueAutomation;
  }
}

export interface Venue {
  /** The wall's view offset for this output, or null (one plain output). */
  view: ViewOffset | null;
  /** Resolution for the stage ([d, d]), or null to keep the config's range. */
  dpr: [number, number] | null;
  /** The look with adaptive quality's bloom levels. */
  post: (look: PostLook) => PostLook;
  /** Key of the Stage: changes only to rebuild the renderer after an unrecovered context loss. */
  stageKey: number;
  /** Goes inside the stage's Canvas. */
  inCanvas: ReactNode;
  /** Goes beside the stage. */
  layer: ReactNode;
  runtime: VenueRuntime;
}

function useViewport(): { width: number; height: number } {
  const [size, setSize] = useState(() => ({ width: window.innerWidth, height: window.innerHeight }));
  useEffect(() => {
    const on = () => setSize({ width: window.innerWidth, height: window.innerHeight });
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return size;
}

export function useVenue(params: PageParams, clock: Clock, config: InstallationConfig | null): Venue {
  const vp = useMemo<VenueParams>(() => readVenueParams(location.search), []);
  const runtime = useMemo(() => new VenueRuntime(), []);
  useSyncExternalStore(runtime.subscribe, runtime.snapshot);
  const viewport = useViewport();
  const venueMode = params.mode === 'venue';
  const cfgVenue = config?.display.venue;

  // Wall: the URL's, else the config's when it has more than one output.
  const cfgWall = cfgVenue?.wall;
  const wall: WallSpec | null = vp.wall
    ? { ...vp.wall, bezel: cfgWall?.bezel ?? 0, overlap: cfgWall?.overlap ?? 0 }
    : cfgWall && cfgWall.columns * cfgWall.rows > 1
      ? cfgWall
      : null;
  const output = wall ? Math.min(vp.output, wall.columns * wall.rows - 1) : 0;
  const view = useMemo(
    () => (wall ? wallViewOffset(wall, output, viewport.width, viewport.height) : null),
    [wall?.columns, wall?.rows, wall?.bezel, wall?.overlap, output, viewport.width, viewport.height], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const active = venueMode || wall !== null || vp.calibrate;

  // Time: venue outputs count from the config's epoch on the wall clock (or from load without one).
  const epoch = venueMode || wall ? parseEpoch(cfgVenue?.epoch ?? null) : null;
  useEffect(() => clock.setEpoch(epoch), [clock, epoch]);
  useEffect(() => clock.setWall(vp.now), [clock, vp.now]);

  // Adaptive quality: venue mode with a running clock.
  const look = config?.look.bloom.levels ?? 5;
  const adaptive = venueMode && vp.adaptiveQuality && clock.frozen() === null && config !== null;
  const quality = useMemo(() => {
    if (!adaptive || !config) return null;
    const d = config.display.dpr;
    const dprMax = Math.min(d.max, Math.max(d.min, window.devicePixelRatio || 1));
    return new QualityController(qualityLadder({ dprMax, dprMin: d.min, bloomLevels: look, floor: config.display.qualityFloor }), config.display.targetFps);
  }, [adaptive, config?.display.dpr.min, config?.display.dpr.max, config?.display.qualityFloor, config?.display.targetFps, look]); // eslint-disable-line react-hooks/exhaustive-deps
  const [, setStep] = useState(0);
  const onQualityStep = useCallback(() => {
    if (!quality) return;
    runtime.stats.qualityStep = quality.step;
    setStep(quality.step);
  }, [quality, runtime]);
  const step = quality?.current ?? null;
  runtime.stats.dpr = step?.dpr ?? null;
  runtime.stats.bloomLevels = step?.bloomLevels ?? null;

  const configDpr = config ? Math.min(config.display.dpr.max, Math.max(config.display.dpr.min, window.devicePixelRatio || 1)) : 1;
  const requestedDpr = step?.dpr ?? configDpr;
  const fit = runtime.fit;
  const dpr: [number, number] | null =
    step || (fit && fit.message) ? [Math.min(requestedDpr, fit?.dpr ?? Infinity), Math.min(requestedDpr, fit?.dpr ?? Infinity)] : null;

  const bloomLevels = step?.bloomLevels ?? null;
  const post = useCallback(
    (l: PostLook): PostLook => (bloomLevels !== null && bloomLevels < l.bloom.levels ? { ...l, bloom: { ...l.bloom, levels: bloomLevels } } : l),
    [bloomLevels],
  );

  // The automation surface's venue part.
  useEffect(() => {
    const api: VenueAutomation = {
      stats: () => ({ ...runtime.stats }),
      setWall: (ms) => clock.setWall(ms),
      wall: () => ({ wall: wall ?? { columns: 1, rows: 1, bezel: 0, overlap: 0 }, output, view }),
    };
    (window.noctiluca as Automation).venue = api;
  });

  const inCanvas = <StageGuard runtime={runtime} quality={quality} requestedDpr={requestedDpr} onQualityStep={onQualityStep} />;
  const layer = (
    <>
      {active && (
        <VenueLayer
      params={vp}
      venueMode={venueMode}
      config={config}
      wall={wall}
      output={output}
      runtime={runtime}
      clock={clock}
      viewport={viewport}
      installation={params.installation}
        />
      )}
      {runtime.stats.clamped && <ClampNotice text={runtime.stats.clamped} />}
    </>
  );
  return { view, dpr, post, stageKey: runtime.stageKey, inCanvas, layer, runtime };
}

interface VenueLayerProps {
  params: VenueParams;
  venueMode: boolean;
  config: InstallationConfig | null;
  wall: WallSpec | null;
  output: number;
  runtime: VenueRuntime;
  clock: Clock;
  viewport: { width: number; height: number };
  installation: string;
}

/** Idle cursor hiding, fullscreen on first interaction, corner pin, edge blend, calibration, status. */
function VenueLayer({ params, venueMode, config, wall, output, runtime, clock, viewport, installation }: VenueLayerProps) {
  const [showStatus, setShowStatus] = useState(false);
  const savedPin = (config?.display.venue.cornerPin[output] as CornerPin | undefined) ?? IDENTITY_PIN;
  const [draftPin, setDraftPin] = useState<CornerPin | null>(null);
  const pin = params.calibrate && draftPin ? draftPin : savedPin;
  const transform = cornerPinMatrix3d(pin, viewport.width, viewport.height);

  // Cursor hides after 2 s without movement; fullscreen on the first interaction (kiosk starts fullscreen).
  useEffect(() => {
    if (!venueMode || params.calibrate) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = () => {
      document.body.style.cursor = '';
      clearTimeout(timer);
      timer = setTimeout(() => (document.body.style.cursor = 'none'), 2000);
    };
    const fullscreen = () => {
      if (!document.fullscreenElement) document.documentElement.requestFullscreen?.().catch(() => {});
    };
    const key = (e: KeyboardEvent) => {
      if (e.key === 'i' || e.key === 'I') setShowStatus((s) => !s);
      else fullscreen();
    };
    show();
    window.addEventListener('pointermove', show);
    window.addEventListener('pointerdown', fullscreen);
    window.addEventListener('keydown', key);
    return () => {
      clearTimeout(timer);
      document.body.style.cursor = '';
      window.removeEventListener('pointermove', show);
      window.removeEventListener('pointerdown', fullscreen);
      window.removeEventListener('keydown', key);
    };
  }, [venueMode, params.calibrate]);

  // The corner pin warps the stage canvas (and the blend overlay below, in the same frame of reference).
  useEffect(() => {
    const stage = document.querySelector<HTMLElement>('.stage');
    if (!stage) return;
    stage.style.transformOrigin = '0 0';
    stage.style.transform = transform ?? '';
    return () => {
      stage.style.transform = '';
    };
  }, [transform, runtime.stageKey]);

  const overlap = wall?.overlap ?? 0;
  return (
    <>
      {wall && overlap > 0 && (
        <EdgeBlend columns={wall.columns} rows={wall.rows} output={output} overlap={overlap} gamma={config?.display.venue.wall.gamma ?? 2.2} style={transform ? { transform } : undefined} />
      )}
      {params.calibrate && (
        <Calibration pin={pin} onChange={setDraftPin} installation={installation} output={output} transform={transform} viewport={viewport} />
      )}
      {(showStatus || params.calibrate) && <StatusOverlay runtime={runtime} clock={clock} wall={wall} output={output} />}
    </>
  );
}

/** Tells the operator for a while that the render size was clamped (the status overlay keeps it). */
function ClampNotice({ text }: { text: string }) {
  const [visible, setVisible] = useState(true);
  const shown = useRef(text);
  useEffect(() => {
    shown.current = text;
    setVisible(true);
    const t = setTimeout(() => setVisible(false), 15000);
    return () => clearTimeout(t);
  }, [text]);
  return visible ? (
    <div className="venue-clamp" role="status" style={{ position: 'fixed', right: '1rem', top: '1rem', maxWidth: '28rem', padding: '0.5rem 0.8rem', background: 'rgba(3,10,22,0.85)', borderLeft: '3px solid #e0b040', fontSize: '0.8rem' }}>
      {text}
    </div>
  ) : null;
}
