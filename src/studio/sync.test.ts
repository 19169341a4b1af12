import { describe, expect, it } from 'vitest';
import type { ControllerState } from '../app/controller.ts';
import { defaultConfig, type InstallationConfig } from '../config/index.ts';
import { testBake } from '../encode/testBake.ts';
import { paletteStops } from '../render/palettes.ts';
import { CUSTOM_PALETTE, type Binding } from './bindings.ts';
import { PanelSync, type Applied, type SyncHost } from './sync.ts';

/** A controller stand-in: applyConfig resolves when the test says so, as the worker would. */
function harness(start: InstallationConfig = defaultConfig('x')) {
  const applied: InstallationConfig[] = [];
  const pending: { config: InstallationConfig; resolve: (k: Applied) => void; reject: (e: Error) => void }[] = [];
  const said: { text: string; problem: boolean }[] = [];
  const renders: boolean[] = [];
  let current: InstallationConfig | null = start;
  const bake = testBake(12);
  const state = (config: InstallationConfig | null, patch: Partial<ControllerState> = {}): ControllerState => ({
    name: 'x',
    config,
    gpu: null,
    table: null,
    bake,
    failure: null,
    configErrors: [],
    messages: [],
    rebuilds: 0,
    layoutAspect: 16 / 9,
    progress: null,
    firstLayoutEarly: null,
    standIn: null,
    ...patch,
  });
  const host: SyncHost = {
    apply: (config) =>
      new Promise<Applied>((resolve, reject) => {
        applied.push(config);
        pending.push({ config, resolve, reject });
      }),
    current: () => current,
    file: () => 'installations/x/installation.json',
    render: (rebuild) => renders.push(rebuild),
    say: (text, problem = false) => said.push({ text, problem }),
  };
  const sync = new PanelSync(host);
  /** The controller finishes the oldest pending change: it is on screen and the state says so. */
  const land = async (kind: Applied = 'look') => {
    const p = pending.shift()!;
    current = p.config;
    sync.onState(state(p.config));
    p.resolve(kind);
    await Promise.resolve();
  };
  const binding = (id: string): Binding => {
    const b = sync.bindings.find((x) => x.id === id);
    if (!b) throw new Error(`no binding ${id}`);
    return b;
  };
  /** What the view does on render: lay out, then write the values. */
  const show = () => {
    sync.layout();
    sync.fill();
  };
  sync.onState(state(start));
  show();
  return { sync, applied, pending, said, renders, state, land, binding, show, setCurrent: (c: InstallationConfig) => (current = c) };
}

