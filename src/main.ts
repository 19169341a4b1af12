/**
 * The entry: a small router. `?gallery` lists the installations; otherwise `?mode=` picks the mode
 * (src/modes.ts), which builds its page on the page core. The mosaic (React, three, r3f,
 * post-processing) is always a dynamic import, so view mode's first bundle stays small.
 */
import { readParams } from './app/params.ts';
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
  if (mode === 'studio' || mode === 'venue' || mode === 'stills') prefetchInstallation(params.installation);
  await MODES[mode](root, params);
}
