/// <reference lib="webworker" />
// The pipeline worker: layout and encoding run here so a large mosaic never blocks a frame.
import { buildCellTable, transferables, type PipelineRequest } from './cells.ts';

self.onmessage = (e: MessageEvent<PipelineRequest & { id: number }>) => {
  const { id, ...request } = e.data;
  try {
    const response = buildCellTable(request);
    // The timeline may be a view into the bake buffer; transfer each buffer once.
    const buffers = new Set<ArrayBuffer>([response.bake, ...transferables(response.table)]);
    (self as unknown as Worker).postMessage({ id, ...response }, [...buffers]);
  } catch (err) {
    (self as unknown as Worker).postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
