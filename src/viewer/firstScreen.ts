/**
 * The viewer's first screen as plain DOM, up at once: the poster with its placeholder, the bar (title,
 * gallery link, the motion and description toggles), the mosaic's host, the first screen's line
 * (what the mosaic is, and an invitation to tap), the zoom-out button, the description panel and the
 * live region. Reading and tab order: the title and controls, the mosaic, the line, its description,
 * the card. Only builds; the other viewer parts fill it in.
 */
import { fileUrl } from './data.ts';
import { el } from './dom.ts';

export interface FirstScreen {
  viewer: HTMLDivElement;
  poster: HTMLDivElement;
  posterImg: HTMLImageElement;
  placeholder: HTMLDivElement;
  /** The focusable mosaic (role application); the living mosaic mounts in `mosaicRoot` inside it. */
  mosaic: HTMLDivElement;
  mosaicRoot: HTMLDivElement;
  /** The bar along the top: title and controls. */
  bar: HTMLElement;
  title: HTMLHeadingElement;
  motionButton: HTMLButtonElement;
  aboutButton: HTMLButtonElement;
  about: HTMLElement;
  /** The description panel's × (it also closes with Escape and, where it covers the mosaic, a tap outside). */
  aboutClose: HTMLButtonElement;
  /** The first screen's line: what the mosaic is, in one sentence, and what a tap does. */
  hint: HTMLParagraphElement;
  hintWhat: HTMLSpanElement;
  /** Shown while zoomed in: back to the whole mosaic. */
  zoomOut: HTMLButtonElement;
  notice: HTMLParagraphElement;
  intro: HTMLParagraphElement;
  summary: HTMLParagraphElement;
  channelList: HTMLUListElement;
  patternsTitle: HTMLHeadingElement;
  patternList: HTMLUListElement;
  legend: HTMLDivElement;
  creditsTitle: HTMLHeadingElement;
  credits: HTMLParagraphElement;
  /** A polite live region for keyboard navigation. */
  live: HTMLParagraphElement;
}

/** Builds the first screen for installation `name` into `root`, with the journey card's element in its place. */
export function buildFirstScreen(root: HTMLElement, name: string, card: HTMLElement): FirstScreen {
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
  const aboutClose = el('button', 'viewer-about-close', '×');
  aboutClose.type = 'button';
  aboutClose.setAttribute('aria-label', 'Close the description');
  const notice = el('p', 'viewer-notice');
  notice.setAttribute('role', 'status');
  notice.hidden = true;
  const intro = el('p', 'viewer-intro');
  const summary = el('p', 'viewer-summary', 'Reading the data…');
  summary.id = 'viewer-summary';
  const channelList = el('ul', 'viewer-channels');
  const patternsTitle = el('h3', undefined, 'What stands out');
  patternsTitle.hidden = true;
  const patternList = el('ul', 'viewer-patterns');
  const legendTitle = el('h3', 'viewer-legend-title', 'Legend');
  const legend = el('div', 'viewer-legend');
  const creditsTitle = el('h3', undefined, 'Credits');
  const credits = el('p', 'viewer-credits');
  creditsTitle.hidden = credits.hidden = true;
  const keys = el(
    'p',
    'viewer-keys',
    'Hover or tap a cell to read its journey; where cells are too small for a finger, the first tap zooms in. With the keyboard: focus the mosaic, use the arrow keys to move between neighbouring cells, Enter to open a cell\'s journey, Escape to close it, plus and minus to zoom.',
  );
  keys.id = 'viewer-keys';
  about.append(aboutClose, aboutTitle, notice, intro, summary, channelList, patternsTitle, patternList, legendTitle, legend, creditsTitle, credits, keys);

  // The first screen says what the mosaic is and invites a tap (or a pointer), until a card opens.
  const hint = el('p', 'viewer-hint');
  hint.id = 'viewer-hint';
  const hintWhat = el('span', 'viewer-hint-what', "Each glowing cell is one resident's oral-health journey: it flashes when they get care and dims when care stops.");
  const coarse = matchMedia('(pointer: coarse)').matches;
  const hintDo = el('strong', 'viewer-hint-do', coarse ? 'Tap a cell to read its journey.' : 'Point at a cell or click it to read its journey.');
  hint.append(hintWhat, ' ', hintDo);
  const zoomOut = el('button', 'viewer-toggle viewer-zoom-out', 'Whole mosaic');
  zoomOut.type = 'button';
  zoomOut.setAttribute('aria-label', 'Zoom out to the whole mosaic');
  zoomOut.hidden = true;

  const live = el('p', 'sr-only');
  live.setAttribute('aria-live', 'polite');
  live.id = 'viewer-live';

  main.append(bar, mosaic, hint, zoomOut, about, card, live);
  viewer.append(poster, main);
  root.replaceChildren(viewer);
  performance.mark('viewer:first-screen');
  return { viewer, poster, posterImg, placeholder, mosaic, mosaicRoot, bar, title, motionButton, aboutButton, about, aboutClose, hint, hintWhat, zoomOut, notice, intro, summary, channelList, patternsTitle, patternList, legend, creditsTitle, credits, live };
}
