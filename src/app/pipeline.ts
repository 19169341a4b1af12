/**
 * Data to cells, off the main thread: the worker keeps the columns of the bake on screen (sent once,
 * when the bake arrives) and lays them out and encodes channels on request; typed arrays come back
 * as transferables, so the main thread never blocks on a large mosaic and the old mosaic keeps
 * animating until the new part is ready.
 */
import type { ChannelSpec } from '../encode/channels.ts';
import { columnBuffers, type BakeColumns } from '../encode/cellTable.ts';
import { pipelineWorker } from './prefetch.ts';
import { CellBuilder, type BuildProgress, type BuildResult, type LayoutRequest, type PipelineRequest, type PipelineResponse, type ProgressMessage } from './cells.ts';

let worker: Worker | null = null;
let local: CellBuilder | null = null;
let nextId = 1;
let nextKey = 1;
const pending = new Map<number, { resolve: (r: PipelineResponse) => void; reject: (e: Error) => void; progress: BuildProgress }>();

function getWorker(): Worker | null {
  if (worker) return worker;
  worker = pipelineWorker(); // started by the entry's first requests, or now
  if (!worker) return null;
  worker.onmessage = (e: MessageEvent<(PipelineResponse | ProgressMessage) & { id: number; error?: string }>) => {
    const p = pending.get(e.data.id);
    if (!p) return;
    if (e.data.type === 'progress') {
      p.progress(e.data.fraction, e.data.step);
      return;
    }
    pending.delete(e.data.id);
    if (e.data.error) p.reject(new Error(e.data.error));
    else p.resolve(e.data);
  };
  worker.onerror = (e) => {
    for (const p of pending.values()) p.reject(new Error(`pipeline worker: ${e.message}`));
    pending.clear();
  };
  return worker;
}

/** Starts the worker now (its module loads while the page fetches the bake), if there is none yet. */
export function startPipeline(): void {
  getWorker();
}

function send(request: PipelineRequest, transfer: ArrayBuffer[] = [], progress: BuildProgress = () => {}): Promise<PipelineResponse> {
  const w = getWorker();
  if (!w) {
    // Without workers (tests in Node): the same job here; a mask would need a decoder Node lacks.
    local ??= new CellBuilder(() => Promise.reject(new Error('layout.mask: no image decoder here (no worker)')));
    return local.handle(request, progress);
  }
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, progress });
    w.postMessage({ id, ...request }, transfer);
  });
}

/**
 * Hand the worker the columns of a new bake (transferred: pass a copy, see copyColumns); they stay
 * there until the next bake. Sent at once: `key` names them in builds asked for right away (the
 * worker takes messages in order), `loaded` resolves when the worker has them.
 */
export function loadColumns(columns: BakeColumns): { key: number; loaded: Promise<void> } {
  const key = nextKey++;
  return { key, loaded: send({ type: 'load', key, columns }, columnBuffers(columns)).then(() => {}) };
}

/**
 * Lay out the bake `key` again (when `layout` is given) and encode `channels`; `progress` hears how
 * far the layout has come. `adopt`: the bake's bytes and config are the ones the entry handed the
 * worker early (prefetch.ts), so its early build of them may answer, if it is this very request.
 */
export async function buildCells(key: number, layout: LayoutRequest | null, channels: Record<string, ChannelSpec>, progress?: BuildProgress, adopt = false): Promise<BuildResult> {
  // The mask's bytes are copied, not transferred: the controller keeps them for the next layout.
  const r = await send({ type: 'build', key, layout, channels, ...(adopt ? { adopt } : {}) }, [], progress);
  if (r.type !== 'built') throw new Error('pipeline: unexpected reply');
  return r;
}
