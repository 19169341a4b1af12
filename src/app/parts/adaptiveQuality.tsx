/**
 * A part: adaptive quality. While the clock runs, frame intervals feed the quality controller
 * (quality.ts), whose step sets the stage's resolution and the bloom's levels, so a slow machine holds
 * display.targetFps instead of stuttering, and quality comes back when frames have headroom.
 * `?quality=fixed` turns it off (measurements, a wall whose seams must match exactly); a frozen
 * clock (`?t=`) does too. Venue outputs and view mode use it.
 */
import { useFrame } from '@react-three/fiber';
import { useCallback, useMemo, useState } from 'react';
import type { PostLook } from '../../render/post.ts';
import type { QualityStats } from '../contract.ts';
import type { ControllerState } from '../controller.ts';
import type { PageCore, PartOutput } from './part.ts';
import { QualityController, qualityLadder } from './quality.ts';

/** Whether the URL fixes quality (`?quality=fixed`). */
export function qualityFixed(search: string): boolean {
  return new URLSearchParams(search).get('quality') === 'fixed';
}

export function useAdaptiveQuality(core: PageCore, state: ControllerState): PartOutput & { quality: QualityStats } {
  const config = state.config;
  const fixed = useMemo(() => qualityFixed(location.search), []);
  const adaptive = !fixed && core.clock.frozen() === null && config !== null;
  const levels = config?.look.bloom.levels ?? 5;
  const d = config?.display;
  const quality = useMemo(() => {
    if (!adaptive || !d) return null;
    const dprMax = Math.min(d.dpr.max, Math.max(d.dpr.min, window.devicePixelRatio || 1));
    return new QualityController(qualityLadder({ dprMax, dprMin: d.dpr.min, bloomLevels: levels, floor: d.qualityFloor }), d.targetFps);
  }, [adaptive, d?.dpr.min, d?.dpr.max, d?.qualityFloor, d?.targetFps, levels]); // eslint-disable-line react-hooks/exhaustive-deps
  const [, setStep] = useState(0);
  const onStep = useCallback(() => {
    if (quality) setStep(quality.step);
  }, [quality]);
  const step = quality?.current ?? null;
  const bloomLevels = step?.bloomLevels ?? null;
  const post = useCallback(
    (l: PostLook): PostLook => (bloomLevels !== null && bloomLevels < l.bloom.levels ? { ...l, bloom: { ...l.bloom, levels: bloomLevels } } : l),
    [bloomLevels],
  );
  return {
    dpr: step?.dpr ?? null,
    post,
    inCanvas: quality ? <QualitySampler quality={quality} onStep={onStep} /> : null,
    quality: { qualityStep: quality?.step ?? 0, dpr: step?.dpr ?? null, bloomLevels },
  };
}

/** Inside the Canvas: every frame's interval goes to the controller (hidden windows say nothing). */
function QualitySampler({ quality, onStep }: { quality: QualityController; onStep: () => void }) {
  useFrame((_, delta) => {
    if (document.visibilityState === 'visible' && quality.sample(delta * 1000)) onStep();
  });
  return null;
}
