/**
 * The journey card: a non-modal dialog for the picked cell, at its resident's consent tier
 * (docs/PRIVACY.md): glow only, what is true of its group; card, the timeline and measures; story,
 * and the consented story. Every piece of data goes in as textContent, never as HTML.
 */
import { cellHash } from './cellLink.ts';
import type { JourneyCard } from './journey.ts';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export interface CardView {
  root: HTMLElement;
  show(card: JourneyCard, opts: { total: number; shareable: boolean }): void;
  hide(): void;
  readonly open: boolean;
}

export function createCard(onClose: () => void): CardView {
  const root = el('section', 'viewer-card');
  root.id = 'viewer-card';
  root.setAttribute('role', 'dialog');
  root.setAttribute('aria-modal', 'false');
  root.setAttribute('aria-labelledby', 'viewer-card-title');
  root.tabIndex = -1;
  root.hidden = true;
  const close = el('button', 'viewer-card-close', '×');
  close.type = 'button';
  close.setAttribute('aria-label', 'Close the journey card');
  close.addEventListener('click', onClose);
  const title = el('h2', undefined);
  title.id = 'viewer-card-title';
  const body = el('div', 'viewer-card-body');
  root.append(close, title, body);
  return {
    root,
    get open() {
      return !root.hidden;
    },
    show(card, { total, shareable }) {
      title.textContent = `Journey ${card.journey + 1} of ${total.toLocaleString('en')}`;
      const community = el('p', 'viewer-card-community', `Community: ${card.community}`);
      const parts: HTMLElement[] = [community];
      if (card.synthetic) parts.push(el('p', 'viewer-card-tier', 'A synthetic resident: generated data, no real person.'));
      const measures = el('ul', 'viewer-card-measures');
      for (const m of card.measures) measures.append(el('li', undefined, m));
      if (card.group) {
        parts.push(
          el(
            'p',
            'viewer-card-tier',
            `This resident chose to let their journey glow without a card. The cell's colour is theirs; its rhythm, and what is said here, belong to its group of ${card.group.size.toLocaleString('en')} residents (${card.group.label.join(' · ')}).`,
          ),
        );
        measures.setAttribute('aria-label', 'Their group');
        parts.push(measures);
      } else {
        const timeline = el('ol', 'viewer-card-timeline');
        timeline.setAttribute('aria-label', 'Timeline');
        for (const e of card.timeline) {
          const li = el('li');
          li.append(el('span', 'when', `${e.when}:`), document.createTextNode(` ${e.what}`));
          timeline.append(li);
        }
        measures.setAttribute('aria-label', 'In numbers');
        parts.push(timeline, measures);
      }
      if (card.story) {
        const figure = el('figure', 'viewer-card-story');
        figure.append(el('blockquote', undefined, card.story), el('figcaption', undefined, 'In their own words, shared with consent'));
        parts.push(figure);
      }
      if (shareable) {
        const link = el('a', 'viewer-card-share', 'Link to this cell');
        link.href = cellHash(card.journey);
        parts.push(link);
      }
      body.replaceChildren(...parts);
      root.dataset.journey = String(card.journey);
      root.hidden = false;
    },
    hide() {
      root.hidden = true;
      delete root.dataset.journey;
    },
  };
}
