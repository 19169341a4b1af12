/**
 * What the viewer's first screen fetches, without the config schema (zod stays out of view mode's
 * first bundle): the installation list, the raw installation.json for its title, description and
 * encoding, and the baked mosaic for the description and the cards. The mosaic module validates the
 * config properly when it loads (src/app/controller.ts).
 */
import type { BakedMosaic } from '../bake/artefact.ts';
import { decodeBake } from '../bake/codec.ts';
import type { DescribedConfig } from './describe.ts';

export interface InstallationEntry {
  name: string;
  title: string;
  description: string;
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

export async function fetchInstallations(): Promise<InstallationEntry[]> {
  const r = await fetch(`${base()}installations/index.json`);
  if (!r.ok) throw new ViewerLoadError(`installations/index.json: HTTP ${r.status}`);
  return (await r.json()) as InstallationEntry[];
}

export async function fetchRawInstallation(name: string): Promise<RawInstallation> {
  const file = `installations/${name}/installation.json`;
  const r = await fetch(fileUrl(name, 'installation.json'));
  if (r.status === 404) throw new ViewerLoadError(`There is no installation named "${name}".`);
  if (!r.ok) throw new ViewerLoadError(`${file}: HTTP ${r.status}`);
  try {
    return (await r.json()) as RawInstallation;
  } catch {
    throw new ViewerLoadError(`${file} is not valid JSON.`);
  }
}

export async function fetchBakedMosaic(name: string): Promise<BakedMosaic> {
  const r = await fetch(fileUrl(name, 'mosaic.bin'));
  if (!r.ok) throw new ViewerLoadError(`installations/${name}/mosaic.bin: HTTP ${r.status}`);
  return decodeBake(await r.arrayBuffer());
}
