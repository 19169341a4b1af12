/**
 * A part: the stirring one output sees (its touch screen, its camera) reaches every other output of
 * the venue through the venue server's relay (src/venue/link.ts, channel "stir"), so a wall draws one
 * sea. Samples go as they were recorded (time on the wall clock, place on the whole wall's mosaic,
 * amplitude after fatigue), in batches a few times a second, and are drawn by the others exactly as
 * recorded: no output applies fatigue twice, and the wall stays a pure function of the recording.
 * Without a venue server relay() does nothing.
 */
import { useEffect } from 'react';
import type { PagePart } from '../app/parts/part.ts';
import type { StirSample } from '../render/stir.ts';
import { onRelay, relay } from './link.ts';
import { RELAY_MAX_BYTES } from './protocol.ts';

export const STIR_CHANNEL = 'stir';
/** How often batched samples go out. */
const FLUSH_MS = 100;

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Samples as relayed: [t, x, y, r, a] rows, rounded (ms, a ten-thousandth of the mosaic). */
export function encodeStir(samples: readonly StirSample[]): { s: number[][] } {
  return { s: samples.map((k) => [round(k.t, 3), round(k.x, 4), round(k.y, 4), round(k.r, 4), round(k.a, 3)]) };
}

/** A relayed message back into samples; malformed rows are dropped. */
export function decodeStir(data: unknown): StirSample[] {
  const rows = (data as { s?: unknown } | null)?.s;
  if (!Array.isArray(rows)) return [];
  const out: StirSample[] = [];
  for (const row of rows) {
    if (!Array.isArray(row) || row.length !== 5 || !row.every((v) => typeof v === 'number' && Number.isFinite(v))) continue;
    const [t, x, y, r, a] = row as number[];
    out.push({ t, x, y, r, a });
  }
  return out;
}

/** Batches that fit the relay's message limit. */
export function stirMessages(samples: readonly StirSample[]): { s: number[][] }[] {
  const out: { s: number[][] }[] = [];
  let rows: number[][] = [];
  let bytes = 64;
  for (const row of encodeStir(samples).s) {
    const len = JSON.stringify(row).length + 1;
    if (rows.length && bytes + len > RELAY_MAX_BYTES - 64) {
      out.push({ s: rows });
      rows = [];
      bytes = 64;
    }
    rows.push(row);
    bytes += len;
  }
  if (rows.length) out.push({ s: rows });
  return out;
}

export const useStirRelay: PagePart = ({ stirring }) => {
  useEffect(() => {
    let pending: StirSample[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      for (const m of stirMessages(pending)) relay(STIR_CHANNEL, m);
      pending = [];
    };
    const offRecord = stirring.record.onRecord((samples) => {
      pending.push(...samples);
      timer ??= setTimeout(flush, FLUSH_MS);
    });
    const offRelay = onRelay(STIR_CHANNEL, (data) => {
      const samples = decodeStir(data);
      if (samples.length) stirring.add(samples);
    });
    return () => {
      if (timer) clearTimeout(timer);
      offRecord();
      offRelay();
    };
  }, [stirring]);
};
