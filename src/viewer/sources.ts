/**
 * What the viewer reads: the raw installation.json (title, description, encoding; no schema in the
 * first bundle), the bake (the living mosaic's controller's copy, else one the viewer fetches itself
 * when there is no living mosaic: one download of mosaic.bin, not two), and the cells' picker.
 */
import type { StageHandle } from '../app/App.tsx';
import type { BakedMosaic } from '../bake/artefact.ts';
import type { CellTable } from '../encode/cellTable.ts';
import type { MosaicGPU } from '../render/mosaic.ts';
import { fetchBakedMosaic, fetchRawInstallation, type RawInstallation } from './data.ts';
import type { CellPicker } from './picking.ts';

export class ViewerSources {
  raw: RawInstallation | null = null;
  /** The page core, once the living mosaic has mounted it. */
  stage: StageHandle | null = null;
  /** The raw installation.json, or null when it could not be read (`onError` has been told). */
  readonly rawLoaded: Promise<RawInstallation | null>;
  private ownBake: BakedMosaic | null = null;
  private ownBakeLoad: Promise<BakedMosaic | null> | null = null;
  /** The sites the newest picker is (being) built for: a remapped channel keeps them, a layout does not. */
  private pickerSites: CellTable['site'] | null = null;

  constructor(
    private readonly name: string,
    private readonly onError: (err: unknown) => void,
  ) {
    this.rawLoaded = fetchRawInstallation(name).then(
      (raw) => (this.raw = raw),
      (err: unknown) => {
        onError(err);
        return null;
      },
    );
  }

  bake(): BakedMosaic | null {
    return this.stage?.controller.state.bake ?? this.ownBake;
  }

  gpu(): MosaicGPU | null {
    return this.stage?.controller.state.gpu ?? null;
  }

  /** The viewer's own copy of the bake, fetched once, and only when there is no living mosaic's. */
  fetchOwnBake(): Promise<BakedMosaic | null> {
    this.ownBakeLoad ??= this.rawLoaded
      .then((raw) => (raw && !this.bake() ? fetchBakedMosaic(this.name) : null))
      .then((b) => (this.ownBake = b))
      .catch((err: unknown) => {
        this.onError(err);
        return null;
      });
    return this.ownBakeLoad;
  }

  /**
   * The picker for a table: a Delaunay index built once per layout (d3-delaunay arrives with it, not
   * in the first bundle). Null when these sites already have one, or a newer layout came meanwhile.
   */
  async pickerFor(table: CellTable): Promise<CellPicker | null> {
    if (table.site === this.pickerSites) return null;
    const sites = (this.pickerSites = table.site);
    const { CellPicker } = await import('./picking.ts');
    return this.pickerSites === sites ? new CellPicker(table.site, table.extent) : null;
  }
}
