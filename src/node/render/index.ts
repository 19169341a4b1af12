/**
 * Rendering stills and frame-exact sequences of an installation in headless Chromium, at any size.
 * `openRender` starts the site and the browser once; renderers per installation share them.
 *
 *   const r = await openRender({ installations: 'installations' });
 *   const harmonia = await r.installation('harmonia');
 *   await harmonia.drawFrame(12.5, 7680, 4320, 'poster.png');
 *   await r.close();
 */
import { launchBrowser, startDevSite, startDistSite, type GlMode, type RenderBrowser, type Site } from './browser.ts';
import { InstallationRenderer } from './session.ts';

export { launchBrowser, startDevSite, startDistSite, hasGpuDevice, type GlMode, type Site, type RenderBrowser } from './browser.ts';
export { InstallationRenderer, UnknownInstallation, stitch, MAX_REGION, type TileOptions } from './session.ts';
export { renderSequence, shardRange, frameName, frameTime, type FrameRange, type Shard, type SequenceResult } from './sequence.ts';
export { planTiles, bloomMargin, bloomAlign, tileView, drawOrder, type Tile, type TilePlan, type Rect } from './tiles.ts';
export { PngWriter, isCompletePng, writeFileAtomic } from './png.ts';
export { Progress, formatDuration } from './progress.ts';
export { parseRenderArgs, UsageError, USAGE, DEFAULT_TIME, type RenderArgs } from './args.ts';

export interface RenderContext {
  site: Site;
  browser: RenderBrowser;
  /** A renderer for one installation (throws UnknownInstallation listing the known ones). */
  installation(name: string, log?: (line: string) => void): Promise<InstallationRenderer>;
  close(): Promise<void>;
}

export interface OpenRenderOptions {
  /** Installations folder served by the dev server (default: the repository's installations/). */
  installations?: string | null;
  /** Serve this build instead of running the dev server. */
  dist?: string | null;
  gl?: GlMode;
}

export async function openRender(options: OpenRenderOptions = {}): Promise<RenderContext> {
  const site = options.dist ? await startDistSite(options.dist) : await startDevSite(options.installations ?? undefined);
  let browser: RenderBrowser;
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
