/**
 * The picked cell: its highlight (MosaicGPU.setHighlight, a uniform: no per-cell work), the journey
 * card, the live region's line for keyboard users, and the shared link (`#cell=<card number>`; the
 * older `#tile=<index>` still opens: cellLink.ts). A cell index is a position in the anonymised bake, not an id.
 */
import type { BakedMosaic } from '../bake/artefact.ts';
import type { MosaicGPU } from '../render/mosaic.ts';
import type { CardView } from './card.ts';
import { cellFromHash, cellHash } from './cellLink.ts';
import { journeyCard } from './journey.ts';
import type { Navigation } from './navigation.ts';


/** What the selection reads from the living mosaic (or the viewer's own bake without one). */
export interface SelectionSource {
  bake(): BakedMosaic | null;
  gpu(): MosaicGPU | null;
  /** Ask for a frame (the clock may be frozen). */
  invalidate(): void;
  /** Whether the page fell back to the poster (no mosaic to return focus to). */
  fellBack(): boolean;
}

export interface SelectOptions {
  /** Keep the card open (a tap, Enter, a shared link) and share the link. */
  pin?: boolean;
  /** Say the cell's brief line in the live region (keyboard navigation). */
  announce?: boolean;
  focusCard?: boolean;
}

export class Selection {
  /** The picked cell, or -1. */
  selected = -1;
  /** The card stays open (a tap or Enter, not a hover). */
  pinned = false;

  constructor(
    private readonly card: CardView,
    private readonly live: HTMLElement,
    private readonly mosaic: HTMLElement,
    private readonly nav: Navigation,
    private readonly source: SelectionSource,
  ) {}

  /**
   * Whether a card offers a `#cell=` link. A cell index is a position in the anonymised bake, not an
   * id; the config has no switch for it yet, so every installation allows it.
   */
  private shareable(): boolean {
    return true;
  }

  select(cell: number, opts: SelectOptions = {}): void {
    this.selected = cell;
    const gpu = this.source.gpu();
    gpu?.setHighlight(cell);
    this.source.invalidate();
    const b = this.source.bake();
    if (cell < 0 || !b || cell >= b.journeyCount) {
      this.close(false);
      return;
    }
    const info = journeyCard(b, cell);
    if (opts.announce) this.live.textContent = info.brief;
    if (opts.pin || this.card.open || !matchMedia('(hover: none)').matches) {
      if (opts.pin) this.pinned = true;
      this.card.show(info, { total: b.journeyCount, shareable: this.shareable() });
    }
    if (opts.pin && this.shareable()) history.replaceState(null, '', cellHash(cell));
    if (opts.focusCard) this.card.root.focus();
  }

  close(returnFocus: boolean): void {
    const wasOpen = this.card.open;
    this.card.hide();
    this.pinned = false;
    if (cellFromHash(location.hash) !== null) history.replaceState(null, '', location.pathname + location.search);
    if (wasOpen && returnFocus && !this.source.fellBack()) this.mosaic.focus();
  }

  /** Opens the cell a shared link names, once the bake is there. */
  openFromHash(): void {
    const cell = cellFromHash(location.hash);
    const b = this.source.bake();
    if (cell === null || !b || cell >= b.journeyCount) return;
    this.nav.ensureVisible(cell);
    this.select(cell, { pin: true });
  }

  /** A new mosaic on the GPU shows the picked cell too. */
  highlight(gpu: MosaicGPU): void {
    gpu.setHighlight(this.selected);
  }
}
