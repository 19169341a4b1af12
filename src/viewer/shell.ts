/**
 * View mode, for residents online: the first screen (title, poster, description, legend) is plain
 * DOM and appears at once; the living mosaic is a dynamic import that fades in over the poster when
 * its first frame is drawn. Without WebGL, or when the context fails, the poster and the description
 * stay: never an error page.
 *
 * This file only wires the viewer's parts, each with one job: the first screen (firstScreen.ts), the
 * description panel (about.ts), what the viewer reads (sources.ts), the living mosaic's life
 * (living.ts), the visitor's motion and device (motion.ts), pan, zoom and picking (navigation.ts), the
 * picked cell and its card (selection.ts) and the visitor's hands (gestures.ts). The picked cell is a
 * uniform (MosaicGPU.setHighlight) and the pick a Delaunay lookup, so nothing here runs per frame or
 * per cell. The legend is the one every mode shows (src/legend/).
 */
import type { PageParams } from '../app/params.ts';
import { smallForResidents, smallMosaic } from '../bake/small.ts';
import type { BakedMosaic } from '../bake/artefact.ts';
import { AboutPanel } from './about.ts';
import { createCard } from './card.ts';
import { NoSuchInstallation } from './data.ts';
import { buildFirstScreen } from './firstScreen.ts';
import { showMissing } from './gallery.ts';
import { bindGestures } from './gestures.ts';
import { LivingMosaic, setViewerState } from './living.ts';
import { VisitorMotion } from './motion.ts';
import { Navigation } from './navigation.ts';
import { addListening } from '../sound/viewer.ts';
import { Selection } from './selection.ts';
import { ViewerSources } from './sources.ts';
import './viewer.css';

export function startViewer(root: HTMLElement, params: PageParams): void {
  const name = params.installation;
  setViewerState('loading');
  const phone = matchMedia('(pointer: coarse)').matches && Math.min(screen.width, screen.height) < 820;

  const card = createCard(() => selection.close(true));
  const dom = buildFirstScreen(root, name, card.root);
  const about = new AboutPanel(dom);
  const motion = new VisitorMotion(dom.motionButton, phone);
  const sources = new ViewerSources(name, (err) => {
    if (err instanceof NoSuchInstallation) {
      // An unknown name gets a page of its own: what is wrong and what there is instead.
      living.stop();
      showMissing(root, err);
      return;
    }
    about.error(err);
    living.failed(sources.stage !== null);
  });
  const nav = new Navigation(dom.mosaic, params.view, (v) => {
    living.setView(v);
    dom.zoomOut.hidden = v === null;
  });
  dom.zoomOut.hidden = params.view === null;
  dom.zoomOut.addEventListener('click', () => nav.setView(null));
  /** A mosaic too small to publish is not shown, nor any of its cards: the notice says why. */
  let withheld = false;
  const withholdIfSmall = (b: BakedMosaic | null) => {
    const small = b ? smallMosaic(b) : null;
    if (withheld || small?.kind !== 'too-small') return withheld;
    withheld = true;
    living.withhold();
    selection.close(false);
    dom.hint.hidden = true;
    // Nothing of its data either: no legend ends, channels, patterns or sound (viewer--withheld hides
    // the listening parts); the notice says why.
    dom.viewer.classList.add('viewer--withheld');
    dom.summary.hidden = true;
    dom.legend.replaceChildren();
    dom.channelList.replaceChildren();
    dom.patternList.replaceChildren();
    dom.patternsTitle.hidden = true;
    about.notice(smallForResidents(small));
    return true;
  };
  const selection = new Selection(card, dom.live, dom.mosaic, nav, {
    bake: () => (withheld ? null : sources.bake()),
    gpu: () => sources.gpu(),
    invalidate: () => sources.stage?.invalidate(),
    fellBack: () => living.fellBack,
  });
  /** The legend, with the data's numbers as soon as the bake (then the cells) are there. */
  const legend = () => {
    if (sources.raw && !withheld) about.legend(sources.raw, sources.stage?.controller.state.table?.channels ?? null, sources.bake());
  };
  const describe = () => {
    if (withheld) return;
    const b = sources.bake();
    if (b && sources.raw) about.describe(b, sources.raw);
    legend();
  };

  void sources.rawLoaded.then((raw) => {
    if (!raw) return;
    about.introduce(name, raw);
    describe();
  });

  // The living mosaic's controller: the visitor's config, the picker per layout, the legend per
  // encoding, the description.
  let legendTable: unknown = null;
  const onControllerState = () => {
    const s = sources.stage!.controller.state;
    if (s.config) motion.onConfig(s.config);
    const table = s.table;
    if (table && table !== legendTable) {
      legendTable = table;
      legend();
    }
    if (table)
      void sources.pickerFor(table).then((picker) => {
        if (!picker) return;
        nav.picker = picker;
        if (selection.selected >= picker.count) selection.select(-1);
        selection.openFromHash();
      });
    if (s.bake && !about.describes(s.bake)) {
      describe();
      if (withholdIfSmall(s.bake)) return;
      selection.openFromHash();
    }
    if (s.gpu) selection.highlight(s.gpu);
  };

  const living = new LivingMosaic(dom, params, {
    onStage: (stage) => {
      sources.stage = stage;
      motion.attach(stage);
      stage.controller.subscribe(onControllerState);
      onControllerState();
    },
    onFallback: (reason) => {
      dom.posterImg.alt = sources.raw?.title ? `A still image of the mosaic “${sources.raw.title}”` : 'A still image of the mosaic';
      about.notice(reason);
      // Without a living mosaic the viewer fetches the bake itself, for the description and the cards.
      void sources.fetchOwnBake().then((b) => {
        if (!b) return;
        describe();
        if (withholdIfSmall(b)) return;
        selection.openFromHash();
      });
    },
    reduced: () => motion.reduced,
    failure: () => {
      const f = sources.stage?.controller.state.failure;
      return f ? `${f.title}. ${f.lines.join(' ')}` : null;
    },
  });

  bindGestures(dom.mosaic, card, dom.live, nav, selection, () => {
    const s = sources.stage?.stirring;
    return s ? { move: (id, x, y) => s.pointer(id, x, y), release: (id) => s.release(id) } : null;
  });
  // The first screen's line has done its job once a journey's card has opened.
  new MutationObserver(() => {
    if (card.open) dom.hint.hidden = true;
  }).observe(card.root, { attributes: true, attributeFilter: ['hidden'] });
  // Listening: the mosaic's sound and the sonified summary (src/sound/viewer.ts).
  addListening({ nav: dom.aboutButton.parentElement!, about: dom.about, live: dom.live, bake: () => (withheld ? null : sources.bake()), soundSection: () => (sources.raw as { sound?: unknown } | null)?.sound });
  addEventListener('hashchange', () => selection.openFromHash());

  window.noctilucaViewer = {
    cellToScreen: (cell) => nav.cellToScreen(cell),
    selected: () => selection.selected,
    reducedMotion: () => motion.reduced,
    view: () => nav.view,
  };
}
