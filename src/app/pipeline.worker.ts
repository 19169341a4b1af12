/// <reference lib="webworker" />
// The pipeline worker: layout and encoding run here so a large mosaic never blocks a frame. It
// keeps the bake's columns between requests (src/app/cells.ts), decodes the mask image itself, and
// tells the page how far a layout has come while it works. The first layout may start before the
// page core asks for it (src/app/speculation.ts).
import { decodeMaskInBrowser } from './maskImage.ts';
import { CellBuilder, transferables, type PipelineRequest, type ProgressMessage } from './cells.ts';
import { Speculation, type SpeculateMessage } from './speculation.ts';

const builder = new CellBuilder(decodeMaskInBrowser);
const speculation = new Speculation(decodeMaskInBrowser);
const post = (message: unknown, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

self.onmessage = async (e: MessageEvent<(PipelineRequest & { id: number }) | SpeculateMessage>) => {
  if (e.data.type === 'speculate') {
    void speculation.start(e.data);
    return;
  }
  const { id, ...request } = e.data;
  // At most a message every 1% of the work: the page redraws its progress line, nothing more.
  let last = -1;
  const progress = (fraction: number, step: string) => {
    if (fraction - last < 0.01 && fraction < 1) return;
    last = fraction;
    post({ id, type: 'progress', fraction, step } satisfies ProgressMessage & { id: number });
  };
  try {
    const early = await speculation.answer(request as PipelineRequest);
    const response = early?.type === 'built' ? { ...early, early: true } : await builder.handle(request as PipelineRequest, progress);
    post({ id, ...response }, transferables(response));
  } catch (err) {
    post({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
