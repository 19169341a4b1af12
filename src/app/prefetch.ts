/**
 * The first load's requests, sent as early as the page knows the installation's name: from the
 * entry (src/main.ts), before the mode's modules (React, three, the page core) have loaded, or from
 * view mode's living mosaic before its chunk loads. The page core's fetches (fetchInstallation.ts)
 * take each early response once, so index, config and bake travel while the modules load and
 * parse, not after. The pipeline worker (src/app/pipeline.worker.ts) is started then too, so its
 * module has loaded by the time the page core hands it the bake. No imports but bakeUrl.ts: view
 * mode's first bundle carries it.
 */
import { bakeUrl } from './bakeUrl.ts';

const early = new Map<string, Promise<Response>>();

const base = () => import.meta.env.BASE_URL.replace(/\/?$/, '/');

/** The URLs the page core reads first (fetchIndex, fetchConfig, fetchBake), with their request options. */
export function firstRequests(name: string, search: string = location.search): [string, RequestInit][] {
  return [
    [`${base()}installations/index.json`, {}],
    [`${base()}installations/${encodeURIComponent(name)}/installation.json`, { cache: 'no-store' }],
    [bakeUrl(name, search), { cache: 'no-store' }],
  ];
}

let worker: Worker | null = null;

/** The page's one pipeline worker (src/app/pipeline.ts talks to it), started on first call; null without workers. */
export function pipelineWorker(): Worker | null {
  if (worker || typeof Worker === 'undefined') return worker;
  worker = new Worker(new URL('./pipeline.worker.ts', import.meta.url), { type: 'module', name: 'noctiluca-pipeline' });
  return worker;
}

/** Sends the first load's requests now (once per URL until taken), and starts the pipeline worker. */
export function prefetchInstallation(name: string): void {
  pipelineWorker();
  if (typeof fetch !== 'function') return;
  for (const [url, init] of firstRequests(name)) {
    if (early.has(url)) continue;
    const response = fetch(url, init);
    response.catch(() => {}); // a failure is reported by the fetch that takes it
    early.set(url, response);
  }
}

/** The early response for `url` if one was sent (taken: a later fetch asks again), else a new fetch. */
export function fetchEarly(url: string, init: RequestInit = {}): Promise<Response> {
  const response = early.get(url);
  if (!response) return fetch(url, init);
  early.delete(url);
  return response;
}
