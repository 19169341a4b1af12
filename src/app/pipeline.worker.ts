/// <reference lib="webworker" />
// The pipeline worker: layout and encoding run here so a large mosaic never blocks a frame.
import { buildTileTable, transferables, type PipelineRequest } from './tiles.ts';

self.onmessage = (e: MessageEvent<PipelineRequest & { id: number }>) => {
  const { id, ...request } = e.data;
  try {
    const response = buildTileTable(request);
    // The timeline may be a view into the bake buffer; transfer each buffer once.
    const buffers = new Set<ArrayBuffer>([response.bake, ...transferables(response.table)]);
    (self as unknown as Worker).postMessage({ id, ...response }, [...buffers]);
  } catch (err) {
    (self as unknown as Worker).postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
