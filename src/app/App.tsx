/**
 * The page: loads an installation (config + baked mosaic), builds the tiles in a worker, and shows
 * them on the stage, with a message area for what the data or config said. React holds only what a
 * person changes and the current GPU mosaic object; per-tile data lives in typed arrays on the GPU.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { decodeBake } from '../bake/codec.ts';
import type { BakedMosaic } from '../bake/artefact.ts';
import type { InstallationConfig } from '../config/index.ts';
import { MosaicGPU } from '../render/mosaic.ts';
import { DEFAULT_POST } from '../render/post.ts';
import { installAutomation, type Stats } from './automation.ts';
import { createClock } from './clock.ts';
import { fetchBake, fetchConfig, LoadError, requireKnown } from './fetchInstallation.ts';
import type { PageParams } from './params.ts';
import { buildTiles } from './pipeline.ts';
import { encodingSpec, layoutOptions, mosaicLook, postLook } from './settings.ts';
import { Stage, type FrameInfo } from './Stage.tsx';

interface Shown {
  gpu: MosaicGPU;
  config: InstallationConfig;
  bake: BakedMosaic;
}

interface Failure {
  title: string;
  lines: string[];
  links: { href: string; text: string }[];
}

export function App({ params }: { params: PageParams }) {
  const clock = useMemo(() => createClock(params.time), [params.time]);
  const [frozen, setFrozen] = useState(params.time);
  const [shown, setShown] = useState<Shown | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [messages, setMessages] = useState<string[]>([]);
  const invalidateRef = useRef<() => void>(() => {});
  const frame = useRef<FrameInfo & { frames: number }>({
    drawCalls: 0,
    sceneDrawCalls: 0,
    triangles: 0,
    geometries: 0,
    textures: 0,
    programs: 0,
    frames: 0,
  });
  const shownRef = useRef<Shown | null>(null);
  shownRef.current = shown;
  const messagesRef = useRef<string[]>([]);
  messagesRef.current = messages;

  const automation = useMemo(
    () =>
      installAutomation({
        stats: (): Stats => {
          const s = shownRef.current;
          const f = frame.current;
          return {
            installation: params.installation,
            tiles: s ? s.gpu.mesh.geometry.instanceCount : 0,
            drawCalls: f.drawCalls,
            sceneDrawCalls: f.sceneDrawCalls,
            triangles: f.triangles,
            geometries: f.geometries,
            textures: f.textures,
            programs: f.programs,
            frames: f.frames,
            gpuBytes: s ? s.gpu.gpuBytes() : 0,
            rowsSkipped: s ? s.bake.report.rowsSkipped : 0,
            dataSummary: s ? s.bake.report.summary : '',
            warnings: messagesRef.current,
            time: clock.now(),
          };
        },
        setTime: (seconds) => {
          clock.set(seconds);
          setFrozen(seconds);
          invalidateRef.current();
        },
      }),
    [clock, params.installation],
  );

  // Load: index check → config → bake → tiles (worker) → GPU.
  useEffect(() => {
    let cancelled = false;
    (async () => {
      await requireKnown(params.installation);
      const { config, warnings } = await fetchConfig(params.installation);
      const buffer = await fetchBake(params.installation);
      const { table, bake: returned } = await buildTiles(
        buffer,
        { ...layoutOptions(config), groupBy: config.layout.groupBy },
        encodingSpec(config),
      );
      if (cancelled) return;
      const bake = decodeBake(returned);
      const gpu = new MosaicGPU(table, mosaicLook(config));
      document.title = `${config.title} — Noctiluca`;
      // Only what a person should act on reaches the message area; the rest is in stats() and the console.
      if (bake.report.warnings.length) console.info(`[noctiluca] ${bake.report.summary}`);
      setMessages([
        ...(bake.report.rowsSkipped > 0 ? [bake.report.summary] : []),
        ...table.warnings,
        ...warnings.map((w) => w.text),
      ]);
      setShown((old) => {
        if (old) queueMicrotask(() => old.gpu.dispose()); // after the new mosaic is in the scene
        return { gpu, config, bake };
      });
    })().catch((err: unknown) => {
      if (cancelled) return;
      const f =
        err instanceof LoadError
          ? { title: err.title, lines: err.lines, links: err.links }
          : { title: 'Something went wrong', lines: [err instanceof Error ? err.message : String(err)], links: [] };
      setFailure(f);
      automation.markError(`${f.title}: ${f.lines.join(' ')}`);
    });
    return () => {
      cancelled = true;
    };
  }, [params.installation, automation]);

  const readyMarked = useRef(false);
  const onFrame = useCallback(
    (info: FrameInfo) => {
      Object.assign(frame.current, info);
      frame.current.frames++;
      if (!readyMarked.current) {
        readyMarked.current = true;
        // The frame is presented at the next animation frame; only then is the page "ready".
        requestAnimationFrame(() => requestAnimationFrame(() => automation.markReady()));
      }
    },
    [automation],
  );

  const post = useMemo(() => (shown ? postLook(shown.config) : DEFAULT_POST), [shown]);
  const dpr = useMemo<[number, number]>(
    () => (shown ? [shown.config.display.dpr.min, shown.config.display.dpr.max] : [1, 2]),
    [shown],
  );
  void frozen;

  return (
    <>
      <Stage
        gpu={shown?.gpu ?? null}
        post={post}
        postMode={params.post}
        view={params.view}
        clock={clock}
        speed={shown?.config.motion.speed ?? 1}
        dpr={dpr}
        onFrame={onFrame}
        invalidateRef={invalidateRef}
      />
      {failure && (
        <div className="overlay" role="alert">
          <h1>{failure.title}</h1>
          {failure.lines.map((l, k) => (
            <p key={k}>{l}</p>
          ))}
          {failure.links.length > 0 && (
            <ul>
              {failure.links.map((l) => (
                <li key={l.href}>
                  <a href={l.href}>{l.text}</a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {messages.length > 0 && (
        <div className="messages" role="status" aria-live="polite">
          {messages.map((m, k) => (
            <p key={k}>{m}</p>
          ))}
        </div>
      )}
    </>
  );
}
