/**
 * Rendering stills and frame-exact sequences of an installation in headless Chromium, at any size.
 * `openStills` starts the site and the browser once; renderers per installation share them.
 *
 *   const r = await openStills({ installations: 'installations' });
 *   const harmonia = await r.installation('harmonia');
 *   await harmonia.drawFrame(12.5, 7680, 4320, 'poster.png');
 *   await r.close();
 */
import { launchBrowser, startDevSite, startDistSite, type GlMode, type StillsBrowser, type Site } from './browser.ts';
import { InstallationRenderer } from './session.ts';

export { launchBrowser, startDevSite, startDistSite, hasGpuDevice, type GlMode, type Site, type StillsBrowser } from './browser.ts';
export type { Stats, View } from '../../app/contract.ts';
export { InstallationRenderer, UnknownInstallation, stitch, MAX_REGION, type PieceOptions } from './session.ts';
export { renderSequence, shardRange, frameName, frameTime, type FrameRange, type Shard, type SequenceResult } from './sequence.ts';
export { planPieces, bloomMargin, bloomAlign, pieceView, drawOrder, type Piece, type PiecePlan, type Rect } from './pieces.ts';
export { PngWriter, isCompletePng, writeFileAtomic } from './png.ts';
export { Progress, formatDuration } from './progress.ts';
export { parseStillsArgs, UsageError, USAGE, DEFAULT_TIME, type StillsArgs } from './args.ts';
export { renderAudio, renderAudioOnPage, openAudioPage, AUDIO_CHUNK_SECONDS, type AudioRenderResult, type AudioRenderOptions } from './audio.ts';

export interface StillsContext {
  site: Site;
  browser: StillsBrowser;
  /** A renderer for one installation (throws UnknownInstallation listing the known ones). */
  installation(name: string, log?: (line: string) => void): Promise<InstallationRenderer>;
  close(): Promise<void>;
}

export interface OpenStillsOptions {
  /** Installations folder served by the dev server (default: the repository's installations/). */
  installations?: string | null;
  /** Serve this build instead of running the dev server. */
  dist?: string | null;
  gl?: GlMode;
  /** The page server's port on 127.0.0.1 (default 0: any free one). */
  port?: number;
}

export async function openStills(options: OpenStillsOptions = {}): Promise<StillsContext> {
  const port = options.port ?? 0;
  const site = options.dist ? await startDistSite(options.dist, port) : await startDevSite(options.installations ?? undefined, port);
  let browser: StillsBrowser;
  try {
    browser = await launchBrowser(options.gl ?? 'auto');
  } catch (e) {
    await site.close();
    throw e;
  }
  const renderers: InstallationRenderer[] = [];
  return {
    site,
    browser,
    async installation(name, log) {
      const r = await InstallationRenderer.open({ browser: browser.browser, site, installation: name, log });
      renderers.push(r);
      return r;
    },
    async close() {
      for (const r of renderers) await r.close().catch(() => {});
      await browser.browser.close();
      await site.close();
    },
  };
}
