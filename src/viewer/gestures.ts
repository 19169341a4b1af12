/**
 * The visitor's hands on the mosaic. Pointer: hover (mouse) highlights, a tap or click pins the card;
 * one finger drags a zoomed mosaic, two fingers pinch; the wheel zooms about the pointer. Keyboard:
 * arrows move between Delaunay neighbours, Enter opens, Escape closes, plus and minus zoom, 0 resets.
 * A one-finger drag also stirs the sea under the finger (`stir`); a tap never does, so tap-to-read
 * and pan are unchanged.
 */
import type { CardView } from './card.ts';
import type { Navigation } from './navigation.ts';
import type { Direction } from './picking.ts';
import type { Selection } from './selection.ts';

/** A press that moves less than this (CSS px) and lasts less than TAP_MS is a tap, not a drag. */
const TAP_SLOP = 10;
const TAP_MS = 600;
const ARROWS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

interface Press {
  x: number;
  y: number;
  x0: number;
  y0: number;
  t0: number;
}

/** Where a drag stirs the sea (the living mosaic's, once it is there). */
export interface StirHands {
  move(pointerId: number, clientX: number, clientY: number): void;
  release(pointerId: number): void;
}

/** Pointer, wheel and key handlers on `mosaic` (and Escape on the card). */
export function bindGestures(mosaic: HTMLElement, card: CardView, live: HTMLElement, nav: Navigation, selection: Selection, stir: () => StirHands | null = () => null): void {
  const presses = new Map<number, Press>();
  let pinch: { d: number } | null = null;
  // Hover picks once per animation frame, at the last pointer position.
  let hoverFrame = 0;
  let hoverAt: [number, number] = [0, 0];

  mosaic.addEventListener('pointerdown', (e) => {
    presses.set(e.pointerId, { x: e.clientX, y: e.clientY, x0: e.clientX, y0: e.clientY, t0: performance.now() });
    if (presses.size === 2) {
      const [a, b] = [...presses.values()];
      pinch = { d: Math.hypot(a.x - b.x, a.y - b.y) };
    }
  });
  mosaic.addEventListener('pointermove', (e) => {
    const p = presses.get(e.pointerId);
    if (!p) {
      if (e.pointerType === 'mouse' && !selection.pinned) {
        hoverAt = [e.clientX, e.clientY];
        if (!hoverFrame)
          hoverFrame = requestAnimationFrame(() => {
            hoverFrame = 0;
            const cell = nav.pickAt(hoverAt[0], hoverAt[1]);
            if (cell !== selection.selected) selection.select(cell);
          });
      }
      return;
    }
    const dx = e.clientX - p.x;
    const dy = e.clientY - p.y;
    p.x = e.clientX;
    p.y = e.clientY;
    const r = mosaic.getBoundingClientRect();
    if (presses.size === 2 && pinch) {
      const [a, b] = [...presses.values()];
      const d = Math.hypot(a.x - b.x, a.y - b.y);
      if (pinch.d > 0 && d > 0) nav.zoom(d / pinch.d, (a.x + b.x) / 2 - r.left, (a.y + b.y) / 2 - r.top);
      pinch.d = d;
    } else if (presses.size === 1 && Math.hypot(e.clientX - p.x0, e.clientY - p.y0) > TAP_SLOP) {
      nav.pan(dx, dy);
      stir()?.move(e.pointerId, e.clientX, e.clientY);
    }
  });
  const release = (e: PointerEvent) => {
    const p = presses.get(e.pointerId);
    presses.delete(e.pointerId);
    stir()?.release(e.pointerId);
    if (presses.size < 2) pinch = null;
    if (!p || e.type === 'pointercancel') return;
    const tap = Math.hypot(e.clientX - p.x0, e.clientY - p.y0) < TAP_SLOP && performance.now() - p.t0 < TAP_MS && presses.size === 0;
    if (!tap) return;
    const cell = nav.pickAt(e.clientX, e.clientY);
    const r = mosaic.getBoundingClientRect();
    // A finger on cells smaller than a comfortable target: zoom to where it tapped, pick on the next tap.
    if (cell >= 0 && e.pointerType !== 'mouse' && nav.zoomToReach(cell, e.clientX - r.left, e.clientY - r.top)) {
      live.textContent = 'Zoomed in. Tap a cell to read its journey; pinch or press Whole mosaic to zoom out.';
      return;
    }
    if (cell < 0) selection.select(-1);
    else selection.select(cell, { pin: true });
  };
  mosaic.addEventListener('pointerup', release);
  mosaic.addEventListener('pointercancel', release);
  mosaic.addEventListener('pointerleave', (e) => {
    if (e.pointerType === 'mouse' && !selection.pinned) selection.select(-1);
  });
  mosaic.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const r = mosaic.getBoundingClientRect();
      nav.zoom(Math.exp(-e.deltaY * 0.002), e.clientX - r.left, e.clientY - r.top);
    },
    { passive: false },
  );

  mosaic.addEventListener('keydown', (e) => {
    const dir = ARROWS[e.key];
    if (dir || e.key === 'Enter' || e.key === ' ') e.preventDefault();
    const picker = nav.picker;
    if (!picker) {
      if (dir || e.key === 'Enter') live.textContent = 'The mosaic is still loading.';
      return;
    }
    const selected = selection.selected;
    if (dir) {
      const next = selected < 0 ? picker.centre() : picker.neighbour(selected, dir);
      if (next < 0) {
        live.textContent = 'Edge of the mosaic.';
        return;
      }
      nav.ensureVisible(next);
      selection.select(next, { announce: true });
    } else if ((e.key === 'Enter' || e.key === ' ') && selected >= 0) {
      selection.select(selected, { pin: true, focusCard: true });
    } else if (e.key === 'Escape') {
      if (card.open) {
        e.preventDefault(); // the card closes, nothing else
        selection.close(false);
      } else selection.select(-1);
    } else if (e.key === '0') {
      nav.setView(null);
    } else if (e.key === '+' || e.key === '=' || e.key === '-') {
      const vp = nav.viewport();
      const [sx, sy] = (selected >= 0 ? nav.cellToScreen(selected) : null) ?? [vp.width / 2, vp.height / 2];
      nav.zoom(e.key === '-' ? 1 / 1.5 : 1.5, sx, sy);
    }
  });
  card.root.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      selection.close(true);
    }
  });
}
