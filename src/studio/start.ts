/**
 * Starts the tuning panel in studio mode without loading it up front: the panel and Tweakpane are a
 * dynamic import, so pages that never show it never download it. A page driven by automation
 * (navigator.webdriver: tests, screenshots, benchmarks) loads it only when P is pressed, so its
 * pictures stay a function of the URL alone.
 */
import type { InstallationController } from '../app/controller.ts';

/** Shows the panel now, or on the first P when the page is automated; returns the disposer. */
export function startStudio(controller: InstallationController): () => void {
  let dispose: (() => void) | null = null;
  let gone = false;
  const load = () => {
    window.removeEventListener('keydown', onKey);
    void import('./panel.ts').then((m) => {
      if (!gone) dispose = m.mountStudio(controller);
    });
  };
  const onKey = (e: KeyboardEvent) => {
    const t = e.target as HTMLElement | null;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    if ((e.key === 'p' || e.key === 'P') && !e.ctrlKey && !e.metaKey && !e.altKey) load();
  };
  if (navigator.webdriver) window.addEventListener('keydown', onKey);
  else load();
  return () => {
    gone = true;
    window.removeEventListener('keydown', onKey);
    dispose?.();
  };
}
