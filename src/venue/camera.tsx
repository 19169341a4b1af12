/**
 * A venue camera stirs the sea (config motion.stirring.camera): on the wall output that owns the
 * camera, frames are compared on the GPU (src/render/motion.ts) ten times a second; where visitors
 * moved, the cells under them are stirred, and the venue relay (stirRelay.ts) takes the stirring to
 * the other outputs. Only the coarse motion grid leaves the GPU and nothing is kept: no frame is
 * stored, uploaded or sent, only stirring samples (a place, a size, a time, an amplitude). Off unless
 * the config turns it on; while it is on, `window.noctiluca.stir.camera()` says how it is doing.
 */
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import type { CameraStirStats } from '../app/contract.ts';
import type { Clock } from '../app/clock.ts';
import type { Stirring } from '../app/stirring.ts';
import { MotionDetector, motionToStir } from '../render/motion.ts';

/** Camera frames compared a second. */
const RATE_HZ = 10;
/** At most this many stirring samples from one comparison. */
const MAX_SAMPLES = 24;

export interface CameraSettings {
  sensitivity: number;
  mirror: boolean;
  /** Stirring radius (fraction of the mosaic height). */
  radius: number;
}

export function CameraStirring({ settings, stirring, clock, invalidate }: { settings: CameraSettings; stirring: Stirring; clock: Clock; invalidate: () => void }) {
  const gl = useThree((s) => s.gl);
  const detector = useRef<MotionDetector | null>(null);
  const video = useRef<HTMLVideoElement | null>(null);
  const last = useRef(0);
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const stats = useRef<CameraStirStats>({ state: 'asking', frames: 0, samples: 0, message: null });

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    const s = stats.current;
    const api = window.noctiluca?.stir;
    if (api) api.camera = () => ({ ...stats.current });
    // A frozen page draws only when asked: ask ten times a second while the camera runs.
    const tick = setInterval(invalidate, 1000 / RATE_HZ);
    if (!navigator.mediaDevices?.getUserMedia) {
      s.state = 'failed';
      s.message = 'this browser offers no camera (navigator.mediaDevices is missing: the page needs https or localhost)';
    } else {
      void navigator.mediaDevices
        .getUserMedia({ video: { width: { ideal: 320 }, height: { ideal: 180 }, frameRate: { ideal: 15 } }, audio: false })
        .then(async (media) => {
          stream = media;
          if (stopped) return media.getTracks().forEach((t) => t.stop());
          const el = document.createElement('video');
          el.muted = true;
          el.playsInline = true;
          el.srcObject = media;
          await el.play();
          if (stopped) return;
          video.current = el;
          detector.current = new MotionDetector(el);
          s.state = 'on';
        })
        .catch((err: unknown) => {
          const name = err instanceof Error ? err.name : '';
          s.state = name === 'NotAllowedError' ? 'refused' : 'failed';
          s.message = `camera: ${err instanceof Error ? err.message : String(err)}; the sea is stirred by touch only`;
          console.warn(`[noctiluca] ${s.message}`);
        });
    }
    return () => {
      stopped = true;
      clearInterval(tick);
      stream?.getTracks().forEach((t) => t.stop());
      detector.current?.dispose();
      detector.current = null;
      if (video.current) video.current.srcObject = null;
      video.current = null;
      if (api?.camera) delete api.camera;
    };
  }, [invalidate]);

  useFrame(() => {
    const d = detector.current;
    const el = video.current;
    if (!d || !el || el.readyState < 2) return;
    const now = performance.now();
    if (now - last.current < 1000 / RATE_HZ) return;
    last.current = now;
    const grid = d.step(gl);
    stats.current.frames = d.frames;
    if (!grid) return;
    const c = settingsRef.current;
    const moved = motionToStir(grid, { sensitivity: c.sensitivity, mirror: c.mirror, max: MAX_SAMPLES });
    if (!moved.length) return;
    const t = clock.now();
    const recorded = stirring.inject(moved.map((m) => ({ t, x: m.x, y: m.y, r: c.radius, strength: m.strength })));
    stats.current.samples += recorded.length;
  }, -1);

  return null;
}
