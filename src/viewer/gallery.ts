/**
 * The gallery (`/?gallery`): every installation with its title, description and poster, each
 * opening its mosaic in view mode. A poster that is not there yet (posters are rendered at build
 * time) becomes a styled placeholder.
 */
import { fetchInstallations, fileUrl } from './data.ts';
import { el } from './dom.ts';
import './viewer.css';

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
    .then((items) => {
      status.textContent = items.length ? '' : 'There are no installations yet.';
      status.hidden = items.length > 0;
      for (const item of items) {
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
        list.append(li);
      }
      document.documentElement.dataset.viewer = 'gallery';
    })
    .catch((err: unknown) => {
      status.textContent = `The installations could not be listed (${err instanceof Error ? err.message : String(err)}).`;
      document.documentElement.dataset.viewer = 'error';
    });
}
