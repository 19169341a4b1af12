/**
 * The panel's Tweakpane: a folder per config section (bindings.ts's FOLDERS), sub-folders per
 * group, one control per binding bound to the sync's values by binding id, and the file and monitor
 * folders around them. Folders keep their open or closed state when the controls are built anew.
 */
import { Pane, type FolderApi } from 'tweakpane';
import type { BindingApi } from '@tweakpane/core';
import { FOLDERS, type Binding } from './bindings.ts';
import type { PanelSync } from './sync.ts';

/** Sliders for ranges wider than this are plain number fields (a slider over two billion seeds helps nobody). */
const SLIDER_SPAN = 100_000;

/** A folder added around the controls: its title, whether it starts open, and what goes in it. */
export interface Section {
  title: string;
  expanded: boolean;
  fill(folder: FolderApi, expanded: (title: string) => boolean | undefined): void;
}

export class StudioPane {
  private readonly pane: Pane;
  private readonly apis = new Map<string, BindingApi>();
  /** Open or closed, by folder path ("look", "look/bloom"), across rebuilds. */
  private readonly expanded = new Map<string, boolean>();
  private folders: FolderApi[] = [];

  constructor(
    container: HTMLElement,
    private readonly sync: PanelSync,
    private readonly before: Section[],
    private readonly after: Section[],
  ) {
    this.pane = new Pane({ container, title: 'Noctiluca studio (P hides)' });
  }

  /** Shows the sync's values; builds the controls anew when their set changed (or `rebuild`). */
  render(rebuild = false): void {
    if (!this.sync.config) return;
    if (this.sync.layout(rebuild)) this.build();
    this.sync.syncing = true;
    try {
      this.sync.fill();
      for (const b of this.sync.bindings) {
        const api = this.apis.get(b.id);
        if (!api) continue;
        api.refresh();
        if (b.whenNull !== undefined && b.control === 'slider') api.disabled = this.sync.isNull(b);
      }
    } finally {
      this.sync.syncing = false;
    }
  }

  dispose(): void {
    this.pane.dispose();
  }

  private build(): void {
    for (const f of this.folders) {
      this.remember(f, '');
      f.dispose();
    }
    this.folders = [];
    this.apis.clear();
    this.sync.fill();
    const expanded = (title: string) => this.expanded.get(title);
    const section = (s: Section) => {
      const f = this.folder(this.pane, s.title, expanded(s.title) ?? s.expanded);
      s.fill(f, expanded);
      this.folders.push(f);
    };
    this.before.forEach(section);
    for (const folder of FOLDERS) {
      const f = this.folder(this.pane, folder, expanded(folder) ?? folder === 'look');
      this.folders.push(f);
      const groups = new Map<string, FolderApi>();
      for (const b of this.sync.bindings.filter((x) => x.folder === folder)) {
        let parent = f;
        if (b.group) {
          const title = `${folder}/${b.group}`;
          if (!groups.has(title)) groups.set(title, this.folder(f, b.group, expanded(title) ?? false, title));
          parent = groups.get(title)!;
        }
        this.apis.set(b.id, this.control(parent, b));
      }
    }
    this.after.forEach(section);
  }

  private folder(parent: Pane | FolderApi, title: string, expanded: boolean, path = title): FolderApi {
    const f = parent.addFolder({ title, expanded });
    f.element.dataset.folder = path; // for tools and tests
    return f;
  }

  private remember(f: FolderApi, prefix: string): void {
    const title = prefix ? `${prefix}/${f.title}` : (f.title ?? '');
    this.expanded.set(title, f.expanded);
    for (const c of f.children) if ('expanded' in c && 'children' in c) this.remember(c as FolderApi, title);
  }

  private control(parent: FolderApi, b: Binding): BindingApi {
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
    const api = parent.addBinding(this.sync.values, b.id, params) as BindingApi;
    api.element.title = b.description;
    api.element.dataset.path = b.id; // for tools and tests: controls are found by key path
    api.on('change', (ev) => this.sync.onControl(b, ev.value, ev.last));
    return api;
  }
}
