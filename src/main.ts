/**
 * The entry: a small router. `?gallery` lists the installations; otherwise `?mode=` picks the mode
 * (src/modes.ts), which builds its page on the page core. The mosaic (React, three, r3f,
 * post-processing) is always a dynamic import, so view mode's first bundle stays small.
 */
import { firstLayoutAspect, readParams } from './app/params.ts';
import { prefetchInstallation } from './app/prefetch.ts';
import { MODES, readMode } from './modes.ts';
import { showGallery } from './viewer/gallery.ts';
import './app/page.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html: no #root element');

if (new URLSearchParams(location.search).has('gallery')) showGallery(root);
else {
  const mode = readMode(location.search, import.meta.env.DEV ? 'studio' : 'view');
  const params = readParams(location.search);
  // The modes that start the page core at once: its first requests go out before its modules load.
  // (View mode sends them when its living mosaic starts: src/viewer/living.ts.)
  // Studio and stills lay the mosaic out for the window's (or the URL's view's) aspect, as the page
  // core's controller starts with, so the worker may lay it out as soon as the bytes arrive; a
  // venue's outputs say their own aspect later (src/venue/).
  if (mode === 'studio' || mode === 'venue' || mode === 'stills') prefetchInstallation(params.installation, mode === 'venue' ? null : firstLayoutAspect(params));
  await MODES[mode](root, params);
}
