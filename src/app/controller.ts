/**
 * The installation controller: owns what is on screen (config, baked data, GPU mosaic) and decides
 * the cheapest way to apply a change (configChanges, src/app/changes.ts). Look and motion changes
 * and layout.gap are uniforms (no rebuild); a remapped channel is re-encoded alone in the worker and
 * its attribute uploaded again; a layout input lays the cells out again (same GPU mosaic, new
 * geometry); data changes refetch the bake. The old picture keeps animating while the worker works.
 * An invalid config never replaces the last good one: its errors are shown while the old picture
 * keeps playing. React subscribes to its state; tools (hot reload, the tuning panel, tests) call its
 * methods.
 */
import { decodeBake } from '../bake/codec.ts';
import type { BakedMosaic } from '../bake/artefact.ts';
import { smallForArtists, smallMosaic } from '../bake/small.ts';
import { parseInstallationConfig, type InstallationConfig } from '../config/index.ts';
import { channelList, type ChannelSpec } from '../encode/channels.ts';
import { channelSlots } from '../encode/slots.ts';
import {
  assembleTable,
  copyColumns,
  layoutChannel,
  packTimeline,
  writeColumn,
  type EncodedChannel,
  type CellTable,
} from '../encode/cellTable.ts';
import { MosaicGPU } from '../render/mosaic.ts';
import { standInMosaic, type StandIn } from '../render/standIn.ts';
import { configChanges } from './changes.ts';
import { fetchBake, fetchConfig, fetchMask, LoadError, requireKnown } from './fetchInstallation.ts';
import { buildCells, loadColumns, startPipeline } from './pipeline.ts';
import { takeSpeculation } from './prefetch.ts';
import { channelSpecs, gpuChannels, layoutRequest, readsMask } from './requests.ts';
import { mosaicLook, reducedMotion, roundAspect } from './settings.ts';

export { configChanges, type ConfigChanges } from './changes.ts';

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
  /** The aspect (width / height) the mosaic on screen was laid out for; null before the first. */
  layoutAspect: number | null;
  /** A layout under way: how far it has come (for the page's progress line); null when none runs. */
  progress: { fraction: number; step: string } | null;
  /** Whether the first layout was the worker's early one (src/app/speculation.ts); null before the first. */
  firstLayoutEarly: boolean | null;
  /**
   * While the first mosaic is laid out in the worker: a stand-in with its shader programs
   * (src/render/standIn.ts) for the stage to draw once, out of sight, so they compile meanwhile.
   * It comes with the config it is for: the page draws it with that config's post-processing look
   * (tone mapping is compiled into the chain's program), though nothing of the config is shown yet.
   * The stage owns (and disposes) it; null once a mosaic is on screen.
   */
  standIn: (StandIn & { config: InstallationConfig }) | null;
}

/** How long the viewport's aspect must hold still before the mosaic is laid out for it again. */
export const RELAYOUT_DELAY_MS = 250;

/** The resolved "layout" channels (order), for the table's channel list. */
function layoutChannels(c: InstallationConfig) {
  const enc = c.encoding as Partial<Record<string, ChannelSpec>>;
  return channelList()
    .filter((d) => d.target === 'layout')
    .map((d) => layoutChannel(d.name, enc[d.name] ?? d.default));
}

export class InstallationController {
  state: ControllerState;
  private listeners = new Set<(s: ControllerState) => void>();
  /** The bake on screen, as the worker knows it (its key), with the parts of the table built from it. */
  private cells: {
    key: number;
    columns: Map<string, EncodedChannel>;
    layoutWarnings: string[];
  } | null = null;
  /** Warnings of the config on screen (validation lint), shown with the data's messages. */
  private configWarnings: string[] = [];
  private generation = 0;
  /** A data change being fetched and built. */
  private baking: Promise<void> | null = null;
  /** The visitor's prefers-reduced-motion; with config motion.reducedMotion "respect" it slows and softens motion. */
  private prefersReducedMotion = false;
  /** A mode's own decision (view mode's toggle), over the config's policy and the preference; null follows them. */
  private reducedMotionChoice: boolean | null = null;
  /** The output's aspect (the whole virtual canvas of a wall or a still): the layout fills it. */
  private aspect: number;
  private relayoutTimer: ReturnType<typeof setTimeout> | null = null;
  /** The mask image named by the config on screen (layout.mask), as fetched. */
  private mask: { path: string; bytes: ArrayBuffer } | null = null;

