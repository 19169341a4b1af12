/**
 * The tuning panel's sync logic, without a DOM or Tweakpane: which config the panel stands for, the
 * control values (by binding id, i.e. by key path, never by position: Tweakpane #615), and how a
 * change goes to the controller. It follows the controller's config when it changes from outside
 * (hot reload, a failed change), stays ahead of it while its own changes are being applied, and
 * recognises the hot-reload echo of its own save. Nothing it sends is unvalidated: a value that
 * breaks a schema rule is refused with the schema's message and the controls show the config again.
 */
import { parseInstallationConfig, type InstallationConfig } from '../config/index.ts';
import { availableFields, fieldValues } from '../encode/cellTable.ts';
import { PALETTES } from '../render/palettes.ts';
import type { ControllerState } from '../app/controller.ts';
import { getAt } from '../config/keyPath.ts';
import { panelBindings, readBinding, structureKey, writeBinding, type Binding, type FieldInfo } from './bindings.ts';
import { History } from './history.ts';

/** How the controller applied a config (InstallationController.applyConfig). */
export type Applied = 'look' | 'cells' | 'data' | 'none';

/** What the panel's sync talks to: the controller, and the view that shows the controls. */
export interface SyncHost {
  /** Apply a validated config; resolves when it is live (InstallationController.applyConfig). */
  apply(config: InstallationConfig): Promise<Applied>;
  /** The controller's config now (what is on screen). */
  current(): InstallationConfig | null;
  /** The installation's file, for validation messages (installations/<name>/installation.json). */
  file(): string;
  /** Show the control values again; `rebuild`: the set of controls changed, build them anew. */
  render(rebuild: boolean): void;
  /** A status line for the person tuning; `problem` marks what was refused or failed. */
  say(text: string, problem?: boolean): void;
}

/** A note said when a commit is live (undo, revert, a preset). */
export interface CommitNote {
  text: string;
  problem?: boolean;
}

export class PanelSync {
  /** The config the panel stands for: the last one it sent, or the controller's when it changed from outside. */
  config: InstallationConfig | null = null;
  /** The controls for `config` and the data's fields, in folder order. */
  bindings: Binding[] = [];
  /** Each control's value, by binding id (what Tweakpane binds to). */
  readonly values: Record<string, unknown> = {};
  /** The data's fields (from the bake) that channels and groupBy can use. */
  fields: FieldInfo[] = [];
  readonly history = new History<InstallationConfig>();
  private fieldsOf: ControllerState['bake'] = null;
  private structure = '';
  /** The controller's config last seen. */
  private seen: InstallationConfig | null = null;
  /** The config last saved, until the dev server's hot reload of the saved file comes back. */
  private saved: InstallationConfig | null = null;
  /** The config before a drag of a rebuilding control started (one undo step per drag). */
  private dragStart: InstallationConfig | null = null;
  /** Configs the panel sent and the controller has not finished applying, oldest first. */
  private inFlight: InstallationConfig[] = [];
  /** True while values are written to the controls: their change events are the panel's own. */
  syncing = false;

  constructor(private readonly host: SyncHost) {}

  /** The controller's state changed. */
  onState(s: ControllerState): void {
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
      if (!this.config || !this.settles(s.config)) {
        const echo = this.saved !== null && sameJson(s.config, this.saved);
        this.saved = null;
        if (echo && this.config && !sameJson(s.config, this.config)) {
          // The hot-reload echo of a save arrived after further tuning: the newer state stays.
          const ahead = this.config;
          queueMicrotask(() => this.commit(ahead, null));
        } else this.config = s.config;
      }
    }
    if (s.configErrors.length) this.host.say(s.configErrors.join('\n'), true);
    this.host.render(fieldsChanged);
  }

  /** Whether `c` is one the panel sent; the ones sent before it are settled too. */
  private settles(c: InstallationConfig): boolean {
    const k = this.inFlight.findIndex((p) => p === c || sameJson(p, c));
    if (k < 0) return false;
    this.inFlight.splice(0, k + 1);
    return true;
  }

  /**
   * The bindings for the current config, anew when the set of controls changed (palette form,
   * channel forms, the data's fields) or `force`. Returns whether they were made anew.
   */
  layout(force = false): boolean {
    if (!this.config) return false;
    const key = structureKey(this.config, this.fields);
    if (!force && key === this.structure) return false;
    this.structure = key;
    this.bindings = panelBindings(this.config, this.fields);
    return true;
  }

  /** Writes every control's value from the config (by key path). */
  fill(): void {
    if (!this.config) return;
    for (const b of this.bindings) this.values[b.id] = readBinding(this.config, b);
  }

  /** Whether a nullable number's value is null now (its slider is off). */
  isNull(b: Binding): boolean {
    return this.config !== null && getAt(this.config, b.keys) === null;
  }

  /**
   * A control changed to `value`; `last` is false while a drag goes on. Layout and encoding rebuild
   * in the worker: while dragging they only show the value, and apply when the drag ends.
   */
  onControl(b: Binding, value: unknown, last: boolean): void {
    if (this.syncing || !this.config) return;
    const next = writeBinding(this.config, b, value, { fields: this.fields, palettes: PALETTES });
    if (!next) {
      this.host.say(`${b.id}: ${JSON.stringify(value)} is not a value this control takes; kept ${JSON.stringify(readBinding(this.config, b))}`, true);
      this.host.render(false);
      return;
    }
    if (b.rebuild && !last) {
      this.dragStart ??= this.config;
      return;
    }
    const from = this.dragStart ?? this.config;
    this.dragStart = null;
    if (sameJson(next, from) && sameJson(next, this.config)) return;
    this.commit(next, from);
  }

  /** Validates `next` with the schema and applies it; `from` is what undo returns to (null: not recorded). */
  commit(next: InstallationConfig, from: InstallationConfig | null, note?: CommitNote): boolean {
    const parsed = parseInstallationConfig(JSON.stringify(next), this.host.file());
    if (!parsed.config) {
      this.host.say(`Not applied:\n${parsed.errors.map((e) => e.text).join('\n')}`, true);
      this.host.render(false);
      return false;
    }
    const config = parsed.config;
    if (from) this.history.record(from);
    this.config = config;
    this.inFlight.push(config);
    this.host.render(false);
    const started = performance.now();
    this.host
      .apply(config)
      .then((kind) => {
        const rebuilt = kind === 'cells' || kind === 'data' ? `Rebuilt the mosaic in ${Math.round(performance.now() - started)} ms` : '';
        this.host.say([note?.text ?? '', rebuilt].filter(Boolean).join('\n'), note?.problem);
      })
      .catch((err: unknown) => {
        // The picture stays as it was: so does the panel.
        this.inFlight = this.inFlight.filter((c) => c !== config);
        if (this.config === config) this.config = this.host.current();
        this.host.render(false);
        this.host.say(`Not applied: ${err instanceof Error ? err.message : String(err)}`, true);
      });
    return true;
  }

  undo(): void {
    if (!this.config) return;
    const prev = this.history.undo(this.config);
    if (prev) this.commit(prev, null, { text: 'Undone' });
    else this.host.say('Nothing to undo');
  }

  redo(): void {
    if (!this.config) return;
    const next = this.history.redo(this.config);
    if (next) this.commit(next, null, { text: 'Redone' });
    else this.host.say('Nothing to redo');
  }

  /** `config` was saved to the file: its hot-reload echo is not a change from outside. */
  markSaved(config: InstallationConfig): void {
    this.saved = config;
  }
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
