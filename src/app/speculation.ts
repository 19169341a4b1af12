/**
 * The first layout, started before the page core asks for it. The entry (src/app/prefetch.ts) hands
 * the pipeline worker the config's text and the bake's bytes as they arrive, with the output's
 * aspect, while the page's modules still load and parse (a core the layout had to itself), and the
 * worker builds what the page core's first build will ask for (src/app/requests.ts: the same
 * functions). The page core's first build says it comes from those very bytes (`adopt`); it is
 * answered with the early build only when its request is the one the early build made (layout and
 * channel specs alike), else built as always. Either way the answer is the same function of the
 * same inputs: only when it is computed changes. No early build for a layout that reads a mask
 * image (its bytes come later) or a config that does not validate (the page core says why).
 * Of the bake's body it reads only the columns, which come first in the file (src/bake/codec.ts),
 * and lets the rest go: at 1M journeys the layout starts after ~20 of 189 MB.
 */
import { decodeBake, readBakeColumns } from '../bake/codec.ts';
import { parseInstallationConfig } from '../config/index.ts';
import { CellBuilder, type MaskDecoder, type PipelineRequest, type PipelineResponse } from './cells.ts';
import { channelSpecs, gpuChannels, layoutRequest, readsMask } from './requests.ts';

/** The entry's message to the worker (no id: nothing is answered). */
export interface SpeculateMessage {
  type: 'speculate';
  name: string;
  /** installation.json as fetched: its body (a transferred stream, read here) or its text. */
  config: ReadableStream<Uint8Array> | string;
  /** mosaic.bin as fetched: its body (a transferred stream) or its bytes (transferred). */
  bake: ReadableStream<Uint8Array> | ArrayBuffer;
  /** The output's aspect (width / height), as the page core's controller starts with. */
  aspect: number;
}

type BuildRequest = Extract<PipelineRequest, { type: 'build' }>;

export class Speculation {
  private early: { request: string; response: Promise<PipelineResponse | null> } | null = null;
  private started = false;
  /** Once the page core has spoken, an early build not begun is not: it would only hold the worker up. */
  private closed = false;

  constructor(private readonly decodeMask: MaskDecoder) {}

  /** Reads the bodies, then builds (laid out here and now: the worker answers nothing else meanwhile). */
  async start(m: SpeculateMessage): Promise<void> {
    if (this.closed || this.started) return;
    this.started = true;
    try {
      const [text, bake] = await Promise.all([
        typeof m.config === 'string' ? m.config : new Response(m.config).text(),
        m.bake instanceof ArrayBuffer ? decodeBake(m.bake) : readBakeColumns(m.bake),
      ]);
      if (this.closed) return;
      const parsed = parseInstallationConfig(text, `installations/${m.name}/installation.json`);
      const config = parsed.config;
      if (!config || readsMask(config)) return;
      const layout = layoutRequest(config, m.aspect, null);
      const channels = channelSpecs(config, gpuChannels());
      const builder = new CellBuilder(this.decodeMask);
      void builder.handle({ type: 'load', key: 0, columns: bake });
      const response = builder.handle({ type: 'build', key: 0, layout, channels }).catch(() => null);
      this.early = { request: same({ layout, channels }), response };
    } catch {
      // A bake or config the page core will fail on, and report.
    }
  }

  /**
   * The page core's request (any: the first closes the door on early messages): the early build's
   * answer when this build adopts it and asks exactly what it was made for, else null.
   */
  async answer(req: PipelineRequest): Promise<PipelineResponse | null> {
    this.closed = true;
    if (req.type !== 'build' || !req.adopt || !this.early) return null;
    const early = this.early;
    this.early = null;
    return early.request === same({ layout: req.layout, channels: req.channels }) ? early.response : null;
  }
}

/** A request as compared: its JSON (plain data; the mask's bytes are null in either). */
function same(r: Pick<BuildRequest, 'layout' | 'channels'>): string {
  return JSON.stringify(r);
}
