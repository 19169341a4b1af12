/**
 * The viewer's first screen as plain DOM, up at once: the poster with its placeholder, the bar (title,
 * gallery link, the motion and description toggles), the mosaic's host, the description panel and
 * the live region. Reading and tab order: the title and controls, the mosaic, its description, the
 * card. Only builds; the other viewer parts fill it in.
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
  title: HTMLHeadingElement;
  motionButton: HTMLButtonElement;
  aboutButton: HTMLButtonElement;
  about: HTMLElement;
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
  const legendTitle = el('h3', undefined, 'Legend');
  const legend = el('div', 'viewer-legend');
  const creditsTitle = el('h3', undefined, 'Credits');
  const credits = el('p', 'viewer-credits');
  creditsTitle.hidden = credits.hidden = true;
  const keys = el(
    'p',
    'viewer-keys',
    'Hover or tap a cell to read its journey. With the keyboard: focus the mosaic, use the arrow keys to move between neighbouring cells, Enter to open a cell\'s journey, Escape to close it, plus and minus to zoom.',
  );
  keys.id = 'viewer-keys';
  about.append(aboutTitle, notice, intro, summary, channelList, patternsTitle, patternList, legendTitle, legend, creditsTitle, credits, keys);

  const live = el('p', 'sr-only');
  live.setAttribute('aria-live', 'polite');
  live.id = 'viewer-live';

  main.append(bar, mosaic, about, card, live);
  viewer.append(poster, main);
  root.replaceChildren(viewer);
  performance.mark('viewer:first-screen');
  return { viewer, poster, posterImg, placeholder, mosaic, mosaicRoot, title, motionButton, aboutButton, about, notice, intro, summary, channelList, patternsTitle, patternList, legend, creditsTitle, credits, live };
}
