/**
 * The live tuning panel (Tweakpane), for studio mode. Controls come from the binding model
 * (bindings.ts, ranges from the schema); every change goes through the installation controller,
 * which applies look and motion as uniforms on the next frame and rebuilds layout and encoding in
 * the worker while the old mosaic keeps playing.
 *
 * This file is the panel's frame (its box, the status line, the keys) and wires its parts, each
 * with one job: the sync logic between controls and config (sync.ts), the Tweakpane controls
 * (pane.ts), the file actions (files.ts), the presets (presetList.ts) and the monitor (monitor.ts).
 * Loaded with a dynamic import (start.ts), so viewers never download Tweakpane.
 */
import type { Stats } from '../app/contract.ts';
import type { InstallationController } from '../app/controller.ts';
import { PanelFiles } from './files.ts';
import { Monitor } from './monitor.ts';
import { StudioPane } from './pane.ts';
import { PresetList } from './presetList.ts';
import { PanelSync } from './sync.ts';

export interface StudioOptions {
  controller: InstallationController;
  /** The page's stats (window.noctiluca.stats). */
  stats: () => Stats;
  /** JS time of recent frame callbacks (window.noctiluca.frameTimings), if the page records them. */
  frameTimings?: () => number[];
  /** Base URL of the site (import.meta.env.BASE_URL). */
  base: string;
  /** True on the dev server: saving and presets are available. */
  dev: boolean;
}

export class StudioPanel {
  readonly element: HTMLDivElement;
  private readonly statusEl: HTMLDivElement;
  private readonly sync: PanelSync;
  private readonly pane: StudioPane;
  private readonly disposers: (() => void)[] = [];

  constructor(opts: StudioOptions) {
    const { controller } = opts;
    const name = () => controller.state.name;
    this.element = document.createElement('div');
    this.element.className = 'studio-panel';
    this.element.setAttribute('aria-label', 'Tuning panel');
    Object.assign(this.element.style, {
      position: 'fixed',
      top: '8px',
      right: '8px',
      width: '300px',
      maxHeight: 'calc(100vh - 16px)',
      overflowY: 'auto',
      zIndex: '20',
    } satisfies Partial<CSSStyleDeclaration>);
    const paneHost = document.createElement('div');
    this.statusEl = document.createElement('div');
    this.statusEl.className = 'studio-status';
    this.statusEl.setAttribute('role', 'status');
    this.statusEl.setAttribute('aria-live', 'polite');
    Object.assign(this.statusEl.style, {
      font: '11px/1.4 ui-monospace, monospace',
      color: '#cfe',
      background: 'rgba(10,14,24,0.92)',
      padding: '4px 8px',
      whiteSpace: 'pre-wrap',
      display: 'none',
    } satisfies Partial<CSSStyleDeclaration>);
    this.element.append(paneHost, this.statusEl);
    document.body.append(this.element);

    const say = (text: string, problem = false) => this.say(text, problem);
    this.sync = new PanelSync({
      apply: (c) => controller.applyConfig(c),
      current: () => controller.state.config,
      file: () => `installations/${name()}/installation.json`,
      render: (rebuild) => this.pane.render(rebuild),
      say,
    });
    const files = new PanelFiles({ sync: this.sync, name, base: opts.base, dev: opts.dev, say });
    const presets = opts.dev ? new PresetList({ sync: this.sync, name, base: opts.base, say, rebuild: () => this.pane.render(true) }) : null;
    const monitor = new Monitor(opts.stats, opts.frameTimings ?? (() => []));
    this.pane = new StudioPane(paneHost, this.sync, [files.section(presets ? (f, expanded) => presets.fill(f, expanded) : undefined)], [monitor.section]);

    this.disposers.push(controller.subscribe((s) => this.sync.onState(s)));
    const onKey = (e: KeyboardEvent) => this.onKey(e);
    window.addEventListener('keydown', onKey);
    this.disposers.push(() => window.removeEventListener('keydown', onKey));
    const timer = window.setInterval(() => !this.hidden && monitor.tick(), 500);
    this.disposers.push(() => window.clearInterval(timer));
    this.sync.onState(controller.state);
    void presets?.load();
  }

  dispose(): void {
    for (const d of this.disposers) d();
    this.pane.dispose();
    this.element.remove();
  }

  get hidden(): boolean {
    return this.element.style.display === 'none';
  }
  set hidden(h: boolean) {
    this.element.style.display = h ? 'none' : '';
  }

  /** P shows or hides the panel; Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo (not while typing in a field). */
  private onKey(e: KeyboardEvent): void {
    const t = e.target as HTMLElement | null;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
    const mod = e.ctrlKey || e.metaKey;
    if (!mod && !e.altKey && (e.key === 'p' || e.key === 'P')) {
      this.hidden = !this.hidden;
      e.preventDefault();
    } else if (mod && (e.key === 'z' || e.key === 'Z')) {
      if (e.shiftKey) this.sync.redo();
      else this.sync.undo();
      e.preventDefault();
    } else if (mod && (e.key === 'y' || e.key === 'Y')) {
      this.sync.redo();
      e.preventDefault();
    }
  }

  private say(text: string, problem = false): void {
    this.statusEl.textContent = text;
    this.statusEl.style.display = text ? '' : 'none';
    this.statusEl.style.color = problem ? '#ffb3a8' : '#cfe';
    this.statusEl.dataset.problem = String(problem);
  }
}

/** Mounts the panel (studio mode) on the page's controller and automation surface; returns its disposer. */
export function mountStudio(controller: InstallationController, opts: Partial<Omit<StudioOptions, 'controller'>> = {}): () => void {
  const panel = new StudioPanel({
    controller,
    stats: () => window.noctiluca.stats(),
    frameTimings: () => window.noctiluca.frameTimings?.() ?? [],
    base: import.meta.env.BASE_URL.replace(/\/?$/, '/'),
    dev: import.meta.env.DEV,
    ...opts,
  });
  return () => panel.dispose();
}