  constructor(name: string, aspect = 16 / 9) {
    this.aspect = roundAspect(aspect);
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
      layoutAspect: null,
      firstLayoutEarly: null,
      progress: null,
      standIn: null,
    };
  }

  /**
   * The output's aspect (width / height of the viewport, or of the whole virtual canvas when a view
   * offset draws part of one). Before the first layout it is simply used; afterwards a change lays
   * the mosaic out again once the aspect has held still for RELAYOUT_DELAY_MS (a window being
   * dragged wider does not lay out at every step), while the old mosaic keeps drawing.
   */
  setAspect(aspect: number): void {
    const a = roundAspect(aspect);
    if (!(a > 0) || a === this.aspect) return;
    this.aspect = a;
    this.scheduleRelayout();
  }

  /** setAspect, bound (for the stage's callback prop). */
  readonly setAspectCallback = (aspect: number) => this.setAspect(aspect);

  private scheduleRelayout(): void {
    if (this.relayoutTimer) clearTimeout(this.relayoutTimer);
    this.relayoutTimer = null;
    if (!this.cells || this.state.layoutAspect === null || this.state.layoutAspect === this.aspect) return;
    this.relayoutTimer = setTimeout(() => {
      this.relayoutTimer = null;
      void this.relayout();
    }, RELAYOUT_DELAY_MS);
  }

  private async relayout(): Promise<void> {
    while (this.baking) await this.baking.catch(() => {});
    const config = this.state.config;
    if (!config || !this.cells || this.state.layoutAspect === this.aspect) return;
    try {
      await this.rebuildCells(config, true, []);
    } catch (err) {
      const f = toFailure(err);
      this.set({ configErrors: [f.title, ...f.lines], progress: null });
    }
  }

  /** The mask's bytes for a config whose kind reads one (fetched once per path); null otherwise. */
  private async maskFor(config: InstallationConfig, refetch = false): Promise<ArrayBuffer | null> {
    const path = config.layout.mask;
    if (!readsMask(config) || path === null) return null;
    if (refetch || !this.mask || this.mask.path !== path) this.mask = { path, bytes: await fetchMask(this.state.name, path) };
    return this.mask.bytes;
  }

  private onProgress = (fraction: number, step: string) => {
    this.set({ progress: fraction >= 1 ? null : { fraction, step } });
  };

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
      // The worker's module loads while the three requests travel, side by side (each one taken
      // from the entry's early requests when it sent them: src/app/prefetch.ts); their failures are
      // reported in this order.
      startPipeline();
      const known = requireKnown(this.state.name);
      const configured = fetchConfig(this.state.name);
      const baked = fetchBake(this.state.name);
      for (const p of [known, configured, baked]) p.catch(() => {});
      await known;
      const { config, warnings } = await configured;
      const buffer = await baked;
      this.configWarnings = warnings.map((w) => w.text);
      await this.rebuild(config, buffer);
    } catch (err) {
      this.set({ failure: toFailure(err) });
      throw err;
    }
  }

  /**
   * Apply a new config, redoing only what it changes (configChanges): a new bake when the data
   * section changed (or `dataChanged`: the data file did), a worker rebuild of the layout and/or the
   * remapped channels, uniforms for the rest. Resolves when the change is live; "cells" when cells
   * were rebuilt (in part).
   */
  async applyConfig(next: InstallationConfig, opts: { dataChanged?: boolean } = {}): Promise<'look' | 'cells' | 'data' | 'none'> {
    // A new bake on its way first: changes are measured against what is on screen.
    while (this.baking) await this.baking.catch(() => {});
    const current = this.state.config;
    if (!current || !this.cells) throw new Error('applyConfig: nothing is loaded yet');
    const changes = configChanges(current, next);
    if (changes.data || opts.dataChanged) {
      const baking = fetchBake(this.state.name).then((buffer) => this.rebuild(next, buffer));
      this.baking = baking;
      try {
        await baking;
      } finally {
        if (this.baking === baking) this.baking = null;
      }
      return 'data';
    }
    if (changes.layout || changes.channels.length) {
      await this.rebuildCells(next, changes.layout, changes.channels);
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

  /**
   * A mode that decides reduced motion itself (view mode: the visitor's toggle, else the policy and
   * the system's preference) says so here; null goes back to the config's policy and the preference.
   * The mosaic applies motion.reduced either way (a uniform change, seen on the next frame).
   */
  setReducedMotion(reduced: boolean | null): void {
    if (reduced === this.reducedMotionChoice) return;
    this.reducedMotionChoice = reduced;
    if (this.state.config) this.state.gpu?.setLook(this.lookOf(this.state.config));
  }

  /** Whether motion is reduced now (a mode's decision, else the config's policy and the visitor's preference), as the mosaic plays it. */
  motionReduced(): boolean {
    return this.state.config ? this.reducedFor(this.state.config) : false;
  }

  private reducedFor(config: InstallationConfig): boolean {
    return this.reducedMotionChoice ?? reducedMotion(config, this.prefersReducedMotion);
  }

  private lookOf(config: InstallationConfig) {
    return mosaicLook(config, this.reducedFor(config));
  }

  /**
   * Re-read installation.json (and the data when `dataChanged`), e.g. on a hot-reload notice; `file`
   * (relative to the installations folder) says which file changed: the mask image lays out again
   * without baking.
   */
  async reloadFromServer(opts: { dataChanged?: boolean; file?: string } = {}): Promise<void> {
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
    // The mask image itself was saved: the same config, laid out again with the new image.
    const on = this.state.config;
    if (opts.file && on && on.layout.mask !== null && opts.file === `${this.state.name}/${on.layout.mask}` && JSON.stringify(on) === JSON.stringify(parsed.config)) {
      try {
        await this.maskFor(on, true);
        await this.rebuildCells(on, true, []);
      } catch (err) {
        const f = toFailure(err);
        this.set({ configErrors: [f.title, ...f.lines] });
      }
      return;
    }
    this.configWarnings = parsed.warnings.map((w) => w.text);
    try {
      await this.applyConfig(parsed.config, { dataChanged: opts.dataChanged });
    } catch (err) {
      // A data change that cannot be baked: keep what is shown and say why.
      const f = toFailure(err);
      this.set({ configErrors: [f.title, ...f.lines] });
    }
  }

  /** A new bake: decoded here once, its columns copied to the worker once, laid out and encoded whole, a new GPU mosaic. */
  private async rebuild(config: InstallationConfig, buffer: ArrayBuffer): Promise<void> {
    const generation = ++this.generation;
    const bake = decodeBake(buffer);
    const aspect = this.aspect;
    const request = layoutRequest(config, aspect, await this.maskFor(config));
    // The columns and the build go to the worker together, without waiting for its reply between
    // them, and before the stand-in's warm-up below holds the main thread. The first bake may have
    // been laid out already (the entry handed the worker its config and bytes: speculation.ts): the
    // worker answers with that when this is the very request it made.
    performance.mark('ctl:build-request');
    const adopt = takeSpeculation();
    const { key, loaded } = loadColumns(copyColumns(bake));
    const building = buildCells(key, request, channelSpecs(config, gpuChannels()), this.onProgress, adopt);
    // Nothing on screen yet: the stage compiles the programs while the worker lays the cells out.
    if (!this.state.gpu && !this.state.standIn) this.set({ standIn: { ...standInMosaic(bake.journeyCount, this.lookOf(config), aspect), config } });
    // The light timeline needs the bake alone: packed while the worker lays out.
    const timeline = packTimeline(bake);
    performance.mark('ctl:timeline-packed');
    const [, built] = await Promise.all([loaded, building]);
    performance.mark('ctl:built-arrived');
    if (generation !== this.generation) return; // a newer change superseded this one
    const columns = new Map(Object.entries(built.columns));
    const layoutWarnings = built.layoutWarnings ?? [];
    const table = assembleTable(built.geometry!, columns, timeline, { resolved: layoutChannels(config), warnings: layoutWarnings });
    const gpu = new MosaicGPU(table, this.lookOf(config));
    performance.mark('ctl:gpu-made');
    this.cells = { key, columns, layoutWarnings };
    if (bake.report.warnings.length) console.info(`[noctiluca] ${bake.report.summary}`);
    if (this.state.firstLayoutEarly === null) this.set({ firstLayoutEarly: built.early === true });
    this.show(config, table, gpu, bake, aspect);
  }

  /**
   * The same bake, part of the cells again: the layout (new geometry) and/or some channels (new byte
   * columns), computed in the worker and written into the GPU mosaic on screen. The channel bytes
   * are written into the table's arrays in place, so only the changed attributes are uploaded.
   */
  private async rebuildCells(config: InstallationConfig, layout: boolean, names: string[]): Promise<void> {
    const generation = ++this.generation;
    const cells = this.cells!;
    const aspect = this.aspect;
    const request = layout ? layoutRequest(config, aspect, await this.maskFor(config)) : null;
    const built = await buildCells(cells.key, request, channelSpecs(config, names), layout ? this.onProgress : undefined);
    if (generation !== this.generation) return;
    const old = this.state.table!;
    const gpu = this.state.gpu!;
    for (const [name, c] of Object.entries(built.columns)) cells.columns.set(name, c);
    const arrays = { style: old.style, meta: old.meta };
    const written = new Set<'style' | 'meta'>();
    for (const slot of channelSlots()) {
      if (!built.columns[slot.channel]) continue;
      writeColumn(arrays, slot, built.columns[slot.channel].column);
      written.add(slot.array);
    }
    const g = built.geometry;
    if (g) cells.layoutWarnings = built.layoutWarnings ?? [];
    const warnings = [...cells.layoutWarnings, ...channelSlots().flatMap((s) => cells.columns.get(s.channel)?.warnings ?? [])];
    const resolved = [...layoutChannels(config), ...[...cells.columns.values()].map((c) => c.resolved)];
    const table: CellTable = {
      ...old,
      ...(g ? { extent: g.extent, cornerScale: g.cornerScale, cellRadius: g.cellRadius, site: g.site, corners: g.corners, cornerCount: g.cornerCount, cellArea: g.cellArea, cellGroup: g.cellGroup } : {}),
      channels: channelList().flatMap((d) => resolved.find((r) => r.channel === d.name) ?? []),
      warnings,
    };
    gpu.update(table, { geometry: g ?? undefined, bytes: [...written] });
    gpu.setLook(this.lookOf(config));
    this.show(config, table, gpu, this.state.bake!, g ? aspect : this.state.layoutAspect);
  }

  private show(config: InstallationConfig, table: CellTable, gpu: MosaicGPU, bake: BakedMosaic, layoutAspect: number | null): void {
    this.set({
      standIn: null,
      layoutAspect,
      progress: null,
      config,
      gpu,
      table,
      bake,
      failure: null,
      configErrors: [],
      // Only what a person should act on reaches the message area; the rest is in stats() and the console.
      messages: [...(bake.report.rowsSkipped > 0 ? [bake.report.summary] : []), ...smallNote(bake), ...table.warnings, ...this.configWarnings],
      rebuilds: this.state.rebuilds + (this.state.gpu ? 1 : 0),
    });
    // The output changed shape while this was laid out: once more, for the shape it has now.
    if (layoutAspect !== this.aspect) this.scheduleRelayout();
  }
}

/**
 * A mosaic too small to publish, said on the page (src/bake/small.ts); residents' view mode says it
 * its own way. A mosaic merged into one group is publishable (a workshop's poster, a venue's wall),
 * so the page carries no text over it: validate, inspect and the build tell the artist.
 */
function smallNote(bake: BakedMosaic): string[] {
  const small = smallMosaic(bake);
  return small?.kind === 'too-small' ? [smallForArtists(small, bake.installation)] : [];
}

export function toFailure(err: unknown): Failure {
  return err instanceof LoadError
    ? { title: err.title, lines: err.lines, links: err.links }
    : { title: 'Something went wrong', lines: [err instanceof Error ? err.message : String(err)], links: [] };
}
