/**
 * The living mosaic for view mode, loaded with a dynamic import once the first screen (poster,
 * description) is up: React, three, r3f and the post-processing chain arrive here, not in the entry.
 * It mounts the page core (src/app/App.tsx), sets its camera view offset for pan and zoom, and reports
 * failures (no context, a render error) so the viewer can fall back to the poster.
 */
import { Component, useCallback, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, type StageHandle } from '../app/App.tsx';
import type { PageParams } from '../app/params.ts';
import { useAdaptiveQuality } from '../app/parts/adaptiveQuality.tsx';
import type { PagePart } from '../app/parts/part.ts';
import type { View } from '../app/contract.ts';
import { soundPart } from '../sound/page.ts';

export interface MosaicHandle {
  /** Set the camera view offset (pan and zoom), or null for the whole mosaic. */
  setView(view: View | null): void;
  unmount(): void;
}

class Boundary extends Component<{ onFail: (e: unknown) => void; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: unknown) {
    this.props.onFail(error);
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}

/**
 * Slow devices lower the resolution and the bloom while frames are slow (the viewer's own reduced
 * motion is the shell's); the sound waits for the resident's Listen (src/sound/viewer.ts).
 */
const PARTS: PagePart[] = [useAdaptiveQuality, soundPart('asked')];

function ViewerStage(props: { params: PageParams; onStage: (s: StageHandle) => void }) {
  const onStage = useCallback((s: StageHandle) => props.onStage(s), []); // eslint-disable-line react-hooks/exhaustive-deps
  return <App params={props.params} parts={PARTS} onStage={onStage} />;
}

export function mountMosaic(
  container: HTMLElement,
  params: PageParams,
  events: { onStage: (s: StageHandle) => void; onFail: (e: unknown) => void },
): MosaicHandle {
  const root = createRoot(container);
  root.render(
    <Boundary onFail={events.onFail}>
      <ViewerStage params={params} onStage={events.onStage} />
    </Boundary>,
  );
  // The app's camera view offset is set through its automation surface (the same path walls use).
  return { setView: (v) => window.noctiluca?.setView(v), unmount: () => root.unmount() };
}
