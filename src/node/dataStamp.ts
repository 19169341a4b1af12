/**
 * A stamp of an installation's data source as it is on disk now: a hash over the data spec and, for
 * the source file (or every file under a source folder), its path, size, inode, modification and
 * change times. A process that keeps the data read (the contributions' server, its privacy check)
 * reads it again when the stamp changes. The change time (ctime) moves on every write and cannot be
 * set back, so a file rewritten and touched back to its old mtime still gets a new stamp.
 */
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DataSpec } from '../data/events';

/** The stamp of `spec.source` (relative to `installationDir`) and of `spec` itself. */
export async function dataStamp(installationDir: string, spec: DataSpec): Promise<string> {
  const h = createHash('sha256').update(JSON.stringify(spec));
  const visit = async (path: string, rel: string): Promise<void> => {
    const s = await stat(path);
    h.update(`\u0000${rel}\u0000${s.size}:${s.ino}:${s.mtimeMs}:${s.ctimeMs}:${s.isDirectory() ? 'd' : 'f'}`);
    if (!s.isDirectory()) return;
    const names = (await readdir(path)).sort();
    for (const n of names) await visit(join(path, n), `${rel}/${n}`);
  };
  try {
    await visit(resolve(installationDir, spec.source), spec.source);
  } catch {
    // Missing or unreadable: a stamp that matches nothing kept, so the reader runs and says why.
    h.update(`\u0000missing\u0000${performance.now()}${Math.random()}`);
  }
  return h.digest('hex');
}
