/**
 * View mode, for residents online: the first screen (title, poster, description, legend) is plain
 * DOM and appears at once; the living mosaic (React, three, r3f, post-processing) is a dynamic
 * import that fades in over the poster when its first frame is drawn. Without WebGL, or when the
 * context fails, the poster and the description stay: never an error page.
 *
 * The picked cell is a uniform (uHighlight); the pick itself goes through a Delaunay index of the
 * cell sites built once per layout (picking.ts), so nothing here runs per frame or per cell.
 */
import type { StageHandle } from '../app/App.tsx';
import type { InstallationController } from '../app/controller.ts';
import type { PageParams } from '../app/params.ts';
import type { BakedMosaic } from '../bake/artefact.ts';
import type { InstallationConfig } from '../config/index.ts';
import { adaptConfig, initialReduced, type Adaptation } from './adapt.ts';
import type { View } from '../app/contract.ts';
import { mosaicToScreen, panBy, screenToMosaic, zoomAt, type Viewport } from './camera.ts';
import { createCard } from './card.ts';
import { fetchBakedMosaic, fetchRawInstallation, fileUrl, ViewerLoadError, type RawInstallation } from './data.ts';
import { describeMosaic } from './describe.ts';
import { journeyCard } from './journey.ts';
import { renderLegend } from './legend.ts';
import type { MosaicHandle } from './mosaic.tsx';
import type { Direction, CellPicker } from './picking.ts';
import './viewer.css';

/** How far a visitor can zoom into the mosaic. */
const MAX_ZOOM = 12;
/** A press that moves less than this (CSS px) and lasts less than TAP_MS is a tap, not a drag. */
const TAP_SLOP = 10;
const TAP_MS = 600;
/** A shared cell: `#cell=<index>`; `#tile=<index>`, the older name, still opens (residents have such links). */
const CELL_HASH = /^#(?:cell|tile)=(\d+)$/;
/** The mosaic's fade-in, ms (none when motion is reduced). */
const FADE_MS = 600;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Whether this browser can create a WebGL2 context at all (the mosaic needs one). */
export function webglAvailable(): boolean {
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2');
    if (!gl) return false;
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return true;
  } catch {
    return false;
  }
}

/** The visitor's reduced-motion choice, remembered across visits (storage can be unavailable: then it is not). */
function storage(op: 'get' | 'set', value?: string): string | null {
  try {
    if (op === 'set') localStorage.setItem('noctiluca.reducedMotion', value ?? '');
    return localStorage.getItem('noctiluca.reducedMotion');
  } catch {
    return null;
  }
}

const setViewerState = (s: 'loading' | 'mosaic' | 'fallback' | 'error') => (document.documentElement.dataset.viewer = s);

