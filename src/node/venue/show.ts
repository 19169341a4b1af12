/**
 * The show: what every output plays now (src/venue/protocol.ts ShowState), and the one place that
 * changes it. The remote, OSC and the schedule all send the same commands; each change is stamped
 * with the wall-clock instant it takes effect, so every output of a wall applies it identically.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { initialShow, rampTo, type ShowState } from '../../venue/protocol.ts';
import type { Preset } from '../../config/presets.ts';

/** A change to the show, as the remote's JSON body, an OSC message or a schedule event gives it. */
export const showCommandSchema = z
  .strictObject({
    installation: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).optional(),
    preset: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).nullable().optional(),
    brightness: z.number().min(0).max(1).optional(),
    /** Sound volume 0–1, times each installation's own `sound.volume`. */
    volume: z.number().min(0).max(1).optional(),
    /** Seconds the brightness or volume takes to get there (default 1). */
    fadeSeconds: z.number().min(0).max(600).optional(),
    hold: z.boolean().optional(),
    /** Seconds the outputs show their wall output number and id (0 stops). */
    identify: z.number().min(0).max(600).optional(),
    reload: z.literal(true).optional(),
  })
  .refine((c) => Object.keys(c).some((k) => k !== 'fadeSeconds'), 'expected at least one of installation, preset, brightness, volume, hold, identify, reload');

export type ShowCommand = z.output<typeof showCommandSchema>;

export type CommandSource = 'remote' | 'osc' | 'schedule';

export interface ShowOptions {
  installations: string[];
  /** The presets of an installation (read when asked: editing a preset file takes effect on the next switch). */
  presets: (installation: string) => Promise<Preset[]>;
  now: () => number;
}

/** Thrown for a command that names something the venue does not have; the message says what it has. */
export class ShowRefusal extends Error {}

export class Show {
  state: ShowState;
  private listeners = new Set<(s: ShowState) => void>();

  constructor(private readonly o: ShowOptions) {
    this.state = initialShow(o.installations[0], randomBytes(6).toString('hex'));
  }

  get installations(): string[] {
    return this.o.installations;
  }

  subscribe(fn: (s: ShowState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private commit(patch: Partial<ShowState>): void {
    this.state = { ...this.state, ...patch, rev: this.state.rev + 1 };
    for (const fn of this.listeners) fn(this.state);
  }

  /** Applies a command; resolves to what changed (for the log), or throws ShowRefusal. */
  async apply(c: ShowCommand): Promise<string[]> {
    const now = this.o.now();
    const patch: Partial<ShowState> = {};
    const changed: string[] = [];
    if (c.installation !== undefined && c.installation !== this.state.installation) {
      if (!this.o.installations.includes(c.installation)) {
        throw new ShowRefusal(`no installation "${c.installation}" in this venue (it plays ${this.o.installations.map((n) => `"${n}"`).join(', ')})`);
      }
      patch.installation = c.installation;
      // A preset belongs to an installation: a switch starts from the config as written.
      if (c.preset === undefined && this.state.preset) patch.preset = null;
      changed.push(`installation ${c.installation}`);
    }
    if (c.preset !== undefined) {
      const installation = patch.installation ?? this.state.installation;
      if (c.preset === null) {
        if (this.state.preset) (patch.preset = null), changed.push('preset none');
      } else {
        const presets = await this.o.presets(installation);
        const p = presets.find((x) => x.name === c.preset);
        if (!p) {
          const names = presets.map((x) => `"${x.name}"`).join(', ');
          throw new ShowRefusal(`no preset "${c.preset}" for "${installation}" (${names ? `it has ${names}` : 'it has none'}; presets are installations/${installation}/presets/<name>.json)`);
        }
        patch.preset = { name: p.name, values: p.values };
        changed.push(`preset ${p.name}`);
      }
    }
    if (c.brightness !== undefined) {
      patch.brightness = rampTo(this.state.brightness, c.brightness, now, (c.fadeSeconds ?? 1) * 1000);
      changed.push(`brightness ${c.brightness}`);
    }
    if (c.volume !== undefined) {
      patch.volume = rampTo(this.state.volume, c.volume, now, (c.fadeSeconds ?? 1) * 1000);
      changed.push(`volume ${c.volume}`);
    }
    if (c.hold !== undefined && c.hold !== (this.state.holdAt !== null)) {
      patch.holdAt = c.hold ? now : null;
      changed.push(c.hold ? 'hold' : 'release');
    }
    if (c.identify !== undefined) {
      patch.identifyUntil = c.identify > 0 ? now + c.identify * 1000 : null;
      changed.push(`identify ${c.identify} s`);
    }
    if (c.reload) {
      patch.reload = this.state.reload + 1;
      changed.push('reload');
    }
    if (changed.length) this.commit(patch);
    return changed;
  }

  /** The schedule's fade to black (dark) or back to light, over `fadeMs` from now. */
  setDark(dark: boolean, fadeMs: number, poster: boolean): void {
    const now = this.o.now();
    const ramp = rampTo(this.state.dark, dark ? 1 : 0, now, fadeMs);
    this.commit({ dark: { ...ramp, poster } });
  }

  get dark(): boolean {
    return this.state.dark.to === 1;
  }
}
