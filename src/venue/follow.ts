/**
 * An output following its venue server (`npx noctiluca venue`): started by venue mode when the URL
 * names the output (`&link=<id>`, which the server's /output/<id> adds). It
 * - says every BEAT_MS how the page is (fps, frame time, context losses, heap, quality, errors);
 * - applies the show state (src/venue/protocol.ts) the server pushes: installation (a page switch),
 *   preset (a config change through the controller), brightness and the scheduled fade (a black veil
 *   over the stage, or the installation's poster while closed), hold (the clock frozen at the frame of
 *   the hold's wall-clock instant), identify (the output's number and id), reload.
 * Every output computes what it shows from the same state at its own wall-clock time, so the outputs
 * of a wall change together and stay stitched. Plain DOM, no React: the page core is not touched.
 */
import type { Clock } from '../app/clock.ts';
import { applyPreset } from '../config/presets.ts';
import type { InstallationConfig } from '../config/index.ts';
import { onRelay, relay, VenueLink } from './link.ts';
import { BEAT_MS, BIRTH_MS, lightAt, rampAt, rampsMoving, type Beat, type PublicationMessage, type ShowState } from './protocol.ts';

export interface FollowHost {
  /** The output's id in the venue file. */
  link: string;
  /** The kiosk's launch token (`&launch=`), echoed in every beat. */
  launch: string | null;
  clock: Clock;
  /** The URL froze the clock (`?t=`): hold and release leave it alone. */
  frozenByUrl: boolean;
  /** The wall ("2x1") and this page's place on it; `refused`: why its URL's output is not drawn. */
  wall(): { wall: string; wallOutput: number; refused?: string | null };
  /** Context losses, recoveries, renderer rebuilds and the adaptive-quality step. */
  stage(): { losses: number; recoveries: number; rebuilds: number; qualityStep: number };
  /** The wall clock (ms since 1970): `?now=` pins it. */
  wallNow(): number;
  /** Puts the link's automation entry on `window.noctiluca`; returns its remover. */
  expose(api: VenueLinkAutomation): () => void;
}

const DARK_STYLE = 'position:fixed;inset:0;pointer-events:none;';

/** `window.noctiluca.venueLink`, for tests and tools: the link's state and its relay. */
export interface VenueLinkAutomation {
  connected(): boolean;
  /** The show state last received, or null. */
  show(): ShowState | null;
  /** When it arrived (ms since 1970, the page's clock). */
  receivedAt(): number | null;
  /** Light given now (brightness times the schedule), 0–1. */
  light(): number;
  relay: typeof relay;
  onRelay: typeof onRelay;
  /** The last publication this output loaded (residents' contributions), when it finished loading it, and its newborn cells. */
  publication(): { rev: number; cells: number; born: number[]; at: number; loadedAt: number } | null;
  /** The newborn cell lit now, or -1. */
  birth(): number;
}

declare module '../app/contract.ts' {
  interface Automation {
    /** An output following a venue server (src/venue/follow.ts). */
    venueLink?: VenueLinkAutomation;
  }
}

