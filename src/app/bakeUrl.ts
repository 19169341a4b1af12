/**
 * Where a page reads an installation's baked mosaic: the site's published file, or, on a
 * contributions server, a resident's preview (`?preview=<token>`: the artefact as it would be with
 * their contribution, src/node/contributions/routes.ts). No imports: view mode's first bundle uses it.
 */
const PREVIEW_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

export function bakeUrl(name: string, search: string = location.search): string {
  const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
  const token = new URLSearchParams(search).get('preview');
  if (token && PREVIEW_TOKEN.test(token)) return `${base}contribute/api/preview/${token}/mosaic.bin`;
  return `${base}installations/${encodeURIComponent(name)}/mosaic.bin`;
}
