/** The tuning panel's routes: save the tuned config, list and save presets (src/node/saveConfig.ts does the writing). */
import { listPresets, saveInstallationConfig, savePreset, type SaveResult } from '../saveConfig.ts';
import type { Answer, Route } from './index.ts';
import { RouteError } from './http.ts';

/** A save's result as a reply: 200 when written (or unchanged), 422 with the messages when refused. */
export function saved(result: SaveResult, extra: Record<string, unknown> = {}): Answer {
  return result.ok ? { json: { ...result, ...extra } } : { status: 422, json: result };
}

export function studioRoutes(root: string, known: () => string[]): Route[] {
  const installation = (name: string) => {
    if (!known().includes(name)) throw new RouteError(404, [`no installation named "${name}"`]);
    return name;
  };
  return [
    {
      method: 'POST',
      path: /^\/__noctiluca\/save\/([a-z0-9][a-z0-9-]*)$/,
      changes: true,
      handle: async ({ params, body }) => saved(await saveInstallationConfig(root, installation(params[0]), await body())),
    },
    {
      method: 'GET',
      path: /^\/__noctiluca\/presets\/([a-z0-9][a-z0-9-]*)$/,
      changes: false,
      handle: async ({ params }) => ({ json: { ok: true, ...(await listPresets(root, installation(params[0]))) } }),
    },
    {
      method: 'POST',
      path: /^\/__noctiluca\/presets\/([a-z0-9][a-z0-9-]*)\/([^/]+)$/,
      changes: true,
      handle: async ({ params, body }) => saved(await savePreset(root, installation(params[0]), params[1], await body())),
    },
  ];
}
