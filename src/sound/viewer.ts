/**
 * Listening in the residents' viewer: a Listen button (the mosaic's sound, in step with it) and a
 * spoken, sonified summary for residents who cannot see the mosaic (summary.ts). Nothing sounds and
 * no AudioContext exists until a resident presses one of them (browsers allow sound only after a
 * gesture, and a page that starts talking is no way to greet a screen-reader user). Kept small: the
 * sound code arrives with the living mosaic, or with the first press of the summary.
 */
import type { BakedMosaic } from '../bake/artefact.ts';
import type { SummaryPlayback } from './summary.ts';

export interface ListeningParts {
  /** Where the Listen button goes (the viewer's bar). */
  nav: HTMLElement;
  /** Where the summary's section goes (the description panel). */
  about: HTMLElement;
  /** The polite live region: what is heard is also said. */
  live: HTMLElement;
  /** The bake on screen (the mosaic's, or the viewer's own without WebGL). */
  bake: () => BakedMosaic | null;
  /** The installation's raw `sound` section (defaults fill the rest). */
  soundSection: () => unknown;
}

/** What is said when the mosaic's sound starts. */
export const LISTEN_WORDS =
  'Sound on. Each community is one voice, from left to right and from low to high notes, as its cells sit in the mosaic. ' +
  'A note is that community\'s care at that moment of the timeline: louder for more care per resident, silent where care stopped.';

function button(text: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'viewer-toggle';
  b.textContent = text;
  return b;
}

export function addListening(p: ListeningParts): void {
  const listen = button('Listen');
  listen.classList.add('viewer-listen-button');
  listen.setAttribute('aria-pressed', 'false');
  listen.disabled = true;
  listen.title = 'The sound plays with the living mosaic';
  p.nav.insertBefore(listen, p.nav.lastElementChild);

  const sound = () => window.noctiluca?.sound ?? null;
  const enable = () => {
    if (document.documentElement.dataset.state === 'ready' && sound()) {
      listen.disabled = false;
      listen.title = 'Hear the mosaic: its care as sound, in step with the light';
    }
  };
  new MutationObserver(enable).observe(document.documentElement, { attributes: true, attributeFilter: ['data-state'] });
  enable();
  let listening = false;
  listen.addEventListener('click', () => {
    const s = sound();
    if (!s) return;
    listening = !listening;
    listen.setAttribute('aria-pressed', String(listening));
    if (listening) {
      void s.start();
      p.live.textContent = LISTEN_WORDS;
    } else {
      s.stop();
      p.live.textContent = 'Sound off.';
    }
  });

  const section = document.createElement('section');
  section.className = 'viewer-listen';
  const title = document.createElement('h3');
  title.textContent = 'Hear the summary';
  const text = document.createElement('p');
  text.textContent =
    'Each community\'s care, year by year, as a short phrase of notes: higher notes for more care per resident, silence for a year without care. Each phrase is named before it plays and described after.';
  const play = button('Play the summary');
  section.append(title, text, play);
  p.about.append(section);

  let playback: SummaryPlayback | null = null;
  play.addEventListener('click', () => {
    if (playback) {
      playback.stop();
      return;
    }
    const bake = p.bake();
    if (!bake) {
      p.live.textContent = 'The summary is still loading.';
      return;
    }
    // The context is made in the press itself (some browsers allow sound only there), the code after.
    const s = sound();
    const ctx = s ? s.context() : new AudioContext();
    void ctx.resume();
    play.textContent = 'Stop the summary';
    s?.setDucked(true);
    void Promise.all([import('./summary.ts'), import('../config/sound.ts')]).then(([summary, config]) => {
      const own = config.soundSchema.safeParse(p.soundSection() ?? {});
      const soundConfig = window.noctiluca?.controller.state.config?.sound ?? (own.success ? own.data : config.soundSchema.parse({}));
      const phrases = summary.summaryPhrases(bake);
      const voices = s?.score()?.voices;
      const pans = bake.communities.map((_, c) => voices?.[c]?.pan ?? (bake.communities.length > 1 ? (2 * c) / (bake.communities.length - 1) - 1 : 0) * soundConfig.width);
      playback = summary.playSummary(ctx, ctx.destination, phrases, soundConfig, pans, (words) => (p.live.textContent = words));
      void playback.done.then(() => {
        playback = null;
        play.textContent = 'Play the summary';
        s?.setDucked(false);
        if (!s) void ctx.close();
      });
    });
  });
}
