/**
 * What the viewer's first screen fetches, without the config schema (zod stays out of view mode's
 * first bundle): the installation list, the raw installation.json for its title, description and
 * encoding, and the baked mosaic for the description and the cards. The mosaic module validates the
 * config properly when it loads (src/app/controller.ts).
 */
import type { BakedMosaic } from '../bake/artefact.ts';
import { decodeBake } from '../bake/codec.ts';
import { bakeUrl } from '../app/bakeUrl.ts';
import type { DescribedConfig } from './describe.ts';

export interface InstallationEntry {
  name: string;
  title: string;
  description: string;
  /** Listed in the residents' gallery; an index from an older build has no such field (listed). */
  gallery?: boolean;
}

/** The raw installation.json fields the first screen reads; anything else is left to the schema. */
export interface RawInstallation extends DescribedConfig {
  title?: string;
  description?: string;
  credits?: string;
  motion?: DescribedConfig['motion'] & { reducedMotion?: 'respect' | 'always' | 'never' };
}

const base = () => import.meta.env.BASE_URL.replace(/\/?$/, '/');

/** URL of a file of an installation's folder in the site (or the dev server). */
export const fileUrl = (name: string, file: string) => `${base()}installations/${encodeURIComponent(name)}/${file}`;

/** A failure the viewer shows as a message (never a stack trace). */
export class ViewerLoadError extends Error {}

/** The site has no installation of that name: the viewer shows its "no such installation" page. */
export class NoSuchInstallation extends ViewerLoadError {
  constructor(
    readonly installation: string,
    /** The installations the gallery lists, to offer instead. */
    readonly listed: InstallationEntry[],
  ) {
    super(`There is no installation named "${installation}".`);
  }
}

/** Whether an index entry is shown to residents in the gallery. */
export const listedInGallery = (i: InstallationEntry) => i.gallery !== false;

export async function fetchInstallations(): Promise<InstallationEntry[]> {
  const r = await fetch(`${base()}installations/index.json`);
  if (!r.ok) throw new ViewerLoadError(`installations/index.json: HTTP ${r.status}`);
  return (await r.json()) as InstallationEntry[];
}

/**
 * Throws NoSuchInstallation when the site's index does not list `name`, else `otherwise`. A static
 * host answers an unknown path with a 404 or with the site's index.html (a single-page fallback), so
 * a config that is missing or is not JSON is checked against the index before it is called broken.
 */
async function missingOr(name: string, otherwise: ViewerLoadError): Promise<never> {
  const index = await fetchInstallations().catch(() => null);
  if (index && !index.some((i) => i.name === name)) throw new NoSuchInstallation(name, index.filter(listedInGallery));
  throw otherwise;
}

export async function fetchRawInstallation(name: string): Promise<RawInstallation> {
  const file = `installations/${name}/installation.json`;
  const r = await fetch(fileUrl(name, 'installation.json'));
  if (r.status === 404) return missingOr(name, new NoSuchInstallation(name, []));
  if (!r.ok) return missingOr(name, new ViewerLoadError(`${file}: HTTP ${r.status}`));
  const text = await r.text();
  try {
    return JSON.parse(text) as RawInstallation;
  } catch {
    return missingOr(name, new ViewerLoadError(`${file} is not valid JSON.`));
  }
}

export async function fetchBakedMosaic(name: string): Promise<BakedMosaic> {
  const r = await fetch(bakeUrl(name));
  if (!r.ok) throw new ViewerLoadError(`installations/${name}/mosaic.bin: HTTP ${r.status}`);
  return decodeBake(await r.arrayBuffer());
}