export function startViewer(root: HTMLElement, params: PageParams): void {
  const name = params.installation;
  setViewerState('loading');
  const reducedQuery = matchMedia('(prefers-reduced-motion: reduce)');
  const phone = matchMedia('(pointer: coarse)').matches && Math.min(screen.width, screen.height) < 820;

  // ---- the first screen: plain DOM ----
  const viewer = el('div', 'viewer');
  const poster = el('div', 'viewer-poster');
  const posterImg = el('img', 'viewer-poster-img');
  posterImg.alt = '';
  posterImg.decoding = 'async';
  posterImg.addEventListener('error', () => poster.classList.add('viewer-poster--missing'));
  posterImg.src = fileUrl(name, 'poster.png');
  const placeholder = el('div', 'viewer-poster-placeholder');
  placeholder.setAttribute('aria-hidden', 'true');
  poster.append(posterImg, placeholder);

  const mosaic = el('div', 'viewer-mosaic');
  mosaic.tabIndex = 0;
  mosaic.setAttribute('role', 'application');
  mosaic.setAttribute('aria-roledescription', 'mosaic');
  mosaic.setAttribute('aria-label', 'The mosaic is loading');
  mosaic.setAttribute('aria-describedby', 'viewer-summary viewer-keys');
  const mosaicRoot = el('div', 'viewer-mosaic-root');
  mosaic.append(mosaicRoot);

  const main = el('main', 'viewer-ui');
  const bar = el('header', 'viewer-bar');
  const title = el('h1', undefined, 'Noctiluca');
  const nav = el('nav', 'viewer-nav');
  nav.setAttribute('aria-label', 'Viewer');
  const galleryLink = el('a', undefined, 'All installations');
  galleryLink.href = '?gallery';
  const motionButton = el('button', 'viewer-toggle', 'Reduce motion');
  motionButton.type = 'button';
  const aboutButton = el('button', 'viewer-toggle', 'About this mosaic');
  aboutButton.type = 'button';
  aboutButton.setAttribute('aria-controls', 'viewer-about');
  nav.append(galleryLink, motionButton, aboutButton);
  bar.append(title, nav);

  const about = el('section', 'viewer-about');
  about.id = 'viewer-about';
  about.setAttribute('aria-labelledby', 'viewer-about-title');
  about.tabIndex = 0; // it scrolls: keyboard users must be able to reach and scroll it
  const aboutTitle = el('h2', undefined, 'About this mosaic');
  aboutTitle.id = 'viewer-about-title';
  const notice = el('p', 'viewer-notice');
  notice.setAttribute('role', 'status');
  const intro = el('p', 'viewer-intro');
  const summary = el('p', 'viewer-summary', 'Reading the data…');
  summary.id = 'viewer-summary';
  const channelList = el('ul', 'viewer-channels');
  const patternsTitle = el('h3', undefined, 'What stands out');
  const patternList = el('ul', 'viewer-patterns');
  const legendTitle = el('h3', undefined, 'Legend');
  const legend = el('div', 'viewer-legend');
  const keys = el(
    'p',
    'viewer-keys',
    'Hover or tap a cell to read its journey. With the keyboard: focus the mosaic, use the arrow keys to move between neighbouring cells, Enter to open a cell\'s journey, Escape to close it, plus and minus to zoom.',
  );
  keys.id = 'viewer-keys';
  about.append(aboutTitle, notice, intro, summary, channelList, patternsTitle, patternList, legendTitle, legend, keys);
  notice.hidden = true;
  patternsTitle.hidden = true;

  const live = el('p', 'sr-only');
  live.setAttribute('aria-live', 'polite');
  live.id = 'viewer-live';

  const card = createCard(() => closeCard(true));
  // Reading and tab order: the title and controls, the mosaic, its description, the card.
  main.append(bar, mosaic, about, card.root, live);
  viewer.append(poster, main);
  root.replaceChildren(viewer);
  performance.mark('viewer:first-screen');

  // The description panel starts open on wide screens; closed, it stays readable by screen readers.
  let aboutOpen = innerWidth >= 900;
  const setAbout = (open: boolean) => {
    aboutOpen = open;
    about.classList.toggle('viewer-about--closed', !open);
    aboutButton.setAttribute('aria-expanded', String(open));
  };
  setAbout(aboutOpen);
  aboutButton.addEventListener('click', () => setAbout(!aboutOpen));

  // ---- state ----
  let raw: RawInstallation | null = null;
  let fetchedBake: BakedMosaic | null = null;
  let stage: StageHandle | null = null;
  let picker: CellPicker | null = null;
  let pickerTable: unknown = null;
  let handle: MosaicHandle | null = null;
  let view: View | null = params.view;
  let selected = -1;
  let pinned = false;
  let fellBack = false;
  const storedReduced = storage('get');
  let reducedChoice: boolean | null = storedReduced === null ? null : storedReduced === 'true';
  const adaptation: Adaptation = { reduced: reducedChoice ?? reducedQuery.matches, phone };

  const bake = (): BakedMosaic | null => stage?.controller.state.bake ?? fetchedBake;
  const controller = (): InstallationController | null => stage?.controller ?? null;
  const viewport = (): Viewport => {
    const canvas = mosaicRoot.querySelector('canvas');
    const r = (canvas ?? mosaic).getBoundingClientRect();
    return { width: r.width || innerWidth, height: r.height || innerHeight };
  };
  /**
   * Whether a card offers a `#cell=` link. A cell index is a position in the anonymised bake, not an
   * id; the config has no switch for it yet, so every installation allows it.
   */
  const shareable = () => true;

  const setMotionButton = () => motionButton.setAttribute('aria-pressed', String(adaptation.reduced));
  setMotionButton();
  document.documentElement.classList.toggle('reduced-motion', adaptation.reduced);

  // ---- fallback: the poster and the description ----
  function fallBack(reason: string) {
    if (fellBack) return;
    fellBack = true;
    viewer.classList.add('viewer--fallback');
    viewer.classList.remove('viewer--live');
    posterImg.alt = raw?.title ? `A still image of the mosaic “${raw.title}”` : 'A still image of the mosaic';
    mosaic.hidden = true;
    notice.textContent = reason;
    notice.hidden = false;
    setAbout(true);
    setViewerState('fallback');
    fetchOwnBake();
  }

  // ---- the description ----
  const rawLoaded = fetchRawInstallation(name)
    .then((config) => {
      raw = config;
      title.textContent = config.title ?? name;
      document.title = `${config.title ?? name} — Noctiluca`;
      intro.textContent = config.description ?? '';
      placeholder.textContent = config.title ?? name;
      renderLegend(legend, config, stage?.controller.state.table?.channels ?? null);
      const b = bake();
      if (b) describe(b);
      return config;
    })
    .catch((err: unknown) => {
      showLoadError(err);
      return null;
    });

  /**
   * The bake, fetched by the viewer itself only when there is no living mosaic: with one, the
   * controller's copy describes it (one download of mosaic.bin, not two).
   */
  let ownBake: Promise<void> | null = null;
  function fetchOwnBake() {
    ownBake ??= rawLoaded
      .then((config) => (config && !bake() ? fetchBakedMosaic(name) : null))
      .then((b) => {
        if (!b) return;
        fetchedBake = b;
        describe(b);
        openFromHash();
      })
      .catch(showLoadError);
  }

  function showLoadError(err: unknown) {
    const message = err instanceof ViewerLoadError ? err.message : `The installation could not be read (${String(err)}).`;
    summary.textContent = message;
    const back = el('a', undefined, 'See all installations');
    back.href = '?gallery';
    summary.append(' ', back);
    setAbout(true);
    if (!stage) {
      fellBack = true;
      viewer.classList.add('viewer--fallback');
      setViewerState('error');
    }
  }

  let described: BakedMosaic | null = null;
  function describe(b: BakedMosaic) {
    if (!raw || described === b) return;
    described = b;
    const d = describeMosaic(b, raw);
    summary.textContent = d.summary;
    channelList.replaceChildren(...d.channels.map((c) => el('li', undefined, c)));
    patternList.replaceChildren(...d.patterns.map((p) => el('li', undefined, p)));
    patternsTitle.hidden = d.patterns.length === 0;
    mosaic.setAttribute('aria-label', `Mosaic of ${b.journeyCount.toLocaleString('en')} journeys`);
    if (!performance.getEntriesByName('viewer:description').length) performance.mark('viewer:description');
  }

  // ---- the living mosaic ----
  if (!webglAvailable()) {
    fallBack('This device cannot draw the living mosaic (WebGL is not available), so here is a still image and a description instead.');
  } else {
    import('./mosaic.tsx')
      .then(({ mountMosaic }) => {
        if (fellBack) return;
        handle = mountMosaic(mosaicRoot, params, {
          onStage: (s) => {
            stage = s;
            s.controller.subscribe(onControllerState);
            onControllerState();
          },
          onFail: () => fallBack('The living mosaic could not start on this device, so here is a still image and a description instead.'),
        });
        if (view) handle.setView(view);
      })
      .catch(() => fallBack('The living mosaic could not be loaded, so here is a still image and a description instead.'));
    watchReady();
  }

  function watchReady() {
    const check = () => {
      const state = document.documentElement.dataset.state;
      if (state === 'ready' && !viewer.classList.contains('viewer--live') && !fellBack) {
        viewer.classList.add('viewer--live');
        performance.mark('viewer:mosaic');
        setTimeout(() => !fellBack && setViewerState('mosaic'), adaptation.reduced ? 0 : FADE_MS + 50);
        watchContext();
      } else if (state === 'error') {
        const f = controller()?.state.failure;
        fallBack(f ? `${f.title}. ${f.lines.join(' ')}` : 'The living mosaic could not be drawn, so here is a still image and a description instead.');
      }
    };
    new MutationObserver(check).observe(document.documentElement, { attributes: true, attributeFilter: ['data-state'] });
  }

  /** A lost GPU context shows the poster until the context is back. */
  function watchContext() {
    const canvas = mosaicRoot.querySelector('canvas');
    if (!canvas) return;
    canvas.addEventListener('webglcontextlost', () => viewer.classList.remove('viewer--live'));
    canvas.addEventListener('webglcontextrestored', () => !fellBack && viewer.classList.add('viewer--live'));
  }

  // Config for this visitor (reduced motion, phone, pixel ratio), re-derived when the base changes.
  let baseConfig: InstallationConfig | null = null;
  let appliedConfig: InstallationConfig | null = null;
  let lastGpu: unknown = null;
  function onControllerState() {
    const c = controller();
    if (!c) return;
    const s = c.state;
    if (s.config && s.config !== appliedConfig) {
      baseConfig = s.config;
      if (reducedChoice === null) adaptation.reduced = initialReduced(s.config.motion.reducedMotion, reducedQuery.matches);
      setMotionButton();
      applyAdaptation();
    }
    if (s.table && s.table !== pickerTable) {
      const table = (pickerTable = s.table);
      // The index is built once per layout; d3-delaunay arrives with it, not in the first bundle.
      void import('./picking.ts').then(({ CellPicker }) => {
        if (pickerTable !== table) return;
        picker = new CellPicker(table.site, table.extent);
        if (raw) renderLegend(legend, raw, table.channels);
        if (selected >= picker.count) select(-1);
        openFromHash();
      });
    }
    if (s.bake && s.bake !== described) {
      describe(s.bake);
      openFromHash();
    }
    if (s.gpu && s.gpu !== lastGpu) {
      lastGpu = s.gpu;
      s.gpu.uniforms.uHighlight.value = selected;
    }
  }

  function applyAdaptation() {
    const c = controller();
    if (!c || !baseConfig) return;
    document.documentElement.classList.toggle('reduced-motion', adaptation.reduced);
    appliedConfig = adaptConfig(baseConfig, adaptation);
    void c.applyConfig(appliedConfig).then(() => stage?.invalidate());
  }

  const setReduced = (reduced: boolean) => {
    adaptation.reduced = reduced;
    setMotionButton();
    applyAdaptation();
    document.documentElement.classList.toggle('reduced-motion', reduced);
  };
  motionButton.addEventListener('click', () => {
    reducedChoice = !adaptation.reduced;
    storage('set', String(reducedChoice));
    setReduced(reducedChoice);
  });
  reducedQuery.addEventListener('change', () => {
    if (reducedChoice === null && baseConfig?.motion.reducedMotion !== 'always' && baseConfig?.motion.reducedMotion !== 'never') setReduced(reducedQuery.matches);
  });

  // ---- picking ----
  function select(cell: number, opts: { pin?: boolean; announce?: boolean; focusCard?: boolean } = {}) {
    selected = cell;
    const gpu = stage?.controller.state.gpu;
    if (gpu) gpu.uniforms.uHighlight.value = cell;
    stage?.invalidate();
    const b = bake();
    if (cell < 0 || !b || cell >= b.journeyCount) {
      closeCard(false);
      return;
    }
    const info = journeyCard(b, cell);
    if (opts.announce) live.textContent = info.brief;
    if (opts.pin || card.open || !matchMedia('(hover: none)').matches) {
      if (opts.pin) pinned = true;
      card.show(info, { total: b.journeyCount, shareable: shareable() });
    }
    if (opts.pin && shareable()) history.replaceState(null, '', `#cell=${cell}`);
    if (opts.focusCard) card.root.focus();
  }

  function closeCard(returnFocus: boolean) {
    const wasOpen = card.open;
    card.hide();
    pinned = false;
    if (CELL_HASH.test(location.hash)) history.replaceState(null, '', location.pathname + location.search);
    if (wasOpen && returnFocus && !fellBack) mosaic.focus();
  }

  function openFromHash() {
    const m = CELL_HASH.exec(location.hash);
    const b = bake();
    if (!m || !b) return;
    const cell = Number(m[1]);
    if (cell >= b.journeyCount) return;
    if (picker) ensureVisible(cell);
    select(cell, { pin: true });
  }
  addEventListener('hashchange', openFromHash);

  function cellToScreen(cell: number): [number, number] | null {
    if (!picker || cell < 0 || cell >= picker.count) return null;
    return mosaicToScreen(viewport(), picker.extent, view, picker.sites[2 * cell], picker.sites[2 * cell + 1]);
  }

  function pickAt(clientX: number, clientY: number): number {
    if (!picker) return -1;
    const r = mosaic.getBoundingClientRect();
    const [x, y] = screenToMosaic(viewport(), picker.extent, view, clientX - r.left, clientY - r.top);
    return picker.find(x, y);
  }

  function setView(v: View | null) {
    view = v;
    handle?.setView(v);
  }

  /** Pan (when zoomed) so that the cell is on screen. */
  function ensureVisible(cell: number) {
    if (!view || !picker) return;
    const vp = viewport();
    const p = cellToScreen(cell);
    if (!p) return;
    const margin = 40;
    const dx = p[0] < margin ? margin - p[0] : p[0] > vp.width - margin ? vp.width - margin - p[0] : 0;
    const dy = p[1] < margin ? margin - p[1] : p[1] > vp.height - margin ? vp.height - margin - p[1] : 0;
    if (dx || dy) setView(panBy(vp, view, dx, dy));
  }

  // Pointer: hover (mouse) highlights, a tap or click pins the card; one finger drags a zoomed
  // mosaic, two fingers pinch; the wheel zooms about the pointer.
  const pointers = new Map<number, { x: number; y: number; x0: number; y0: number; t0: number }>();
  let pinch: { d: number } | null = null;
  let hoverFrame = 0;
  let hoverAt: [number, number] = [0, 0];
  mosaic.addEventListener('pointerdown', (e) => {
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY, x0: e.clientX, y0: e.clientY, t0: performance.now() });
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      pinch = { d: Math.hypot(a.x - b.x, a.y - b.y) };
    }
  });
  mosaic.addEventListener('pointermove', (e) => {
    const p = pointers.get(e.pointerId);
    if (!p) {
      if (e.pointerType === 'mouse' && !pinned) {
        hoverAt = [e.clientX, e.clientY];
        if (!hoverFrame)
          hoverFrame = requestAnimationFrame(() => {
            hoverFrame = 0;
            const cell = pickAt(hoverAt[0], hoverAt[1]);
            if (cell !== selected) select(cell);
          });
      }
      return;
    }
    const dx = e.clientX - p.x;
    const dy = e.clientY - p.y;
    p.x = e.clientX;
    p.y = e.clientY;
    const r = mosaic.getBoundingClientRect();
    if (pointers.size === 2 && pinch) {
      const [a, b] = [...pointers.values()];
      const d = Math.hypot(a.x - b.x, a.y - b.y);
      if (pinch.d > 0 && d > 0) setView(zoomAt(viewport(), view, d / pinch.d, (a.x + b.x) / 2 - r.left, (a.y + b.y) / 2 - r.top, MAX_ZOOM));
      pinch.d = d;
    } else if (pointers.size === 1 && view && Math.hypot(e.clientX - p.x0, e.clientY - p.y0) > TAP_SLOP) {
      setView(panBy(viewport(), view, dx, dy));
    }
  });
  const release = (e: PointerEvent) => {
    const p = pointers.get(e.pointerId);
    pointers.delete(e.pointerId);
    if (pointers.size < 2) pinch = null;
    if (!p || e.type === 'pointercancel') return;
    const tap = Math.hypot(e.clientX - p.x0, e.clientY - p.y0) < TAP_SLOP && performance.now() - p.t0 < TAP_MS && pointers.size === 0;
    if (!tap) return;
    const cell = pickAt(e.clientX, e.clientY);
    if (cell < 0) select(-1);
    else select(cell, { pin: true });
  };
  mosaic.addEventListener('pointerup', release);
  mosaic.addEventListener('pointercancel', release);
  mosaic.addEventListener('pointerleave', (e) => {
    if (e.pointerType === 'mouse' && !pinned) select(-1);
  });
  mosaic.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const r = mosaic.getBoundingClientRect();
      setView(zoomAt(viewport(), view, Math.exp(-e.deltaY * 0.002), e.clientX - r.left, e.clientY - r.top, MAX_ZOOM));
    },
    { passive: false },
  );

  // Keyboard: arrows move between Delaunay neighbours, Enter opens, Escape closes, +/- zoom.
  const ARROWS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
  mosaic.addEventListener('keydown', (e) => {
    const dir = ARROWS[e.key];
    if (dir || e.key === 'Enter' || e.key === ' ') e.preventDefault();
    if (!picker) {
      if (dir || e.key === 'Enter') live.textContent = 'The mosaic is still loading.';
      return;
    }
    if (dir) {
      const next = selected < 0 ? picker.centre() : picker.neighbour(selected, dir);
      if (next < 0) {
        live.textContent = 'Edge of the mosaic.';
        return;
      }
      ensureVisible(next);
      select(next, { announce: true });
    } else if ((e.key === 'Enter' || e.key === ' ') && selected >= 0) {
      select(selected, { pin: true, focusCard: true });
    } else if (e.key === 'Escape') {
      if (card.open) closeCard(false);
      else select(-1);
    } else if (e.key === '+' || e.key === '=' || e.key === '-' || e.key === '0') {
      const vp = viewport();
      const at = selected >= 0 ? cellToScreen(selected) : null;
      const [sx, sy] = at ?? [vp.width / 2, vp.height / 2];
      setView(e.key === '0' ? null : zoomAt(vp, view, e.key === '-' ? 1 / 1.5 : 1.5, sx, sy, MAX_ZOOM));
    }
  });
  card.root.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      closeCard(true);
    }
  });

  window.noctilucaViewer = {
    cellToScreen,
    selected: () => selected,
    reducedMotion: () => adaptation.reduced,
    view: () => view,
  };
}
