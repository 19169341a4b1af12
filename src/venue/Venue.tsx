/**
 * Venue outputs: what a page needs to run for days on a screen, a video wall or a projector, as a
 * part of the page core (src/app/parts/part.ts). Context-loss recovery and fitting the render size
 * to the GPU's limits are the core's, in every mode; this adds (see README "Running a venue"):
 * - wall-clock time from display.venue.epoch, so outputs on separate machines stay in step;
 * - adaptive quality (src/app/parts/adaptiveQuality.tsx), unless the clock is frozen or `?quality=fixed`;
 * - a hidden idle cursor, fullscreen on first interaction, the status overlay on `i`;
 * - a wall (`?wall=` or display.venue.wall with more than one output): this output's view offset,
 *   and the edge-blend overlay when the wall has an overlap; an output the wall does not have
 *   (`?output=5` on a 2x1 wall) is refused: black, with a notice that says what to fix;
 * - display.venue.cornerPin[output], and `?calibrate=1` to drag it and save;
 * - a camera that stirs the sea, on the output that owns it (camera.tsx, config motion.stirring.camera);
 * - `window.noctiluca.venue` (src/app/contract.ts).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { parseEpoch, type Clock } from '../app/clock.ts';
import type { VenueAutomation, VenueStats } from '../app/contract.ts';
import type { InstallationConfig } from '../config/index.ts';
import { useAdaptiveQuality } from '../app/parts/adaptiveQuality.tsx';
import type { PagePart } from '../app/parts/part.ts';
import { LegendLayer } from '../app/Legend.tsx';
import { CameraStirring } from './camera.tsx';
import { Calibration } from './Calibration.tsx';
import { cornerPinMatrix3d, IDENTITY_PIN, type CornerPin } from '../config/cornerPin.ts';
import { EdgeBlend } from './EdgeBlend.tsx';
import { readVenueParams, type VenueParams } from './params.ts';
import { StatusOverlay } from './StatusOverlay.tsx';
import { bloomAlign, bloomMargin } from '../render/glowReach.ts';
import { glowOverscan, outputRefusal, wallViewOffset, type Overscan, type WallSpec } from './wall.ts';

/** A refused output: black, with the notice in large type (read from across the room). */
const REFUSED_STYLE = {
  position: 'fixed',
  inset: 0,
  zIndex: 20,
  display: 'grid',
  placeItems: 'center',
  padding: '2rem',
  background: '#000',
  color: '#ffd36b',
  font: '600 clamp(1rem, 2.6vw, 2.2rem)/1.35 system-ui, sans-serif',
  textAlign: 'center',
} as const;

