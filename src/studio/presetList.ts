/**
 * The panel's presets (dev server): the installation's presets listed by name, applied by key path
 * (presets.ts), and the tuned config saved as a new one. Loaded when the panel starts; a built site
 * has no preset routes, so none are offered there.
 */
import type { FolderApi } from 'tweakpane';
import { applyPreset, isPresetName, presetValues, type Preset } from '../config/presets.ts';
import type { PanelSync } from './sync.ts';
import { postToDevServer } from '../app/devServer.ts';

export interface PresetContext {
  sync: PanelSync;
  name: () => string;
  base: string;
  say: (text: string, problem?: boolean) => void;
  /** The list changed: build the controls anew. */
  rebuild: () => void;
}

export class PresetList {
  private presets: Preset[] = [];
  private readonly state = { preset: '', name: '' };

  constructor(private readonly ctx: PresetContext) {}

  /** The presets sub-folder, inside the file folder. */
  fill(parent: FolderApi, expanded: (title: string) => boolean | undefined): void {
    const p = parent.addFolder({ title: 'presets', expanded: expanded('file/presets') ?? false });
    p.element.dataset.folder = 'file/presets';
    if (this.presets.length) {
      if (!this.presets.some((x) => x.name === this.state.preset)) this.state.preset = this.presets[0].name;
      p.addBinding(this.state, 'preset', { options: this.presets.map((x) => ({ text: x.name, value: x.name })) });
      p.addButton({ title: 'Apply preset' }).on('click', () => this.apply(this.state.preset));
    }
    p.addBinding(this.state, 'name', { label: 'new name' });
    p.addButton({ title: 'Save as preset' }).on('click', () => void this.save());
  }

  async load(): Promise<void> {
    try {
      const r = await fetch(`${this.ctx.base}__noctiluca/presets/${encodeURIComponent(this.ctx.name())}`, { cache: 'no-store' });
      if (!r.ok) return;
      const body = (await r.json()) as { presets: Preset[]; errors: string[] };
      this.presets = body.presets;
      if (body.errors.length) this.ctx.say(body.errors.join('\n'), true);
      this.ctx.rebuild();
    } catch {
      // No dev server routes (a built site): presets are not offered.
    }
  }

  apply(name: string): void {
    const preset = this.presets.find((p) => p.name === name);
    const config = this.ctx.sync.config;
    if (!preset || !config) return;
    const file = `installations/${this.ctx.name()}/presets/${name}.json`;
    const r = applyPreset(config, preset, file);
    const missing = r.missing.length ? `\nSkipped keys the config no longer has: ${r.missing.join(', ')}` : '';
    if (!r.config) {
      this.ctx.say(`Preset "${name}" not applied:\n${r.errors.join('\n')}${missing}`, true);
      return;
    }
    this.ctx.sync.commit(r.config, config, { text: `Applied preset "${name}" (${r.applied.length} values)${missing}`, problem: r.missing.length > 0 });
  }

  async save(): Promise<void> {
    const name = this.state.name.trim();
    if (!isPresetName(name)) {
      this.ctx.say('A preset name is lowercase letters, digits and dashes (e.g. "calm-night")', true);
      return;
    }
    const config = this.ctx.sync.config;
    if (!config) return;
    const r = await postToDevServer(`${this.ctx.base}__noctiluca/presets/${encodeURIComponent(this.ctx.name())}/${name}`, {
      description: `Saved from the panel`,
      values: presetValues(config),
    });
    const body = (await r.json()) as { ok: boolean; errors?: string[]; file?: string };
    if (!body.ok) {
      this.ctx.say(`Preset not saved:\n${(body.errors ?? []).join('\n')}`, true);
      return;
    }
    this.ctx.say(`Saved ${body.file}`);
    this.state.preset = name;
    await this.load();
  }
}
