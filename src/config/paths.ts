/**
 * Paths in a config (`data.source`, `layout.mask`) name files inside the installation folder. This is
 * the lexical half of that rule, pure so the page, `validate` and the studio's save refuse the same
 * paths; src/node/config.ts adds the other half (symlinks resolved) before anything is opened.
 */

/** Why `rel` cannot name something inside the folder ("absolute", "parent"), or null when it can. */
export function outsideFolder(rel: string): 'absolute' | 'parent' | 'nul' | null {
  if (rel.includes('\u0000')) return 'nul';
  // POSIX and Windows absolute forms: /x, \x, C:\x, C:x, \\server\share.
  if (/^[\\/]/.test(rel) || /^[a-zA-Z]:/.test(rel)) return 'absolute';
  if (rel.split(/[\\/]+/).includes('..')) return 'parent';
  return null;
}