function useViewport(): { width: number; height: number } {
  const [size, setSize] = useState(() => ({ width: window.innerWidth, height: window.innerHeight }));
  useEffect(() => {
    const on = () => setSize({ width: window.innerWidth, height: window.innerHeight });
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return size;
}

export const useVenue: PagePart = (core, state) => {
  const { clock } = core;
  const config = state.config;
  const vp = useMemo<VenueParams>(() => readVenueParams(location.search), []);
  const viewport = useViewport();
  const cfgVenue = config?.display.venue;

  // Wall: the URL's, else the config's when it has more than one output.
  const cfgWall = cfgVenue?.wall;
  const wall: WallSpec | null = vp.wall
    ? { ...vp.wall, bezel: cfgWall?.bezel ?? 0, overlap: cfgWall?.overlap ?? 0 }
    : cfgWall && cfgWall.columns * cfgWall.rows > 1
      ? cfgWall
      : null;
  // An output the wall does not have is refused, never drawn as another one (wall.ts outputRefusal).
  const refused = outputRefusal(wall ? { ...wall, from: vp.wall ? `?wall=${wall.columns}x${wall.rows}` : 'display.venue.wall' } : null, vp.outputAsked);
  const output = wall && !refused ? vp.output : 0;
  const view = useMemo(
    () => (wall ? wallViewOffset(wall, output, viewport.width, viewport.height) : null),
    [wall?.columns, wall?.rows, wall?.bezel, wall?.overlap, output, viewport.width, viewport.height], // eslint-disable-line react-hooks/exhaustive-deps
  );
  // Each output draws the glow margin of the picture around its part, so the glow runs across the
  // seams as in one picture (the config's levels: adaptive quality only ever lowers them). The glow
  // reaches that far in drawn pixels: below 1 drawn pixel a CSS pixel, the margin grows to match.
  const levels = config?.look.bloom.levels ?? 0;
  const quality = useAdaptiveQuality(core, state);
  const scale = Math.min(1, quality.dpr ?? 1);
  const overscan = useMemo<Overscan | null>(
    () => (view ? glowOverscan(view, Math.ceil(bloomMargin(levels) / scale), bloomAlign(levels)) : null),
    [view, levels, scale],
  );

  // Time: venue outputs count from the config's epoch on the wall clock (or from load without one).
  const epoch = parseEpoch(cfgVenue?.epoch ?? null);
  useEffect(() => clock.setEpoch(epoch), [clock, epoch]);

  const qualityNow = useRef(quality.quality);
  qualityNow.current = quality.quality;
  const stats = useCallback((): VenueStats => ({ ...core.stage, ...qualityNow.current }), [core]);

  // The automation surface's venue part.
  useEffect(() => {
    const api: VenueAutomation = {
      stats,
      wall: () => ({ wall: wall ?? { columns: 1, rows: 1, bezel: 0, overlap: 0 }, output, view, overscan, refused }),
    };
    return core.expose('venue', api);
  });

  // A camera stirs the sea on the output that owns it (config motion.stirring.camera).
  const stir = config?.motion.stirring;
  const camera = stir?.camera.enabled && stir.strength > 0 && stir.camera.output === output ? stir.camera : null;

  return {
    view,
    overscan,
    dpr: quality.dpr,
    post: quality.post,
    inCanvas: (
      <>
        {quality.inCanvas}
        {camera && (
          <CameraStirring settings={{ sensitivity: camera.sensitivity, mirror: camera.mirror, radius: stir!.radius }} stirring={core.stirring} clock={clock} invalidate={core.invalidate} />
        )}
      </>
    ),
    layer: (
      <>
        <VenueLayer params={vp} config={config} wall={wall} output={output} overscan={overscan} stats={stats} clock={clock} viewport={viewport} installation={core.params.installation} />
        {refused && (
          <div className="venue-refused" role="alert" style={REFUSED_STYLE}>
            <p style={{ maxWidth: '40rem', margin: 0 }}>{refused}</p>
          </div>
        )}
        {/* The legend, on the whole wall: each output shows its part of it. */}
        <LegendLayer config={config} table={state.table} view={view ?? core.params.view} />
      </>
    ),
  };
};

interface VenueLayerProps {
  params: VenueParams;
  config: InstallationConfig | null;
  wall: WallSpec | null;
  output: number;
  overscan: Overscan | null;
  stats: () => VenueStats;
  clock: Clock;
  viewport: { width: number; height: number };
  installation: string;
}

/** Idle cursor hiding, fullscreen on first interaction, corner pin, edge blend, calibration, status. */
function VenueLayer({ params, config, wall, output, overscan, stats, clock, viewport, installation }: VenueLayerProps) {
  const [showStatus, setShowStatus] = useState(false);
  const savedPin = (config?.display.venue.cornerPin[output] as CornerPin | undefined) ?? IDENTITY_PIN;
  const [draftPin, setDraftPin] = useState<CornerPin | null>(null);
  const pin = params.calibrate && draftPin ? draftPin : savedPin;
  const transform = cornerPinMatrix3d(pin, viewport.width, viewport.height);

  // Cursor hides after 2 s without movement; fullscreen on the first interaction (kiosk starts fullscreen).
  useEffect(() => {
    if (params.calibrate) return;
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
  }, [params.calibrate]);

  // The corner pin warps the stage canvas (and the blend overlay below, in the same frame of reference).
  // A rebuilt renderer is a new canvas: the pin is applied again on the next render.
  useEffect(() => {
    const stage = document.querySelector<HTMLElement>('.stage');
    if (!stage) return;
    // The pin maps the screen's corners: its origin is the screen's top-left, inside an overscanned canvas.
    stage.style.transformOrigin = `${overscan?.left ?? 0}px ${overscan?.top ?? 0}px`;
    stage.style.transform = transform ?? '';
    return () => {
      stage.style.transform = '';
    };
  });

  const overlap = wall?.overlap ?? 0;
  return (
    <>
      {wall && overlap > 0 && (
        <EdgeBlend columns={wall.columns} rows={wall.rows} output={output} overlap={overlap} gamma={config?.display.venue.wall.gamma ?? 2.2} style={transform ? { transform } : undefined} />
      )}
      {params.calibrate && <Calibration pin={pin} onChange={setDraftPin} installation={installation} output={output} transform={transform} viewport={viewport} />}
      {(showStatus || params.calibrate) && <StatusOverlay stats={stats} clock={clock} wall={wall} output={output} />}
    </>
  );
}
