/** What format detection sees of a data source on disk (src/data/formats.ts): names and a few file heads. */
import { closeSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isInside } from '../data/files.ts';
import type { SourceProbe } from '../data/formats.ts';
import { DataError } from '../data/messages.ts';

const HEAD_BYTES = 4096;
const SAMPLE_FILES = 4;
const DATA_FILE = /\.(csv|tsv|json|ndjson|jsonl)$/i;

function head(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The probe of a file or folder; a DataError when it does not exist. */
export function probeSource(path: string): SourceProbe {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new DataError(`data source not found: ${path}`);
  }
  if (!st.isDirectory()) return { kind: 'file', name: basename(path), entries: [], samples: [{ name: basename(path), head: head(path) }] };
  const names = readdirSync(path).filter((n) => !n.startsWith('.')).sort();
  // Regular files that stay in the folder (a link out of it is never opened; its reader refuses it).
  const real = realpathSync(path);
  const inside = (n: string) => {
    try {
      return isInside(realpathSync(join(path, n)), real) && statSync(join(path, n)).isFile();
    } catch {
      return false; // a dangling link
    }
  };
  const files = names.filter((n) => DATA_FILE.test(n) && inside(n)).slice(0, SAMPLE_FILES);
  return { kind: 'folder', name: basename(path), entries: names.map((n) => n.toLowerCase()), samples: files.map((n) => ({ name: n, head: head(join(path, n)) })) };
}