/** Starts following; returns the function that stops. */
export function followVenue(host: FollowHost): () => void {
  const page = window.noctiluca;
  const session = Math.random().toString(36).slice(2, 12);
  let show: ShowState | null = null;
  let lastError: string | null = null;
  let ready = false;
  let base: InstallationConfig | null = null;
  let appliedPreset = 'none';
  let held = false;
  let seenReload: number | null = null;
  let seenServer: string | null = null;
  let appliedRev = 0;

  // ---- the overlays: poster (while closed, if asked), black veil, identify label ----
  const poster = document.createElement('img');
  poster.className = 'venue-poster';
  poster.alt = '';
  poster.style.cssText = `${DARK_STYLE}width:100%;height:100%;object-fit:cover;opacity:0;z-index:40;`;
  poster.onerror = () => (poster.style.display = 'none'); // no poster in this build: black instead
  poster.onload = () => paint();
  const veil = document.createElement('div');
  veil.className = 'venue-veil';
  veil.style.cssText = `${DARK_STYLE}background:#000;opacity:0;z-index:41;`;
  const label = document.createElement('div');
  label.className = 'venue-identify';
  label.setAttribute('role', 'status');
  label.style.cssText = `${DARK_STYLE}display:none;align-items:center;justify-content:center;flex-direction:column;z-index:42;color:#fff;background:rgba(0,0,0,0.35);font:700 min(40vh,30vw)/1 system-ui,sans-serif;text-shadow:0 0 0.2em #0af;`;
  document.body.append(poster, veil, label);

  let frame = 0;
  let identifyTimer: ReturnType<typeof setTimeout> | null = null;
  const paint = () => {
    frame = 0;
    if (!show) return;
    const t = host.wallNow();
    const b = rampAt(show.brightness, t);
    const d = rampAt(show.dark, t);
    const usePoster = show.dark.poster && poster.style.display !== 'none' && poster.complete && poster.naturalWidth > 0;
    poster.style.opacity = usePoster ? String(d) : '0';
    veil.style.opacity = String(1 - (usePoster ? b : lightAt(show, t)));
    if (rampsMoving(show, t)) frame = requestAnimationFrame(paint);
  };

  const identify = () => {
    if (identifyTimer) clearTimeout(identifyTimer);
    const until = show?.identifyUntil ?? null;
    const left = until === null ? 0 : until - host.wallNow();
    if (left <= 0) {
      label.style.display = 'none';
      return;
    }
    const { wallOutput } = host.wall();
    const n = document.createElement('div');
    n.textContent = String(wallOutput);
    const id = document.createElement('div');
    id.textContent = host.link;
    id.style.fontSize = '0.25em';
    label.replaceChildren(n, id);
    label.style.display = 'flex';
    identifyTimer = setTimeout(identify, Math.min(left, 60_000));
  };

  // ---- the show state ----
  const applyTimeline = () => {
    if (!show || !ready || host.frozenByUrl) return;
    if (show.holdAt !== null) {
      // The frame of the hold's instant: exact on epoch-counting outputs, so a wall freezes on one frame.
      const epoch = host.clock.epoch();
      const t = epoch !== null ? (show.holdAt - epoch) / 1000 : host.clock.now() - (host.wallNow() - show.holdAt) / 1000;
      page.setTime(t);
      held = true;
    } else if (held) {
      page.setTime(null); // back to the live timeline: the frame of the moment, as if never held
      held = false;
    }
  };

  /** Puts the show's preset (or none) on the installation's config; resolves to whether it is in place. */
  const applyPresetNow = async (): Promise<boolean> => {
    if (!show || !ready) return false;
    const key = show.preset ? JSON.stringify(show.preset) : 'none';
    if (key === appliedPreset) return true;
    const controller = page.controller;
    base ??= controller.state.config;
    if (!base) return false;
    appliedPreset = key;
    const file = show.preset ? `installations/${show.installation}/presets/${show.preset.name}.json` : 'installation.json';
    const r = show.preset ? applyPreset(base, { name: show.preset.name, description: '', values: show.preset.values }, file) : { config: base, errors: [], missing: [] };
    if (!r.config) {
      lastError = r.errors.join('; ');
      return true; // refused, and said so: the last good look keeps playing
    }
    if (r.missing.length) lastError = `${file}: no place for ${r.missing.join(', ')} in this config; skipped`;
    await controller.applyConfig(r.config).catch((e: unknown) => (lastError = e instanceof Error ? e.message : String(e)));
    return true;
  };

  let receivedAt: number | null = null;
  const onShow = (next: ShowState) => {
    receivedAt = Date.now();
    if (next.installation !== page.stats().installation) {
      const url = new URL(location.href);
      url.searchParams.set('installation', next.installation);
      location.replace(url);
      return;
    }
    if (seenServer !== next.server) {
      // First contact, or a restarted server: its reload counter is a new one, not a request.
      seenServer = next.server;
      seenReload = next.reload;
    } else if (next.reload !== seenReload) {
      location.reload();
      return;
    }
    show = next;
    if (next.dark.poster && poster.dataset.installation !== next.installation) {
      poster.dataset.installation = next.installation;
      poster.style.display = '';
      poster.src = `${import.meta.env.BASE_URL}installations/${next.installation}/poster.png`;
    }
    if (frame) cancelAnimationFrame(frame);
    paint();
    identify();
    applyTimeline();
    // The revision is reported once all of it shows (a preset that rebuilds the cells takes a moment).
    void applyPresetNow().then((done) => {
      if (done && show === next) appliedRev = next.rev;
    });
  };

  void page.ready.then(() => {
    ready = true;
    if (show) onShow(show);
  }).catch(() => {});

  // ---- publications: a new artefact (residents' contributions) loads in place; newborn cells shine ----
  // Cell born[i] shines from at + i·BIRTH_MS for BIRTH_MS, on the wall clock: every output of a wall together.
  let seenPublication: number | null = null;
  let loaded: { rev: number; cells: number; born: number[]; at: number; loadedAt: number } | null = null;
  let birthTimer: ReturnType<typeof setTimeout> | null = null;
  let lit = -1;
  const births = () => {
    if (birthTimer) clearTimeout(birthTimer);
    birthTimer = null;
    const p = loaded;
    const gpu = page.controller.state.gpu;
    if (!p || !gpu) return;
    const k = Math.floor((host.wallNow() - p.at) / BIRTH_MS);
    const cell = k >= 0 && k < p.born.length ? p.born[k] : -1;
    if (cell !== lit) gpu.setHighlight(cell), (lit = cell);
    if (k < p.born.length) birthTimer = setTimeout(births, Math.max(50, p.at + (Math.max(0, k) + 1) * BIRTH_MS - host.wallNow()));
  };
  const onPublication = (p: PublicationMessage) => {
    if (p.installation !== page.stats().installation || p.rev === seenPublication) return;
    const first = seenPublication === null;
    seenPublication = p.rev;
    // On connect the server says what it published last: a page loaded after it has it already.
    if (first && p.at < performance.timeOrigin) return;
    void page.ready
      // The config on screen (with the show's preset) over the new artefact: only the data changes.
      .then(() => page.controller.applyConfig(page.controller.state.config!, { dataChanged: true }))
      .then(() => {
        if (seenPublication !== p.rev) return;
        loaded = { rev: p.rev, cells: p.cells, born: p.born, at: p.at, loadedAt: Date.now() };
        lit = -1;
        births();
      })
      .catch((e: unknown) => (lastError = `publication ${p.rev}: ${e instanceof Error ? e.message : String(e)}`));
  };

  const link = new VenueLink(host.link, onShow);
  link.onPublication = onPublication;
  const unexpose = host.expose({
    connected: () => link.connected,
    show: () => show,
    receivedAt: () => receivedAt,
    light: () => (show ? lightAt(show, host.wallNow()) : 1),
    relay,
    onRelay,
    publication: () => loaded,
    birth: () => lit,
  });

  // ---- heartbeats ----
  const onError = (e: ErrorEvent) => (lastError = e.message || String(e.error));
  const onRejection = (e: PromiseRejectionEvent) => (lastError = e.reason instanceof Error ? e.reason.message : String(e.reason));
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  let frames = page.stats().frames;
  let at = performance.now();
  const beat = () => {
    const s = page.stats();
    const now = performance.now();
    const df = s.frames - frames;
    const dt = now - at;
    frames = s.frames;
    at = now;
    const stage = host.stage();
    const state = document.documentElement.dataset.state;
    const where = host.wall();
    const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    const b: Beat = {
      type: 'beat',
      session,
      launch: host.launch,
      installation: s.installation,
      state: state === 'ready' || state === 'error' ? state : 'loading',
      fps: dt > 0 ? Math.round(((df * 1000) / dt) * 10) / 10 : 0,
      frameMs: df > 0 ? Math.round((dt / df) * 100) / 100 : null,
      losses: stage.losses,
      recoveries: stage.recoveries,
      rebuilds: stage.rebuilds,
      heapBytes: memory?.usedJSHeapSize ?? null,
      qualityStep: stage.qualityStep,
      uptimeSeconds: Math.round(now / 100) / 10,
      lastError: lastError ?? where.refused ?? (state === 'error' ? (page.controller.state.failure?.title ?? 'error') : null),
      wall: where.wall,
      wallOutput: where.wallOutput,
      rev: appliedRev,
      level: show ? Math.round(lightAt(show, host.wallNow()) * 1000) / 1000 : 1,
      held,
      preset: show?.preset?.name ?? null,
    };
    link.send(b);
  };
  const beater = setInterval(beat, BEAT_MS);

  return () => {
    clearInterval(beater);
    if (birthTimer) clearTimeout(birthTimer);
    if (frame) cancelAnimationFrame(frame);
    if (identifyTimer) clearTimeout(identifyTimer);
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    link.close();
    unexpose();
    poster.remove();
    veil.remove();
    label.remove();
  };
}
