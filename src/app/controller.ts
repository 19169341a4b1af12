/**
 * The installation controller: owns what is on screen (config, baked data, GPU mosaic) and decides
 * the cheapest way to apply a change. Look and motion changes are uniforms (no rebuild); layout and
 * encoding changes rebuild the cells in the worker while the old mosaic keeps animating; data changes
 * refetch the bake. An invalid config never replaces the last good one: its errors are shown while
 * the old picture keeps playing. React subscribes to its state; tools (hot reload, the tuning
 * panel, tests) call its methods.
 */
import { decodeBake } from '../bake/codec.ts';
import type { BakedMosaic } from '../bake/artefact.ts';
import { parseInstallationConfig, type InstallationConfig } from '../config/index.ts';
import type { CellTable } from '../encode/cellTable.ts';
import { MosaicGPU } from '../render/mosaic.ts';
import { fetchBake, fetchConfig, LoadError, requireKnown } from './fetchInstallation.ts';
import { buildCells } from './pipeline.ts';
import { encodingSpec, layoutOptions, mosaicLook } from './settings.ts';

export interface Failure {
  title: string;
  lines: string[];
  links: { href: string; text: string }[];
}

export interface ControllerState {
  name: string;
  config: InstallationConfig | null;
  gpu: MosaicGPU | null;
  table: CellTable | null;
  bake: BakedMosaic | null;
  /** Nothing can be shown: the page says why. */
  failure: Failure | null;
  /** The newest config on disk is invalid; the last good one keeps playing. */
  configErrors: string[];
  /** Things a person should know about the data or the encoding. */
  messages: string[];
  /** Completed cell rebuilds (layout/encoding/data changes) since load. */
  rebuilds: number;
}

/** Which parts of a config a change touches. */
export function configChanges(a: InstallationConfig, b: InstallationConfig): { data: boolean; cells: boolean; look: boolean } {
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  return {
    data: !same(a.data, b.data),
    cells: !same(a.layout, b.layout) || !same(a.encoding, b.encoding),
    look: !same(a.look, b.look) || !same(a.motion, b.motion) || !same(a.display, b.display),
  };
}

export class InstallationController {
  state: ControllerState;
  private listeners = new Set<(s: ControllerState) => void>();
  private bakeBuffer: ArrayBuffer | null = null;
  /** Warnings of the config on screen (validation lint), shown with the data's messages. */
  private configWarnings: string[] = [];
  private generation = 0;
  /** The visitor's prefers-reduced-motion; with config motion.reducedMotion "respect" it slows and softens motion. */
  private prefersReducedMotion = false;

  constructor(name: string) {
    this.state = {
      name,
      config: null,
      gpu: null,
      table: null,
      bake: null,
      failure: null,
      configErrors: [],
      messages: [],
      rebuilds: 0,
    };
  }

  subscribe(fn: (s: ControllerState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<ControllerState>) {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn(this.state);
  }

  /** First load: index check, config, bake, cells. Failures become the page's message. */
  async load(): Promise<void> {
    try {
      await requireKnown(this.state.name);
      const { config, warnings } = await fetchConfig(this.state.name);
      const buffer = await fetchBake(this.state.name);
      this.configWarnings = warnings.map((w) => w.text);
      await this.rebuild(config, buffer);
    } catch (err) {
      this.set({ failure: toFailure(err) });
      throw err;
    }
  }

  /**
   * Apply a new config: uniforms only when just the look changed, a worker rebuild when the layout or
   * encoding changed, a new bake when the data section changed. Resolves when the change is live.
   */
  async applyConfig(next: InstallationConfig, opts: { dataChanged?: boolean } = {}): Promise<'look' | 'cells' | 'data' | 'none'> {
    const current = this.state.config;
    if (!current || !this.bakeBuffer) throw new Error('applyConfig: nothing is loaded yet');
    const changes = configChanges(current, next);
    if (changes.data || opts.dataChanged) {
      const buffer = await fetchBake(this.state.name);
      await this.rebuild(next, buffer);
      return 'data';
    }
    if (changes.cells) {
      await this.rebuild(next, this.bakeBuffer);
      return 'cells';
    }
    if (changes.look) {
      this.state.gpu?.setLook(this.lookOf(next));
      this.set({ config: next, configErrors: [] });
      return 'look';
    }
    this.set({ config: next, configErrors: [] });
    return 'none';
  }

  /** Follow the visitor's reduced-motion preference (a uniform change, seen on the next frame). */
  setPrefersReducedMotion(prefers: boolean): void {
    if (prefers === this.prefersReducedMotion) return;
    this.prefersReducedMotion = prefers;
    if (this.state.config) this.state.gpu?.setLook(this.lookOf(this.state.config));
  }

  private lookOf(config: InstallationConfig) {
    return mosaicLook(config, { prefersReducedMotion: this.prefersReducedMotion });
  }

  /** Re-read installation.json (and the data when `dataChanged`), e.g. on a hot-reload notice. */
  async reloadFromServer(opts: { dataChanged?: boolean } = {}): Promise<void> {
    const file = `installations/${this.state.name}/installation.json`;
    let text: string;
    try {
      const r = await fetch(`${import.meta.env.BASE_URL}installations/${this.state.name}/installation.json`, { cache: 'no-store' });
      text = await r.text();
    } catch (err) {
      this.set({ configErrors: [`${file}: cannot be read (${String(err)}); the last good config keeps playing`] });
      return;
    }
    const parsed = parseInstallationConfig(text, file);
    if (!parsed.config) {
      this.set({ configErrors: parsed.errors.map((e) => e.text) });
      return;
    }
    this.configWarnings = parsed.warnings.map((w) => w.text);
    try {
      await this.applyConfig(parsed.config, opts);
    } catch (err) {
      // A data change that cannot be baked: keep what is shown and say why.
      const f = toFailure(err);
      this.set({ configErrors: [f.title, ...f.lines] });
    }
  }

  private async rebuild(config: InstallationConfig, buffer: ArrayBuffer): Promise<void> {
    const generation = ++this.generation;
    // The worker takes its own copy: views into our buffer (the decoded bake) stay valid meanwhile.
    const { table, bake: returned } = await buildCells(
      buffer.slice(0),
      { ...layoutOptions(config), groupBy: config.layout.groupBy },
      encodingSpec(config),
    );
    if (generation !== this.generation) return; // a newer change superseded this one
    const bake = decodeBake(returned);
    const gpu = new MosaicGPU(table, this.lookOf(config));
    this.bakeBuffer = returned;
    if (bake.report.warnings.length) console.info(`[noctiluca] ${bake.report.summary}`);
    this.set({
      config,
      gpu,
      table,
      bake,
      failure: null,
      configErrors: [],
      // Only what a person should act on reaches the message area; the rest is in stats() and the console.
      messages: [...(bake.report.rowsSkipped > 0 ? [bake.report.summary] : []), ...table.warnings, ...this.configWarnings],
      rebuilds: this.state.rebuilds + (this.state.gpu ? 1 : 0),
    });
  }
}

export function toFailure(err: unknown): Failure {
  return err instanceof LoadError
    ? { title: err.title, lines: err.lines, links: err.links }
    : { title: 'Something went wrong', lines: [err instanceof Error ? err.message : String(err)], links: [] };
}
