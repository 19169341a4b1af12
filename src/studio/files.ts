/**
 * The panel's file actions: save to the installation (dev server; the previous file is kept as
 * installation.bak.json), revert to the file on disk, export (download) or copy the tuned config as
 * the file's own text with only the changed values, and undo/redo. Every result is said on the
 * status line.
 */
import type { FolderApi } from 'tweakpane';
import { parseInstallationConfig } from '../config/index.ts';
import type { Section } from './pane.ts';
import { patchConfigText } from '../config/patchText.ts';
import type { PanelSync } from './sync.ts';
import { postToDevServer } from '../app/devServer.ts';

export interface FilesContext {
  sync: PanelSync;
  /** The installation's name. */
  name: () => string;
  /** Base URL of the site (import.meta.env.BASE_URL). */
  base: string;
  /** True on the dev server: saving is available. */
  dev: boolean;
  say: (text: string, problem?: boolean) => void;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class PanelFiles {
  constructor(private readonly ctx: FilesContext) {}

  /** The buttons, in the file folder; `more` adds what follows them (presets). */
  section(more?: (f: FolderApi, expanded: (title: string) => boolean | undefined) => void): Section {
    return {
      title: 'file',
      expanded: true,
      fill: (f, expanded) => {
        if (this.ctx.dev) f.addButton({ title: 'Save to installation' }).on('click', () => void this.save());
        f.addButton({ title: 'Revert to the file on disk' }).on('click', () => void this.revert());
        f.addButton({ title: 'Export JSON (download)' }).on('click', () => void this.export('download'));
        f.addButton({ title: 'Copy JSON' }).on('click', () => void this.export('copy'));
        f.addButton({ title: 'Undo (Ctrl+Z)' }).on('click', () => this.ctx.sync.undo());
        f.addButton({ title: 'Redo (Ctrl+Shift+Z)' }).on('click', () => this.ctx.sync.redo());
        more?.(f, expanded);
      },
    };
  }

  private get file(): string {
    return `installations/${this.ctx.name()}/installation.json`;
  }

  async save(): Promise<void> {
    const sent = this.ctx.sync.config;
    if (!sent) return;
    this.ctx.say('Saving…');
    try {
      const r = await postToDevServer(`${this.ctx.base}__noctiluca/save/${encodeURIComponent(this.ctx.name())}`, sent);
      const body = (await r.json()) as { ok: boolean; errors?: string[]; file?: string; backup?: string | null };
      if (body.ok && body.backup) this.ctx.sync.markSaved(sent);
      if (body.ok) this.ctx.say(`Saved ${body.file}${body.backup ? ` (previous: ${body.backup})` : ' (no change)'}`);
      else this.ctx.say(`Not saved:\n${(body.errors ?? [`HTTP ${r.status}`]).join('\n')}`, true);
    } catch (err) {
      this.ctx.say(`Not saved: ${errorText(err)}`, true);
    }
  }

  private async fileText(): Promise<string> {
    const r = await fetch(`${this.ctx.base}installations/${encodeURIComponent(this.ctx.name())}/installation.json`, { cache: 'no-store' });
    if (!r.ok) throw new Error(`${this.file}: HTTP ${r.status}`);
    return r.text();
  }

  async revert(): Promise<void> {
    const current = this.ctx.sync.config;
    if (!current) return;
    try {
      const parsed = parseInstallationConfig(await this.fileText(), this.file);
      if (!parsed.config) {
        this.ctx.say(`Cannot revert: the file on disk has errors:\n${parsed.errors.map((e) => e.text).join('\n')}`, true);
        return;
      }
      this.ctx.sync.commit(parsed.config, current, { text: `Reverted to ${this.file}` });
    } catch (err) {
      this.ctx.say(`Cannot revert: ${errorText(err)}`, true);
    }
  }

  /** The tuned config as the installation's own file would hold it: its text with only the changed values. */
  private async exportText(): Promise<string> {
    const c = this.ctx.sync.config!;
    try {
      return patchConfigText(await this.fileText(), c, this.file);
    } catch {
      return `${JSON.stringify(c, null, 2)}\n`;
    }
  }

  async export(how: 'download' | 'copy'): Promise<void> {
    if (!this.ctx.sync.config) return;
    const text = await this.exportText();
    if (how === 'copy') {
      try {
        await navigator.clipboard.writeText(text);
        this.ctx.say('Copied the installation JSON');
      } catch (err) {
        this.ctx.say(`Cannot copy (${errorText(err)}); use Export instead`, true);
      }
      return;
    }
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'installation.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    this.ctx.say(`Exported installation.json for "${this.ctx.name()}"`);
  }
}
