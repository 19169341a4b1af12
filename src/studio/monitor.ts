/**
 * The panel's monitor folder: frame rate (and its graph), frame and JS time, cells, draw calls, GPU
 * objects and bytes, rebuilds. It reads the page's stats twice a second while the panel is shown: no
 * work in the frame loop.
 */
import type { FolderApi } from 'tweakpane';
import type { Stats } from '../app/contract.ts';
import type { Section } from './pane.ts';

export class Monitor {
  private readonly m = { fps: 0, frameMs: 0, jsMs: 0, cells: 0, drawCalls: 0, geometries: 0, textures: 0, programs: 0, gpuMB: 0, rebuilds: 0 };
  private lastFrames = -1;
  private lastTick = 0;

  constructor(
    private readonly stats: () => Stats,
    private readonly frameTimings: () => number[],
  ) {}

  readonly section: Section = {
    title: 'monitor',
    expanded: true,
    fill: (f: FolderApi) => {
      const m = this.m;
      f.addBinding(m, 'fps', { readonly: true, view: 'graph', min: 0, max: 90, interval: 500 });
      f.addBinding(m, 'fps', { readonly: true, interval: 500, format: (v: number) => v.toFixed(0) });
      f.addBinding(m, 'frameMs', { label: 'frame ms', readonly: true, interval: 500, format: (v: number) => v.toFixed(1) });
      f.addBinding(m, 'jsMs', { label: 'frame js ms', readonly: true, interval: 500, format: (v: number) => v.toFixed(2) });
      for (const k of ['cells', 'drawCalls', 'geometries', 'textures', 'programs', 'rebuilds'] as const) {
        f.addBinding(m, k, { readonly: true, interval: 500, format: (v: number) => v.toFixed(0) });
      }
      f.addBinding(m, 'gpuMB', { label: 'mosaic GPU MB', readonly: true, interval: 500, format: (v: number) => v.toFixed(2) });
    },
  };

  /** One reading of the stats (called twice a second). */
  tick(): void {
    const s = this.stats();
    const now = performance.now();
    const m = this.m;
    if (this.lastFrames >= 0) {
      const frames = s.frames - this.lastFrames;
      const dt = (now - this.lastTick) / 1000;
      m.fps = dt > 0 ? frames / dt : 0;
      m.frameMs = frames > 0 ? (1000 * dt) / frames : 0;
      const recent = this.frameTimings().slice(-Math.max(1, Math.min(frames, 60)));
      m.jsMs = recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : 0;
    }
    this.lastFrames = s.frames;
    this.lastTick = now;
    m.cells = s.cells;
    m.drawCalls = s.drawCalls;
    m.geometries = s.geometries;
    m.textures = s.textures;
    m.programs = s.programs;
    m.gpuMB = s.gpuBytes / 1e6;
    m.rebuilds = s.rebuilds;
  }
}
