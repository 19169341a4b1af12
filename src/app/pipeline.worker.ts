/// <reference lib="webworker" />
// The pipeline worker: layout and encoding run here so a large mosaic never blocks a frame. It
// keeps the bake's columns between requests (src/app/cells.ts).
import { CellBuilder, transferables, type PipelineRequest } from './cells.ts';

const builder = new CellBuilder();

self.onmessage = (e: MessageEvent<PipelineRequest & { id: number }>) => {
  const { id, ...request } = e.data;
  try {
    const response = builder.handle(request as PipelineRequest);
    (self as unknown as Worker).postMessage({ id, ...response }, transferables(response));
  } catch (err) {
    (self as unknown as Worker).postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
