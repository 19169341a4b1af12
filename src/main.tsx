/**
 * The entry: a small router. View mode and the gallery show their first screen at once from plain
 * DOM and load the living mosaic later (src/viewer/); studio and venue modes load the full app. The
 * mosaic (React, three, r3f, post-processing) is always a dynamic import, so view mode's first
 * bundle stays small (bench/bundle.ts measures it).
 */
import { readParams } from './app/params.ts';
import { showGallery } from './viewer/gallery.ts';
import { startViewer } from './viewer/shell.ts';
import './app/page.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html: no #root element');
const params = readParams(location.search, import.meta.env.DEV ? 'studio' : 'view');

if (new URLSearchParams(location.search).has('gallery')) showGallery(root);
else if (params.mode === 'view') startViewer(root, params);
else {
  const [{ createElement }, { createRoot }, { App }] = await Promise.all([import('react'), import('react-dom/client'), import('./app/App.tsx')]);
  createRoot(root).render(createElement(App, { params }));
}
