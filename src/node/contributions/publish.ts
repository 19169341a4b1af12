/**
 * Publication: approved contributions join the installation's artefact. They go in as care events
 * after the installation's own data, through the same bake and so the same privacy stage (k,
 * coarsened dates, consent tiers, the secret order): one bake, one disclosure stage, never a second.
 * The artefact is written (atomically) under the contributions' data folder, never into
 * installations/ or dist/; the server serves it in place of the build's. Each publication is
 * announced (`onPublished`) with the cells of contributions new since the last one, so a venue's
 * outputs load it and light the newborn cells. A withdrawal leaves the next publication without
 * the cell. Publications wait `delayMs` after a change (several approvals become one) and run one
 * at a time per installation.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BakedMosaic } from '../../bake/artefact.ts';
import { decodeBake } from '../../bake/codec.ts';
import { contributionEvents, type ContributionContext, type Contribution } from '../../contribute/contribution.ts';
import { bakeRead, installationSecret, readInstallationData, type InstallationRead } from '../bake.ts';
import { requireInstallation, type LoadedInstallation } from '../config.ts';
import { dataStamp } from '../dataStamp.ts';
import type { DataSpec } from '../../data/events.ts';
import { PublicationChecker } from './check.ts';
import { nodeSaveFs, serialised, writeAtomic } from '../saveConfig.ts';
import { cellsChangedByDraft } from './previewGuard.ts';
import type { ContributionStore } from './store.ts';

export interface PublishLog {
  info(o: object, msg: string): void;
  warn(o: object, msg: string): void;
  error(o: object, msg: string): void;
}

export interface Publication {
  installation: string;
  rev: number;
  /** Wall-clock instant it was made (ms since 1970): the newborn cells light from here. */
  at: number;
  cells: number;
  contributions: number;
  /** Cells of contributions approved since the previous publication. */
  born: number[];
  /** Contributions withdrawn since the previous publication. */
  removed: number;
  /** Milliseconds the bake took. */
  bakeMs: number;
  /** Milliseconds the privacy check of the artefact took (src/node/privacy.ts). */
  checkMs: number;
}

/** A publication whose artefact would break the installation's privacy guarantee: nothing is published. */
export class PublicationRefused extends Error {}

export interface PublisherOptions {
  store: ContributionStore;
  installationsDir: string;
  /** Published artefacts go to <dataDir>/published/<installation>/mosaic.bin. */
  dataDir: string;
  installations: string[];
  log: PublishLog;
  /** Wait after a change before publishing, to gather several (default 2 s). */
  delayMs?: number;
  onPublished?: (p: Publication) => void;
  now?: () => number;
}

const journeyId = (id: string) => `contribution-${id}`;

export class Publisher {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly published = new Map<string, Set<string>>();
  private readonly contexts = new Map<string, ContributionContext>();
  private readonly last = new Map<string, Publication>();
  /** The mosaic as published now (or as the build has it, before any publication): what a preview is held to. */
  private readonly current = new Map<string, BakedMosaic>();
  /** Each installation's data as last read, and the stamp (dataStamp.ts) and secret it was read with. */
  private readonly reads = new Map<string, { stamp: string; secret: string; read: InstallationRead }>();
  /** The build's privacy check, in a child process that keeps the raw data read (check.ts). */
  private readonly checker = new PublicationChecker();
  private closed = false;

  constructor(private readonly o: PublisherOptions) {}

  /** The published artefact of an installation, or null when none was made (the build's is current). */
  artefactPath(installation: string): string | null {
    const p = join(this.o.dataDir, 'published', installation, 'mosaic.bin');
    return this.o.installations.includes(installation) && this.last.has(installation) && existsSync(p) ? p : null;
  }

  latest(installation: string): Publication | null {
    return this.last.get(installation) ?? null;
  }

  /** What a contribution to `installation` may say (its years, communities, age bands), from what it publishes. */
  context(installation: string): ContributionContext | null {
    return this.contexts.get(installation) ?? null;
  }

  /** Reads the current state at start: publishes every installation that has approved contributions, and learns each one's context. */
  async start(): Promise<void> {
    for (const name of this.o.installations) {
      const approved = await this.o.store.approved(name);
      if (approved.length) {
        this.published.set(name, new Set(approved.map((c) => c.id)));
        await this.publish(name);
      } else {
        const { bake } = await this.bake(name, []);
        this.learn(name, bake);
        this.current.set(name, bake);
        this.published.set(name, new Set());
      }
    }
  }

  /** Asks for a publication of `installation` soon (after delayMs; several asks become one). */
  request(installation: string): void {
    if (this.closed || !this.o.installations.includes(installation)) return;
    if (this.timers.has(installation)) return;
    this.timers.set(
      installation,
      setTimeout(() => {
        this.timers.delete(installation);
        this.publish(installation).catch((e: unknown) => this.o.log.error({ installation, err: e instanceof Error ? e.message : String(e) }, `contributions: publication of ${installation} failed; the last one stays`));
      }, this.o.delayMs ?? 2000),
    );
  }

  private learn(name: string, bake: BakedMosaic): void {
    const named = (xs: readonly string[]) => xs.filter((x) => x !== 'other' && x !== 'unknown');
    const age = bake.fields.age_band;
    this.contexts.set(name, {
      installation: name,
      years: [Math.floor(bake.window.start), Math.max(Math.floor(bake.window.start), Math.ceil(bake.window.end) - 1)],
      communities: named(bake.communities),
      ageBands: age && age.kind === 'categorical' ? named(age.categories) : [],
    });
  }

