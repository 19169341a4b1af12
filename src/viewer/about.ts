/**
 * The description panel ("About this mosaic"): the installation's title and introduction, the
 * summary, channels and patterns read from the bake (describe.ts), the legend (the one every mode
 * shows, src/legend/), the credits, and any notice or load error. It starts open on wide screens;
 * closed, it stays readable by screen readers. It closes with its ×, Escape, or (where it covers the
 * mosaic) a tap outside, and always opens below the bar, so its own button stays in reach.
 */
import type { BakedMosaic } from '../bake/artefact.ts';
import type { ResolvedChannel } from '../encode/cellTable.ts';
import { renderLegend } from '../legend/dom.ts';
import { legendModel } from '../legend/model.ts';
import { ViewerLoadError, type RawInstallation } from './data.ts';
import { describeMosaic } from './describe.ts';
import { el } from './dom.ts';
import type { FirstScreen } from './firstScreen.ts';

/**
 * From this width the panel is a side panel beside the mosaic and starts open; below it, it starts
 * closed and, open, covers most of the mosaic, so a tap outside it closes it (and does nothing else).
 */
export const SIDE_PANEL_MIN_WIDTH = 900;

export class AboutPanel {
  private open: boolean;
  /** The bake the summary was written from (each one is described once). */
  private described: BakedMosaic | null = null;

  constructor(private readonly dom: FirstScreen) {
    this.open = innerWidth >= SIDE_PANEL_MIN_WIDTH;
    this.setOpen(this.open);
    dom.aboutButton.addEventListener('click', () => this.setOpen(!this.open));
    dom.aboutClose.addEventListener('click', () => this.close(true));
    // Escape closes it: from inside it or its button, or anywhere while it covers the mosaic (an open
    // card closes first: its own Escape stops there).
    document.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || !this.open || e.defaultPrevented) return;
      const inside = dom.about.contains(document.activeElement) || document.activeElement === dom.aboutButton;
      if (!inside && !this.covers()) return;
      e.preventDefault();
      this.close(inside);
    });
    // A tap or click outside closes it where it covers the mosaic; that tap reaches nothing else.
    document.addEventListener(
      'pointerdown',
      (e) => {
        if (!this.open || !this.covers()) return;
        const t = e.target as Node | null;
        if (!t || dom.about.contains(t) || dom.aboutButton.contains(t)) return;
        this.close(false);
        if (dom.mosaic.contains(t)) e.stopPropagation();
      },
      true,
    );
    // The panel opens below the bar, whose height depends on how its controls wrap: it never covers its own button.
    const placeBelowBar = () => dom.viewer.style.setProperty('--viewer-bar-height', `${Math.ceil(dom.bar.getBoundingClientRect().height)}px`);
    placeBelowBar();
    if (typeof ResizeObserver !== 'undefined') new ResizeObserver(placeBelowBar).observe(dom.bar);
  }

  get isOpen(): boolean {
    return this.open;
  }

  setOpen(open: boolean): void {
    this.open = open;
    this.dom.about.classList.toggle('viewer-about--closed', !open);
    this.dom.aboutButton.setAttribute('aria-expanded', String(open));
    this.dom.viewer.classList.toggle('viewer--about-open', open);
  }

  /** Closes the panel; `returnFocus` puts the focus back on its button (it was inside the panel). */
  close(returnFocus: boolean): void {
    this.setOpen(false);
    if (returnFocus) this.dom.aboutButton.focus();
  }

  /** Whether the open panel covers the mosaic (narrow screens) rather than sitting beside it. */
  private covers(): boolean {
    return innerWidth < SIDE_PANEL_MIN_WIDTH;
  }

  /** The title and introduction from the raw installation.json. */
  introduce(name: string, raw: RawInstallation): void {
    const title = raw.title ?? name;
    this.dom.title.textContent = title;
    document.title = `${title} — Noctiluca`;
    this.dom.intro.textContent = raw.description ?? '';
    this.dom.placeholder.textContent = title;
    this.dom.credits.textContent = raw.credits ?? '';
    this.dom.creditsTitle.hidden = this.dom.credits.hidden = !raw.credits;
  }

  /**
   * The legend from the raw installation.json (every channel it leaves out at its default); again
   * with numbers once the bake is there, then with the cells' own scales.
   */
  legend(raw: RawInstallation, channels: ResolvedChannel[] | null, bake: BakedMosaic | null): void {
    renderLegend(this.dom.legend, legendModel(raw, channels, bake));
  }

  /** Whether `bake` is the one the panel describes. */
  describes(bake: BakedMosaic): boolean {
    return this.described === bake;
  }

  /** The summary, channels and patterns of this bake. */
  describe(bake: BakedMosaic, raw: RawInstallation): void {
    if (this.described === bake) return;
    this.described = bake;
    const d = describeMosaic(bake, raw);
    this.dom.summary.textContent = d.summary;
    this.dom.channelList.replaceChildren(...d.channels.map((c) => el('li', undefined, c)));
    this.dom.patternList.replaceChildren(...d.patterns.map((p) => el('li', undefined, p)));
    this.dom.patternsTitle.hidden = d.patterns.length === 0;
    this.dom.mosaic.setAttribute('aria-label', `Mosaic of ${bake.journeyCount.toLocaleString('en')} journeys`);
    this.dom.hintWhat.textContent = `${bake.journeyCount.toLocaleString('en')} glowing cells, one for each resident's oral-health journey: a cell flashes when its resident gets care and dims when care stops.`;
    if (!performance.getEntriesByName('viewer:description').length) performance.mark('viewer:description');
  }

  /** Says why the living mosaic is not shown, and opens the panel. */
  notice(reason: string): void {
    this.dom.notice.textContent = reason;
    this.dom.notice.hidden = false;
    this.setOpen(true);
  }

  /** The installation could not be read: the message (never a stack trace) and the way back. */
  error(err: unknown): void {
    const message = err instanceof ViewerLoadError ? err.message : `The installation could not be read (${String(err)}).`;
    this.dom.summary.textContent = message;
    const back = el('a', undefined, 'See all installations');
    back.href = '?gallery';
    this.dom.summary.append(' ', back);
    this.setOpen(true);
  }
}