describe('PanelSync: controls ↔ config, by key path', () => {
  it('shows the controller config by key path, with the data fields in the channel lists', () => {
    const { sync, renders } = harness();
    const c = sync.config!;
    expect(sync.values['look.exposure']).toBe(c.look.exposure);
    expect(sync.values['layout.seed']).toBe(c.layout.seed);
    expect(sync.values['motion.breathing.period']).toBe(c.motion.breathing.period);
    expect(sync.fields.map((f) => f.name)).toContain('access');
    expect(renders[0]).toBe(true); // the first fields: the controls are built
  });

  it('keeps every value with its key path when the set of controls changes shape', () => {
    const { sync, binding, show, pending } = harness();
    const before = sync.bindings.map((b) => b.id);
    sync.onControl(binding('look.palette:mode'), CUSTOM_PALETTE, true);
    show();
    const after = sync.bindings.map((b) => b.id);
    // New colour controls sit in the middle of the list, so positions shift; values do not.
    expect(after.indexOf('look.exposure')).not.toBe(before.indexOf('look.exposure'));
    const stops = paletteStops(defaultConfig('x').look.palette);
    stops.forEach((s, k) => expect(sync.values[`look.palette.${k}`]).toBe(s));
    expect(sync.values['look.exposure']).toBe(sync.config!.look.exposure);
    expect(sync.values['layout.seed']).toBe(sync.config!.layout.seed);
    expect(pending).toHaveLength(1);
  });

  it('sends a change to the controller, validated, and records it for undo', async () => {
    const { sync, binding, applied, land, show } = harness();
    const start = sync.config!;
    sync.onControl(binding('look.exposure'), 2.5, true);
    expect(applied.at(-1)!.look.exposure).toBe(2.5);
    show();
    expect(sync.values['look.exposure']).toBe(2.5);
    await land();
    sync.undo();
    expect(applied.at(-1)!.look.exposure).toBe(start.look.exposure);
    await land();
    sync.redo();
    expect(applied.at(-1)!.look.exposure).toBe(2.5);
  });

  it('ignores the change events of its own writes to the controls', () => {
    const { sync, binding, applied } = harness();
    sync.syncing = true;
    sync.onControl(binding('look.exposure'), 2.5, true);
    sync.syncing = false;
    expect(applied).toHaveLength(0);
  });

  it('refuses what breaks a schema rule, with the schema message, and keeps the config', () => {
    const { sync, binding, applied, said } = harness();
    const before = sync.config!;
    sync.onControl(binding('display.dpr.min'), 3, true); // above dpr.max
    expect(applied).toHaveLength(0);
    expect(sync.config).toBe(before);
    expect(said.at(-1)!.problem).toBe(true);
    expect(said.at(-1)!.text).toMatch(/^Not applied:[\s\S]*display\.dpr\.min/);
  });

  it('refuses what a control cannot take, saying what it kept', () => {
    const { sync, binding, applied, said } = harness();
    sync.onControl(binding('look.exposure'), 'bright', true);
    expect(applied).toHaveLength(0);
    expect(said.at(-1)!.text).toMatch(/look\.exposure: "bright" is not a value this control takes; kept 1/);
  });

  it('applies a rebuilding control when the drag ends, as one undo step', async () => {
    const { sync, binding, applied, land } = harness();
    const start = sync.config!.layout.seed;
    const seed = binding('layout.seed');
    sync.onControl(seed, start + 1, false);
    sync.onControl(seed, start + 2, false);
    expect(applied).toHaveLength(0);
    sync.onControl(seed, start + 3, true);
    expect(applied.map((c) => c.layout.seed)).toEqual([start + 3]);
    await land('cells');
    sync.undo();
    expect(applied.at(-1)!.layout.seed).toBe(start);
  });

  it('stays ahead of the controller while its own changes are being applied', async () => {
    const { sync, binding, land } = harness();
    sync.onControl(binding('look.exposure'), 2, true);
    sync.onControl(binding('look.exposure'), 3, true);
    await land(); // the first change is on screen; the second is still on its way
    expect(sync.config!.look.exposure).toBe(3);
    await land();
    expect(sync.config!.look.exposure).toBe(3);
  });

  it('follows a change from outside (hot reload), values and all', () => {
    const { sync, state, show } = harness();
    const edited = structuredClone(sync.config!);
    edited.look.exposure = 0.5;
    sync.onState(state(edited));
    show();
    expect(sync.config).toBe(edited);
    expect(sync.values['look.exposure']).toBe(0.5);
  });

  it('keeps newer tuning when the hot-reload echo of a save arrives late, and sends it again', async () => {
    const { sync, binding, state, land, applied } = harness();
    sync.onControl(binding('look.exposure'), 2, true);
    await land();
    const saved = sync.config!;
    sync.markSaved(saved);
    sync.onControl(binding('look.exposure'), 3, true);
    await land();
    // The file watcher's reload of the saved file: the controller shows the saved config again.
    sync.onState(state(structuredClone(saved)));
    expect(sync.config!.look.exposure).toBe(3);
    await Promise.resolve();
    expect(applied.at(-1)!.look.exposure).toBe(3);
  });

  it('goes back to what is on screen when a change fails to apply', async () => {
    const { sync, binding, pending, said } = harness();
    const onScreen = sync.config!;
    sync.onControl(binding('look.exposure'), 2, true);
    pending.shift()!.reject(new Error('the worker stopped'));
    await new Promise((r) => setTimeout(r, 0));
    expect(sync.config).toBe(onScreen);
    expect(said.at(-1)).toEqual({ text: 'Not applied: the worker stopped', problem: true });
  });

  it('rebuilds the controls only when the data fields change', () => {
    const { sync, state, renders } = harness();
    const c = sync.config!;
    renders.length = 0;
    sync.onState(state(c, { bake: testBake(12) })); // a new bake with the same fields
    sync.onState(state(c, { bake: { ...testBake(12), fields: {} } })); // one field fewer
    expect(renders).toEqual([false, true]);
  });

  it('says the config errors of an invalid edit on disk', () => {
    const { sync, state, said } = harness();
    sync.onState(state(sync.config, { configErrors: ['installation.json: look.exposure: expected a number'] }));
    expect(said.at(-1)).toEqual({ text: 'installation.json: look.exposure: expected a number', problem: true });
  });
});
