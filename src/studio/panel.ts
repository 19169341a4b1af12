/**
 * The live tuning panel (Tweakpane), for studio mode. Controls come from the binding model
 * (bindings.ts, ranges from the schema); every change goes through the installation controller,
 * which applies look and motion as uniforms on the next frame and rebuilds layout and encoding in
 * the worker while the old mosaic keeps playing. Nothing the panel sends is unvalidated: a value that
 * breaks a schema rule is refused with the schema's message and the control goes back.
 *
 * Loaded with a dynamic import from App.tsx, so viewers never download Tweakpane.
 */
import { Pane, type FolderApi } from 'tweakpane';
import type { BindingApi } from '@tweakpane/core';
import { parseInstallationConfig, type InstallationConfig } from '../config/index.ts';
import { availableFields, fieldValues } from '../encode/cellTable.ts';
import { PALETTES } from '../render/palettes.ts';
import type { ControllerState, InstallationController } from '../app/controller.ts';
import type { Stats } from '../app/contract.ts';
import { FOLDERS, panelBindings, readBinding, structureKey, writeBinding, type Binding, type FieldInfo } from './bindings.ts';
import { History } from './history.ts';
import { patchConfigText } from './patchText.ts';
import { applyPreset, isPresetName, presetValues, type Preset } from './presets.ts';

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

/** Sliders for ranges wider than this are plain number fields (a slider over two billion seeds helps nobody). */
const SLIDER_SPAN = 100_000;

export class StudioPanel {
  readonly element: HTMLDivElement;
  private readonly pane: Pane;
  private readonly statusEl: HTMLDivElement;
  private readonly history = new History<InstallationConfig>();
  private readonly values: Record<string, unknown> = {};
  private readonly apis = new Map<string, BindingApi>();
  private readonly expanded = new Map<string, boolean>();
  private controls: FolderApi[] = [];
  private bindings: Binding[] = [];
  private structure = '';
  private fields: FieldInfo[] = [];
  private fieldsOf: ControllerState['bake'] = null;
  /** The config the panel stands for: the last one it sent, or the controller's when it changed from outside. */
  private config: InstallationConfig | null = null;
  private seen: InstallationConfig | null = null;
  /** The config last saved, until the dev server's hot reload of the saved file comes back. */
  private saved: InstallationConfig | null = null;
  /** The config before a drag of a rebuilding control started (one undo step per drag). */
  private dragStart: InstallationConfig | null = null;
  private syncing = false;
  private readonly monitor = { fps: 0, frameMs: 0, jsMs: 0, cells: 0, drawCalls: 0, geometries: 0, textures: 0, programs: 0, gpuMB: 0, rebuilds: 0 };
  private lastFrames = -1;
  private lastTick = 0;
  private presets: Preset[] = [];
  private readonly presetState = { preset: '', name: '' };
  private readonly disposers: (() => void)[] = [];