  /** The installation's data and every approved contribution (and `draft`, for a preview), through the one bake. */
  private async bake(name: string, contributions: Array<Pick<Contribution, 'tier' | 'story' | 'community' | 'ageBand' | 'years' | 'pain'> & { id: string }>, locate: string[] = []) {
    const loaded = await requireInstallation(name, { root: this.o.installationsDir });
    const events = contributions.flatMap((c) => contributionEvents(c.id, c));
    return { ...bakeRead(await this.dataOf(name, loaded), { events, locate: locate.map(journeyId) }), events };
  }

  /**
   * The installation's data, read (parsed into the bake's journey store) only when it changed since
   * the last read: its source files, its data spec or its secret (dataStamp.ts). Each bake then adds
   * the contributions to a copy of it (bakeRead), exactly as if the data were read again.
   */
  private async dataOf(name: string, loaded: LoadedInstallation & { dataSpec: DataSpec }): Promise<InstallationRead> {
    const stamp = await dataStamp(loaded.dir, loaded.dataSpec);
    const secret = await installationSecret(loaded.dir);
    const kept = this.reads.get(name);
    if (kept && kept.stamp === stamp && kept.secret === secret) return kept.read;
    this.reads.delete(name);
    const read = await readInstallationData(loaded.dir, loaded.dataSpec, name, undefined, { secret });
    this.reads.set(name, { stamp, secret, read });
    return read;
  }

  private async approvedOf(name: string) {
    return (await this.o.store.approved(name)).map((c) => ({ id: c.id, tier: c.tier, story: c.story, ...c.journey }));
  }

  /** Publishes now (one at a time per installation); resolves to what was published. */
  publish(name: string): Promise<Publication> {
    return serialised(`contributions:${name}`, async () => {
      const t0 = performance.now();
      const approved = await this.approvedOf(name);
      const before = this.published.get(name) ?? new Set<string>();
      const ids = new Set(approved.map((c) => c.id));
      const born = approved.filter((c) => !before.has(c.id)).map((c) => c.id);
      const removed = [...before].filter((id) => !ids.has(id)).length;
      const baked = await this.bake(name, approved, born);
      const bakeMs = performance.now() - t0;
      // The build's check, on every publication: the artefact attacked with the raw data, the
      // contributions and the secret at hand (docs/PRIVACY.md), in a child process (check.ts). One
      // that breaks the guarantee is not published; the last one stays.
      const { refused } = await this.checker.check(name, this.o.installationsDir, baked.bytes, baked.events);
      if (refused) throw new PublicationRefused(refused);
      const checkMs = performance.now() - t0 - bakeMs;
      const file = join(this.o.dataDir, 'published', name, 'mosaic.bin');
      await mkdir(join(this.o.dataDir, 'published', name), { recursive: true, mode: 0o700 });
      await writeAtomic(nodeSaveFs, file, baked.bytes);
      const rev = ((await this.o.store.publication(name))?.rev ?? 0) + 1;
      await this.o.store.recordPublication(name, rev, baked.bake.journeyCount, approved.length);
      this.published.set(name, ids);
      this.learn(name, baked.bake);
      this.current.set(name, baked.bake);
      const p: Publication = {
        installation: name,
        rev,
        at: (this.o.now ?? Date.now)(),
        cells: baked.bake.journeyCount,
        contributions: approved.length,
        born: born.map((id) => baked.located.get(journeyId(id)) ?? -1).filter((c) => c >= 0),
        removed,
        bakeMs: Math.round(bakeMs),
        checkMs: Math.round(checkMs),
      };
      this.last.set(name, p);
      this.o.log.info({ installation: name, rev, cells: p.cells, contributions: p.contributions, born: p.born.length, removed, bakeMs: p.bakeMs, checkMs: p.checkMs }, `contributions: published ${name} (rev ${rev}: ${p.contributions} contributions, ${p.born.length} new, ${removed} withdrawn)`);
      this.o.onPublished?.(p);
      return p;
    });
  }

  /**
   * The artefact as it would be with `draft` approved now, and the draft's cell: what the resident
   * sees before sending (the real bake, so exactly what would be published). Never written to disk.
   * `regroups`: how many other cells it publishes differently from the current mosaic
   * (previewGuard.ts); a resident's preview is shown only when none.
   */
  preview(name: string, draft: Contribution): Promise<{ bytes: Uint8Array; cell: number; bake: BakedMosaic; regroups: number }> {
    return serialised(`contributions:${name}`, async () => {
      const id = `preview-${crypto.randomUUID()}`;
      const baked = await this.bake(name, [...(await this.approvedOf(name)), { ...draft, id }], [id]);
      const cell = baked.located.get(journeyId(id)) ?? -1;
      const current = this.current.get(name);
      const regroups = current ? cellsChangedByDraft(current, baked.bake, cell).length : baked.bake.journeyCount;
      return { bytes: baked.bytes, cell, bake: baked.bake, regroups };
    });
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.checker.close();
  }
}

/** The build's artefact of an installation, decoded (tests and tools compare with it). */
export function readArtefact(path: string): BakedMosaic {
  return decodeBake(readFileSync(path));
}
