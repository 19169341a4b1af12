/**
 * Fetching an installation in the browser. The page only ever receives the config and the baked,
 * anonymised mosaic (never the raw data): in development the dev server bakes on the fly, in a
 * built site the bake is a static file (see src/node/vitePlugin.ts).
 */
import { bakeUrl } from './bakeUrl.ts';
import { fetchEarly } from './prefetch.ts';
import { parseInstallationConfig, type ConfigMessage, type InstallationConfig } from '../config/index.ts';

export interface InstallationSummary {
  name: string;
  title: string;
  description: string;
  /** Listed in the residents' gallery (the config's `gallery`). */
  gallery: boolean;
}

const base = () => import.meta.env.BASE_URL.replace(/\/?$/, '/');
export const installationUrl = (name: string, file: string) => `${base()}installations/${encodeURIComponent(name)}/${file}`;

/** A failure to show on the page: a title and the lines that explain it. */
export class LoadError extends Error {
  constructor(
    readonly title: string,
    readonly lines: string[],
    readonly links: { href: string; text: string }[] = [],
  ) {
    super(`${title}\n${lines.join('\n')}`);
  }
}

export async function fetchIndex(): Promise<InstallationSummary[]> {
  const r = await fetchEarly(`${base()}installations/index.json`);
  if (!r.ok) throw new LoadError('Cannot list the installations', [`installations/index.json: HTTP ${r.status}`]);
  return (await r.json()) as InstallationSummary[];
}

export interface FetchedConfig {
  config: InstallationConfig;
  warnings: ConfigMessage[];
  text: string;
}

export async function fetchConfig(name: string): Promise<FetchedConfig> {
  const file = `installations/${name}/installation.json`;
  const r = await fetchEarly(installationUrl(name, 'installation.json'), { cache: 'no-store' });
  if (!r.ok) throw new LoadError('Cannot read the installation config', [`${file}: HTTP ${r.status}`]);
  const text = await r.text();
  const parsed = parseInstallationConfig(text, file);
  if (!parsed.config) throw new LoadError(`${file} has ${parsed.errors.length} error(s)`, parsed.errors.map((e) => e.text));
  return { config: parsed.config, warnings: parsed.warnings, text };
}

export async function fetchBake(name: string): Promise<ArrayBuffer> {
  const r = await fetchEarly(bakeUrl(name), { cache: 'no-store' });
  if (!r.ok) {
    const detail = (await r.text()).trim();
    throw new LoadError(`Cannot bake the data of "${name}"`, detail ? detail.split('\n') : [`HTTP ${r.status}`]);
  }
  return r.arrayBuffer();
}

/** Checks that `name` is a known installation; otherwise a message listing the known ones. */
export async function requireKnown(name: string): Promise<InstallationSummary> {
  const index = await fetchIndex();
  const found = index.find((i) => i.name === name);
  if (found) return found;
  throw new LoadError(
    `There is no installation named "${name}"`,
    [`Known installations: ${index.map((i) => i.name).join(', ') || '(none)'}.`],
    index.map((i) => ({ href: `?installation=${encodeURIComponent(i.name)}`, text: `${i.title} (${i.name})` })),
  );
}

/**
 * The mask image of config layout.mask (a path inside the installation folder, checked by the
 * schema), as PNG bytes; the dev server and the build serve exactly the masks the config and its
 * presets name, nothing else of the folder.
 */
export async function fetchMask(name: string, path: string): Promise<ArrayBuffer> {
  const r = await fetch(installationUrl(name, path.split(/[\\/]+/).map(encodeURIComponent).join('/')), { cache: 'no-store' });
  if (!r.ok) throw new LoadError('Cannot read the mask image', [`layout.mask: installations/${name}/${path}: HTTP ${r.status}`]);
  return r.arrayBuffer();
}
