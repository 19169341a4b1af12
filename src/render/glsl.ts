/**
 * GLSL lives in real files under shaders/. This module bundles them (Vite `?raw` imports), resolves
 * `#include "lib/x.glsl"` and tags every line with `#line <line> <file id>`, so a compile error can be
 * traced back to the shader file and line that failed (see describeShaderError).
 */

// Test shaders (shaders/test/) are the debug surface's (debug.ts adds them): not in production bundles.
const files = import.meta.glob(['/shaders/**/*.{glsl,vert,frag}', '!/shaders/test/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** More shader files, keyed "/shaders/<path>" as import.meta.glob gives them (the debug surface's test shaders). */
export function addShaderFiles(more: Record<string, string>): void {
  Object.assign(files, more);
}

/** File ids for #line directives; 0 is left for three.js's own prefix. */
const fileIds = new Map<string, number>();
const fileNames: string[] = ['(three.js prefix)'];

function idOf(path: string): number {
  let id = fileIds.get(path);
  if (id === undefined) {
    id = fileNames.length;
    fileIds.set(path, id);
    fileNames.push(path);
  }
  return id;
}

/**
 * The shader file `path` (relative to shaders/, e.g. "mosaic/cell.vert") with its includes inlined.
 * `lines: false` leaves out the #line tags: for pmndrs effect fragments, which EffectPass merges into
 * a larger shader where our line numbers would mislabel the code that follows.
 */
export function shaderSource(path: string, { lines = true }: { lines?: boolean } = {}): string {
  const text = resolve(path, new Set());
  return lines ? text : text.replace(/^#line .*$/gm, '');
}

function resolve(path: string, seen: Set<string>): string {
  const key = `/shaders/${path}`;
  const text = files[key];
  if (text === undefined) throw new Error(`shaders: no shader file shaders/${path}`);
  if (seen.has(path)) return '';
  seen.add(path);
  const id = idOf(`shaders/${path}`);
  const out: string[] = [`#line 1 ${id}`];
  text.split('\n').forEach((line, k) => {
    const m = /^\s*#include\s+"([^"]+)"/.exec(line);
    if (m) {
      out.push(resolve(m[1], seen));
      out.push(`#line ${k + 2} ${id}`);
    } else if (/^\s*#include\s+</.test(line)) {
      // A three.js chunk, inlined by three later: the lines after it keep their numbers.
      out.push(line, `#line ${k + 2} ${id}`);
    } else {
      out.push(line);
    }
  });
  return out.join('\n');
}

/**
 * Turns a driver's compile log ("ERROR: 2:31: 'foo' : undeclared identifier") into messages that
 * name our files: "shaders/mosaic/cell.frag:31: 'foo' : undeclared identifier".
 */
export function describeShaderError(log: string): string[] {
  const out: string[] = [];
  for (const line of log.split('\n')) {
    const m = /(?:ERROR|WARNING):\s*(\d+):(\d+):\s*(.*)/.exec(line);
    if (m) out.push(`${fileNames[Number(m[1])] ?? `source ${m[1]}`}:${m[2]}: ${m[3]}`);
  }
  return out.length ? out : [log.trim()];
}
