/**
 * Files stay in their folder: `data.source` and `layout.mask` name files inside the installation
 * folder, and this is where that holds on disk. The lexical rule (no absolute path, no "..") is the
 * config schema's (src/config/paths.ts); here symlinks are resolved too, so a link out of the folder
 * is refused before anything is opened.
 */
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { outsideFolder } from '../config/paths.ts';
import { isInside } from '../data/files.ts';

export type Inside =
  /** `real` is what gets opened; `kind` is null when nothing is there (yet). */
  | { ok: true; real: string; kind: 'file' | 'folder' | null }
  | { ok: false; why: 'absolute' | 'parent' | 'nul' | 'link' | 'special'; kind?: string };

/** Where `rel` (relative to `dir`, or already absolute inside it) leads, checked to stay inside `dir`. */
export async function resolveInside(dir: string, rel: string): Promise<Inside> {
  const lexical = outsideFolder(rel);
  if (lexical === 'nul' || lexical === 'parent') return { ok: false, why: lexical };
  const path = resolve(dir, rel);
  // An absolute path passes only when it already points into the folder (a spec resolved earlier).
  if (lexical === 'absolute' && (!isAbsolute(rel) || !isInside(path, resolve(dir)))) return { ok: false, why: 'absolute' };
  let realDir: string;
  let real: string;
  try {
    realDir = await realpath(dir);
  } catch {
    return { ok: true, real: path, kind: null };
  }
  try {
    real = await realpath(path);
  } catch {
    return { ok: true, real: path, kind: null }; // nothing there: never opened
  }
  if (!isInside(real, realDir)) return { ok: false, why: 'link' };
  const s = await stat(real);
  if (s.isFile()) return { ok: true, real, kind: 'file' };
  if (s.isDirectory()) return { ok: true, real, kind: 'folder' };
  return { ok: false, why: 'special', kind: s.isFIFO() ? 'pipe (FIFO)' : s.isSocket() ? 'socket' : 'device' };
}
