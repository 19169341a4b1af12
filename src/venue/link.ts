/**
 * An output page's WebSocket to the venue server (src/venue/protocol.ts): reconnects with back-off
 * for as long as the page lives, so a restarted server finds every output again within seconds.
 *
 * Extension point: other page code talks to the other outputs of the venue through the live link,
 * without knowing about sockets (visitor stirring from the output that owns a camera, issue 15):
 *
 *   import { relay, onRelay } from '../venue/link.ts';
 *   onRelay('stir', (data, from) => applyDisturbance(data));   // on every output
 *   relay('stir', { x, y, strength, at: wallMs });              // on the output that sees it
 *
 * The server forwards a relay to every other connected output (not back to the sender, nor to a
 * second page of the same output). Keep what is relayed small (RELAY_MAX_BYTES) and stamped with the
 * wall-clock instant it happened, so every output draws it at the same moment (frames stay a pure
 * function of the recorded input). Without a venue server (a plain static copy) relay() is a no-op.
 */
import { LINK_PATH, RELAY_CHANNEL, RELAY_MAX_BYTES, type PageMessage, type PublicationMessage, type ServerMessage, type ShowState } from './protocol.ts';

type RelayHandler = (data: unknown, from: string) => void;

const relayHandlers = new Map<string, Set<RelayHandler>>();
let active: VenueLink | null = null;

/** Sends `data` on `channel` to the venue's other outputs; false when there is no live link or it is too large. */
export function relay(channel: string, data: unknown): boolean {
  if (!active || !RELAY_CHANNEL.test(channel)) return false;
  const text = JSON.stringify({ type: 'relay', channel, data } satisfies PageMessage);
  if (text.length > RELAY_MAX_BYTES) return false;
  return active.sendText(text);
}

/** Calls `fn` with every message relayed on `channel` from another output; returns the unsubscriber. */
export function onRelay(channel: string, fn: RelayHandler): () => void {
  let set = relayHandlers.get(channel);
  if (!set) relayHandlers.set(channel, (set = new Set()));
  set.add(fn);
  return () => set!.delete(fn);
}

export class VenueLink {
  private ws: WebSocket | null = null;
  private retryMs = 500;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  /** Whether the socket is open now. */
  connected = false;
  /** Called with each publication of an installation's artefact (residents' contributions). */
  onPublication: ((p: PublicationMessage) => void) | null = null;

  constructor(
    private readonly id: string,
    private readonly onShow: (show: ShowState) => void,
    private readonly base = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`,
  ) {
    active = this;
    this.connect();
  }

  private connect(): void {
    if (this.closed) return;
    const ws = new WebSocket(`${this.base}${LINK_PATH}?link=${encodeURIComponent(this.id)}`);
    this.ws = ws;
    ws.onopen = () => {
      this.connected = true;
      this.retryMs = 500;
    };
    ws.onmessage = (e) => {
      let m: ServerMessage;
      try {
        m = JSON.parse(String(e.data)) as ServerMessage;
      } catch {
        return;
      }
      if (m.type === 'show') this.onShow(m.show);
      else if (m.type === 'publication') this.onPublication?.(m);
      else if (m.type === 'relay') for (const fn of relayHandlers.get(m.channel) ?? []) fn(m.data, m.from ?? '');
    };
    ws.onclose = () => {
      this.connected = false;
      if (this.closed) return;
      this.timer = setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(5000, this.retryMs * 2);
    };
  }

  send(m: PageMessage): boolean {
    return this.sendText(JSON.stringify(m));
  }

  sendText(text: string): boolean {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(text);
    return true;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.ws?.close();
    if (active === this) active = null;
  }
}
