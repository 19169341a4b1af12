/**
 * The layout kinds: the only list. Each is one file with the same small interface (../kind.ts);
 * the config schema's `layout.kind` options, their docs and the refusal of unavailable kinds come
 * from here.
 */
import type { LayoutKind } from '../kind.ts';
import { hex } from './hex.ts';
import { mask } from './mask.ts';
import { voronoi } from './voronoi.ts';

export const LAYOUT_KINDS = { voronoi, hex, mask } satisfies Record<string, LayoutKind>;

export type LayoutKindName = keyof typeof LAYOUT_KINDS;

/** Every kind's name, in the order docs list them (read at call time: a test fixture that adds one is seen). */
export function layoutKindNames(): string[] {
  return Object.keys(LAYOUT_KINDS);
}

/** A kind by name; throws on one that is not declared. */
export function layoutKind(name: string): LayoutKind {
  const k = Object.hasOwn(LAYOUT_KINDS, name) ? (LAYOUT_KINDS as Record<string, LayoutKind>)[name] : undefined;
  if (!k) throw new Error(`layout: no layout kind "${name}" (kinds: ${layoutKindNames().join(', ')})`);
  return k;
}
