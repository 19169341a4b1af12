/**
 * Data to cells, off the main thread: the baked mosaic goes to a worker, which lays it out and
 * encodes the attribute table; typed arrays come back as transferables, so the main thread never
 * blocks on a large mosaic and the old mosaic keeps animating until the new table is ready.
 */
import type { EncodingSpec, CellTable } from '../encode/cellTable.ts';
import type { LayoutOptions } from '../layout/layout.ts';
import { buildCellTable, type PipelineRequest, type PipelineResponse } from './cells.ts';

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, { resolve: (r: PipelineResponse) => void; reject: (e: Error) => void }>();

function getWorker(): Worker | null {
  if (worker) return worker;
  if (typeof Worker === 'undefined') return null;
  worker = new Worker(new URL('./pipeline.worker.ts', import.meta.url), { type: 'module', name: 'noctiluca-pipeline' });
  worker.onmessage = (e: MessageEvent<PipelineResponse & { id: number; error?: string }>) => {
    const p = pending.get(e.data.id);
    if (!p) return;
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

/**
 * Lay out and encode `bake` (an encoded artefact buffer). The buffer is transferred to the worker
 * and handed back in the response (as `bake`), so it is never copied.
 */
export function buildCells(bake: ArrayBuffer, layout: LayoutOptions & { groupBy: string | null }, encoding: EncodingSpec): Promise<PipelineResponse> {
  const request: PipelineRequest = { bake, layout, encoding };
  const w = getWorker();
  if (!w) return Promise.resolve(buildCellTable(request));
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.postMessage({ id, ...request }, [bake]);
  });
}

export type { CellTable };
