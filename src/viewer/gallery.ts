/**
 * The gallery (`/?gallery`): every installation whose config lists it (`gallery`, true by default)
 * with its title, description and poster, each opening its mosaic in view mode. A poster that is not
 * there yet (posters are rendered at build time) becomes a styled placeholder. The same list is the
 * "no such installation" page's offer when a name is unknown.
 */
import { fetchInstallations, fileUrl, listedInGallery, type InstallationEntry, type NoSuchInstallation } from './data.ts';
import { el } from './dom.ts';
import './viewer.css';

/** One installation's entry: its poster (or placeholder) and title linking to view mode, its description. */
function galleryItem(item: InstallationEntry): HTMLLIElement {
  const li = el('li', 'gallery-item');
  const link = el('a', 'gallery-link');
  link.href = `?installation=${encodeURIComponent(item.name)}&mode=view`;
  const figure = el('div', 'gallery-poster');
  const img = el('img');
  img.alt = '';
  img.loading = 'lazy';
  img.addEventListener('error', () => figure.classList.add('gallery-poster--missing'));
  img.src = fileUrl(item.name, 'poster.png');
  const placeholder = el('span', 'gallery-placeholder', item.title.slice(0, 1));
  placeholder.setAttribute('aria-hidden', 'true');
  figure.append(img, placeholder);
  const title = el('h2', undefined, item.title);
  link.append(figure, title);
  li.append(link, el('p', undefined, item.description));
  return li;
}

export function showGallery(root: HTMLElement): void {
  document.documentElement.dataset.viewer = 'loading';
  document.title = 'Installations — Noctiluca';
  const main = el('main', 'gallery');
  const heading = el('h1', undefined, 'Noctiluca installations');
  const intro = el('p', 'gallery-intro', 'Community oral-health journeys as living, glowing mosaics: one cell for each resident.');
  const list = el('ul', 'gallery-list');
  const status = el('p', 'gallery-status', 'Loading the installations…');
  status.setAttribute('role', 'status');
  main.append(heading, intro, status, list);
  root.replaceChildren(main);

  fetchInstallations()
    .then((all) => {
      const items = all.filter(listedInGallery);
      status.textContent = items.length ? '' : 'There are no installations yet.';
      status.hidden = items.length > 0;
      list.append(...items.map(galleryItem));
      document.documentElement.dataset.viewer = 'gallery';
    })
    .catch((err: unknown) => {
      status.textContent = `The installations could not be listed (${err instanceof Error ? err.message : String(err)}).`;
      document.documentElement.dataset.viewer = 'error';
    });
}

/**
 * The page for a name the site does not have (a mistyped or old link): says so in words, offers the
 * gallery's installations and the gallery itself. The name is the URL's: shown as text only.
 */
export function showMissing(root: HTMLElement, err: NoSuchInstallation): void {
  document.title = 'No such installation — Noctiluca';
  const main = el('main', 'gallery gallery--missing');
  const heading = el('h1', undefined, 'No such installation');
  const what = el('p', 'gallery-intro', `This site has no installation named “${err.installation}”. The link may be mistyped, or the installation renamed or taken down.`);
  main.append(heading, what);
  if (err.listed.length) {
    main.append(el('p', undefined, err.listed.length === 1 ? 'This one is open:' : 'These are open:'));
    const list = el('ul', 'gallery-list');
    list.append(...err.listed.map(galleryItem));
    main.append(list);
  }
  const back = el('p');
  const link = el('a', undefined, 'See all installations');
  link.href = '?gallery';
  back.append(link);
  main.append(back);
  root.replaceChildren(main);
  document.documentElement.dataset.viewer = 'error';
}