  constructor(private readonly opts: StudioOptions) {
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
    this.pane = new Pane({ container: paneHost, title: 'Noctiluca studio (P hides)' });

    this.disposers.push(opts.controller.subscribe((s) => this.onState(s)));
    const onKey = (e: KeyboardEvent) => this.onKey(e);
    window.addEventListener('keydown', onKey);
    this.disposers.push(() => window.removeEventListener('keydown', onKey));
    const timer = window.setInterval(() => this.tick(), 500);
    this.disposers.push(() => window.clearInterval(timer));
    this.onState(opts.controller.state);
    if (opts.dev) void this.loadPresets();
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

  // ---- following the controller ----

  private onState(s: ControllerState): void {
    if (!s.config) return;
    let fieldsChanged = false;
    if (s.bake && s.bake !== this.fieldsOf) {
      // Every rebuild decodes the bake anew; the controls are rebuilt only when its fields differ.
      this.fieldsOf = s.bake;
      const bake = s.bake;
      const fields = availableFields(bake).map((name): FieldInfo => ({ name, kind: fieldValues(bake, name)?.kind === 'categorical' ? 'categorical' : 'numeric' }));
      fieldsChanged = !sameJson(fields, this.fields);
      this.fields = fields;
    }
    if (s.config !== this.seen) {
      this.seen = s.config;
      // The controller's config changed: to one the panel sent (already shown; the panel may be
      // ahead of it), or from outside (hot reload, a failed change), which the panel now follows.
      if (!this.config || !this.pendingIncludes(s.config)) {
        const echo = this.saved !== null && sameJson(s.config, this.saved);
        this.saved = null;
        if (echo && this.config && !sameJson(s.config, this.config)) {
          // The hot-reload echo of a save arrived after further tuning: the newer state stays.
          const ahead = this.config;
          queueMicrotask(() => this.commit(ahead, null));
        } else this.config = s.config;
      }
    }
    if (s.configErrors.length) this.say(s.configErrors.join('\n'), true);
    this.render(fieldsChanged);
  }

  /** Configs the panel sent and the controller has not finished applying. */
  private inFlight: InstallationConfig[] = [];
  private pendingIncludes(c: InstallationConfig): boolean {
    const k = this.inFlight.findIndex((p) => p === c || sameJson(p, c));
    if (k < 0) return false;
    this.inFlight.splice(0, k + 1);
    return true;
  }

  /** Rebuilds the controls when their set changed, else shows the config's values. */
  private render(force = false): void {
    if (!this.config) return;
    const key = structureKey(this.config, this.fields);
    if (force || key !== this.structure) {
      this.structure = key;
      this.build();
    }
    this.syncing = true;
    try {
      for (const b of this.bindings) this.values[b.id] = readBinding(this.config, b);
      for (const b of this.bindings) {
        const api = this.apis.get(b.id);
        if (!api) continue;
        api.refresh();
        if (b.whenNull !== undefined && b.control === 'slider') api.disabled = getAt(this.config, b.keys) === null;
      }
    } finally {
      this.syncing = false;
    }
  }

  // ---- building the pane ----

  private build(): void {
    for (const f of this.controls) {
      this.rememberExpanded(f, '');
      f.dispose();
    }
    this.controls = [];
    this.apis.clear();
    this.bindings = panelBindings(this.config!, this.fields);
    for (const b of this.bindings) this.values[b.id] = readBinding(this.config!, b);

    this.controls.push(this.buildActions());
    for (const folder of FOLDERS) {
      const f = this.pane.addFolder({ title: folder, expanded: this.expanded.get(folder) ?? folder === 'look' });
      f.element.dataset.folder = folder;
      this.controls.push(f);
      const groups = new Map<string, FolderApi>();
      for (const b of this.bindings.filter((x) => x.folder === folder)) {
        let parent = f;
        if (b.group) {
          const title = `${folder}/${b.group}`;
          if (!groups.has(title)) {
            const g = f.addFolder({ title: b.group, expanded: this.expanded.get(title) ?? false });
            g.element.dataset.folder = title;
            groups.set(title, g);
          }
          parent = groups.get(title)!;
        }
        this.apis.set(b.id, this.addControl(parent, b));
      }
    }
    this.controls.push(this.buildMonitor());
  }

  private rememberExpanded(f: FolderApi, prefix: string): void {
    const title = prefix ? `${prefix}/${f.title}` : f.title ?? '';
    this.expanded.set(title, f.expanded);
    for (const c of f.children) if ('expanded' in c && 'children' in c) this.rememberExpanded(c as FolderApi, title);
  }

  private addControl(parent: FolderApi, b: Binding): BindingApi {
    const params: Record<string, unknown> = { label: b.label, tag: b.id };
    if (b.control === 'slider') {
      params.step = b.step;
      params.min = b.min;
      // Bounded ranges are sliders; huge ones (seeds, cell counts) are number fields, still clamped by the model.
      if (b.max! - b.min! <= SLIDER_SPAN) params.max = b.max;
    } else if (b.control === 'list') {
      params.options = b.options;
    } else if (b.control === 'color') {
      params.view = 'color';
    }
    const api = parent.addBinding(this.values, b.id, params) as BindingApi;
    api.element.title = b.description;
    api.element.dataset.path = b.id; // for tools and tests: controls are found by key path
    api.on('change', (ev) => this.onControl(b, ev.value, ev.last));
    return api;
  }

  private buildActions(): FolderApi {
    const f = this.pane.addFolder({ title: 'file', expanded: this.expanded.get('file') ?? true });
    f.element.dataset.folder = 'file';
    if (this.opts.dev) f.addButton({ title: 'Save to installation' }).on('click', () => void this.save());
    f.addButton({ title: 'Revert to the file on disk' }).on('click', () => void this.revert());
    f.addButton({ title: 'Export JSON (download)' }).on('click', () => void this.export('download'));
    f.addButton({ title: 'Copy JSON' }).on('click', () => void this.export('copy'));
    f.addButton({ title: 'Undo (Ctrl+Z)' }).on('click', () => this.undo());
    f.addButton({ title: 'Redo (Ctrl+Shift+Z)' }).on('click', () => this.redo());
    if (this.opts.dev) {
      const p = f.addFolder({ title: 'presets', expanded: this.expanded.get('file/presets') ?? false });
      p.element.dataset.folder = 'file/presets';
      if (this.presets.length) {
        if (!this.presets.some((x) => x.name === this.presetState.preset)) this.presetState.preset = this.presets[0].name;
        p.addBinding(this.presetState, 'preset', { options: this.presets.map((x) => ({ text: x.name, value: x.name })) });
        p.addButton({ title: 'Apply preset' }).on('click', () => this.applyPreset(this.presetState.preset));
      }
      p.addBinding(this.presetState, 'name', { label: 'new name' });
      p.addButton({ title: 'Save as preset' }).on('click', () => void this.savePreset());
    }
    return f;
  }

  private buildMonitor(): FolderApi {
    const f = this.pane.addFolder({ title: 'monitor', expanded: this.expanded.get('monitor') ?? true });
    const m = this.monitor;
    f.element.dataset.folder = 'monitor';
    f.addBinding(m, 'fps', { readonly: true, view: 'graph', min: 0, max: 90, interval: 500 });
    f.addBinding(m, 'fps', { readonly: true, interval: 500, format: (v: number) => v.toFixed(0) });
    f.addBinding(m, 'frameMs', { label: 'frame ms', readonly: true, interval: 500, format: (v: number) => v.toFixed(1) });
    f.addBinding(m, 'jsMs', { label: 'frame js ms', readonly: true, interval: 500, format: (v: number) => v.toFixed(2) });
    for (const k of ['cells', 'drawCalls', 'geometries', 'textures', 'programs', 'rebuilds'] as const) {
      f.addBinding(m, k, { readonly: true, interval: 500, format: (v: number) => v.toFixed(0) });
    }
    f.addBinding(m, 'gpuMB', { label: 'mosaic GPU MB', readonly: true, interval: 500, format: (v: number) => v.toFixed(2) });
    return f;
  }

  /** Reads stats() twice a second: no work in the frame loop. */
  private tick(): void {
    if (this.hidden) return;
    const s = this.opts.stats();
    const now = performance.now();
    const m = this.monitor;
    if (this.lastFrames >= 0) {
      const frames = s.frames - this.lastFrames;
      const dt = (now - this.lastTick) / 1000;
      m.fps = dt > 0 ? frames / dt : 0;
      m.frameMs = frames > 0 ? (1000 * dt) / frames : 0;
      const t = this.opts.frameTimings?.() ?? [];
      const recent = t.slice(-Math.max(1, Math.min(frames, 60)));
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

  // ---- changes ----

  private onControl(b: Binding, value: unknown, last: boolean): void {
    if (this.syncing || !this.config) return;
    const next = writeBinding(this.config, b, value, { fields: this.fields, palettes: PALETTES });
    if (!next) {
      this.say(`${b.id}: ${JSON.stringify(value)} is not a value this control takes; kept ${JSON.stringify(readBinding(this.config, b))}`, true);
      this.render();
      return;
    }
    if (b.rebuild && !last) {
      // Layout and encoding rebuild in the worker: show the value while dragging, apply when the drag ends.
      this.dragStart ??= this.config;
      return;
    }
    const from = this.dragStart ?? this.config;
    this.dragStart = null;
    if (sameJson(next, from) && sameJson(next, this.config)) return;
    this.commit(next, from);
  }

  /** Validates `next` with the schema and applies it; `from` is what undo returns to (null: not recorded). */
  private commit(next: InstallationConfig, from: InstallationConfig | null, note?: { text: string; problem?: boolean }): boolean {
    const parsed = parseInstallationConfig(JSON.stringify(next), `installations/${this.opts.controller.state.name}/installation.json`);
    if (!parsed.config) {
      this.say(`Not applied:\n${parsed.errors.map((e) => e.text).join('\n')}`, true);
      this.render();
      return false;
    }
    if (from) this.history.record(from);
    this.config = parsed.config;
    this.inFlight.push(parsed.config);
    this.render();
    const started = performance.now();
    this.opts.controller
      .applyConfig(parsed.config)
      .then((kind) => {
        const rebuilt = kind === 'cells' || kind === 'data' ? `Rebuilt the mosaic in ${Math.round(performance.now() - started)} ms` : '';
        this.say([note?.text ?? '', rebuilt].filter(Boolean).join('\n'), note?.problem);
      })
      .catch((err: unknown) => {
        // The picture stays as it was: so does the panel.
        this.inFlight = this.inFlight.filter((c) => c !== parsed.config);
        if (this.config === parsed.config) this.config = this.opts.controller.state.config;
        this.render();
        this.say(`Not applied: ${err instanceof Error ? err.message : String(err)}`, true);
      });
    return true;
  }

  private undo(): void {
    if (!this.config) return;
    const prev = this.history.undo(this.config);
    if (prev) this.applyQuiet(prev, 'Undone');
    else this.say('Nothing to undo');
  }

  private redo(): void {
    if (!this.config) return;
    const next = this.history.redo(this.config);
    if (next) this.applyQuiet(next, 'Redone');
    else this.say('Nothing to redo');
  }

  private applyQuiet(config: InstallationConfig, what: string): void {
    this.commit(config, null, { text: what });
  }

  // ---- file ----

  private get name(): string {
    return this.opts.controller.state.name;
  }

  private async save(): Promise<void> {
    if (!this.config) return;
    const sent = this.config;
    this.say('Saving…');
    try {
      const r = await fetch(`${this.opts.base}__noctiluca/save/${encodeURIComponent(this.name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(sent),
      });
      const body = (await r.json()) as { ok: boolean; errors?: string[]; file?: string; backup?: string | null };
      if (body.ok && body.backup) this.saved = sent;
      if (body.ok) this.say(`Saved ${body.file}${body.backup ? ` (previous: ${body.backup})` : ' (no change)'}`);
      else this.say(`Not saved:\n${(body.errors ?? [`HTTP ${r.status}`]).join('\n')}`, true);
    } catch (err) {
      this.say(`Not saved: ${err instanceof Error ? err.message : String(err)}`, true);
    }
  }

  private async fileText(): Promise<string> {
    const r = await fetch(`${this.opts.base}installations/${encodeURIComponent(this.name)}/installation.json`, { cache: 'no-store' });
    if (!r.ok) throw new Error(`installations/${this.name}/installation.json: HTTP ${r.status}`);
    return r.text();
  }

  private async revert(): Promise<void> {
    if (!this.config) return;
    try {
      const file = `installations/${this.name}/installation.json`;
      const parsed = parseInstallationConfig(await this.fileText(), file);
      if (!parsed.config) {
        this.say(`Cannot revert: the file on disk has errors:\n${parsed.errors.map((e) => e.text).join('\n')}`, true);
        return;
      }
      this.commit(parsed.config, this.config, { text: `Reverted to ${file}` });
    } catch (err) {
      this.say(`Cannot revert: ${err instanceof Error ? err.message : String(err)}`, true);
    }
  }

  /** The tuned config as the installation's own file would hold it: its text with only the changed values. */
  private async exportText(): Promise<string> {
    const c = this.config!;
    try {
      return patchConfigText(await this.fileText(), c, `installations/${this.name}/installation.json`);
    } catch {
      return `${JSON.stringify(c, null, 2)}\n`;
    }
  }

  private async export(how: 'download' | 'copy'): Promise<void> {
    if (!this.config) return;
    const text = await this.exportText();
    if (how === 'copy') {
      try {
        await navigator.clipboard.writeText(text);
        this.say('Copied the installation JSON');
      } catch (err) {
        this.say(`Cannot copy (${err instanceof Error ? err.message : String(err)}); use Export instead`, true);
      }
      return;
    }
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'installation.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    this.say(`Exported installation.json for "${this.name}"`);
  }

  // ---- presets ----

  private async loadPresets(): Promise<void> {
    try {
      const r = await fetch(`${this.opts.base}__noctiluca/presets/${encodeURIComponent(this.name)}`, { cache: 'no-store' });
      if (!r.ok) return;
      const body = (await r.json()) as { presets: Preset[]; errors: string[] };
      this.presets = body.presets;
      if (body.errors.length) this.say(body.errors.join('\n'), true);
      if (this.config) this.render(true);
    } catch {
      // No dev server routes (a built site): presets are not offered.
    }
  }

  private applyPreset(name: string): void {
    const preset = this.presets.find((p) => p.name === name);
    if (!preset || !this.config) return;
    const file = `installations/${this.name}/presets/${name}.json`;
    const r = applyPreset(this.config, preset, file);
    const missing = r.missing.length ? `\nSkipped keys the config no longer has: ${r.missing.join(', ')}` : '';
    if (!r.config) {
      this.say(`Preset "${name}" not applied:\n${r.errors.join('\n')}${missing}`, true);
      return;
    }
    this.commit(r.config, this.config, { text: `Applied preset "${name}" (${r.applied.length} values)${missing}`, problem: r.missing.length > 0 });
  }

  private async savePreset(): Promise<void> {
    const name = this.presetState.name.trim();
    if (!isPresetName(name)) {
      this.say('A preset name is lowercase letters, digits and dashes (e.g. "calm-night")', true);
      return;
    }
    if (!this.config) return;
    const r = await fetch(`${this.opts.base}__noctiluca/presets/${encodeURIComponent(this.name)}/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ description: `Saved from the panel`, values: presetValues(this.config) }),
    });
    const body = (await r.json()) as { ok: boolean; errors?: string[]; file?: string };
    if (!body.ok) {
      this.say(`Preset not saved:\n${(body.errors ?? []).join('\n')}`, true);
      return;
    }
    this.say(`Saved ${body.file}`);
    this.presetState.preset = name;
    await this.loadPresets();
  }

  // ---- keys and messages ----

  private onKey(e: KeyboardEvent): void {
    const t = e.target as HTMLElement | null;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
    const mod = e.ctrlKey || e.metaKey;
    if (!mod && !e.altKey && (e.key === 'p' || e.key === 'P')) {
      this.hidden = !this.hidden;
      e.preventDefault();
    } else if (mod && (e.key === 'z' || e.key === 'Z')) {
      if (e.shiftKey) this.redo();
      else this.undo();
      e.preventDefault();
    } else if (mod && (e.key === 'y' || e.key === 'Y')) {
      this.redo();
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

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function getAt(obj: unknown, keys: readonly (string | number)[]): unknown {
  let o = obj;
  for (const k of keys) o = (o as Record<string | number, unknown>)?.[k];
  return o;
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
