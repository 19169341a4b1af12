/**
 * The first load's requests, sent as early as the page knows the installation's name: from the
 * entry (src/main.ts), before the mode's modules (React, three, the page core) have loaded, or from
 * view mode's living mosaic before its chunk loads. The page core's fetches (fetchInstallation.ts)
 * take each early response once, so index, config and bake travel while the modules load and
 * parse, not after. The pipeline worker (src/app/pipeline.worker.ts) is started then too, so its
 * module has loaded by the time the page core hands it the bake; given the output's aspect, the
 * entry hands it the config and the bake as they arrive, and it lays the first mosaic out at once
 * (src/app/speculation.ts), on the core the page's module parsing leaves free. No imports but
 * bakeUrl.ts: view mode's first bundle carries it.
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

/** The early config and bake responses whose bodies went to the worker's early build, and which of them the page core took. */
let speculated: { responses: Promise<Response>[]; taken: Set<Promise<Response>> } | null = null;

/**
 * Sends the first load's requests now (once per URL until taken), and starts the pipeline worker.
 * With `aspect` (the output's width / height, as the page core's controller starts with), the worker
 * gets the config's text and the bake's bytes as soon as they arrive and lays the mosaic out early.
 */
export function prefetchInstallation(name: string, aspect: number | null = null): void {
  const w = pipelineWorker();
  if (typeof fetch !== 'function') return;
  const requests = firstRequests(name);
  const speculate = w !== null && aspect !== null && aspect > 0 && !speculated && requests.every(([url]) => !early.has(url));
  const clones: Promise<Response>[] = [];
  requests.forEach(([url, init], k) => {
    if (early.has(url)) return;
    let response = fetch(url, init);
    if (speculate && k > 0) {
      // The config's and the bake's bodies are teed at once: the page core reads the response, the worker the clone's.
      const teed = response.then((r) => [r, r.ok ? r.clone() : null] as const);
      response = teed.then(([r]) => r);
      clones.push(teed.then(([, c]) => c ?? Promise.reject(new Error(`${url}: not ok`))));
    }
    response.catch(() => {}); // a failure is reported by the fetch that takes it
    early.set(url, response);
  });
  if (!speculate || !w) return;
  speculated = { responses: requests.slice(1).map(([url]) => early.get(url)!), taken: new Set() };
  // The bodies go to the worker as streams, read there as they arrive (not when this thread, busy
  // with the page's modules, gets to them); where streams cannot be transferred, as their contents.
  Promise.all(clones)
    .then(([config, bake]) => {
      try {
        w.postMessage({ type: 'speculate', name, config: config.body, bake: bake.body, aspect }, [config.body!, bake.body!]);
      } catch {
        return Promise.all([config.text(), bake.arrayBuffer()]).then(([text, bytes]) => w.postMessage({ type: 'speculate', name, config: text, bake: bytes, aspect }, [bytes]));
      }
    })
    .catch(() => {}); // no early build: the page core's is the only one
}

/** The early response for `url` if one was sent (taken: a later fetch asks again), else a new fetch. */
export function fetchEarly(url: string, init: RequestInit = {}): Promise<Response> {
  const response = early.get(url);
  if (!response) return fetch(url, init);
  early.delete(url);
  speculated?.taken.add(response);
  return response;
}

/**
 * Whether the bake being built first came from the very responses the worker's early build read
 * (the page core took both the early config and the early bake): then that build may answer. Asked
 * once, by the first build; false ever after.
 */
export function takeSpeculation(): boolean {
  const s = speculated;
  speculated = null;
  return s !== null && s.responses.every((r) => s.taken.has(r));
}
