/**
 * Binary codec of the baked mosaic (`.bake/mosaic.bin`):
 *
 *   bytes 0–7    magic "NOCTBAKE"
 *   bytes 8–11   codec version (uint32 LE), currently 2 (1: before disclosure control)
 *   bytes 12–15  header length H in bytes (uint32 LE)
 *   bytes 16–    header: UTF-8 JSON { meta, sections }, padded with spaces to a multiple of 8
 *   then         binary sections, each starting on an 8-byte boundary
 *
 * `meta` is the BakedMosaic without its typed arrays; `sections` lists each typed array as
 * { path, type, offset, length } (offset in bytes from the start of the buffer, length in elements).
 * Decoding makes views into the buffer (no copies), so a worker can transfer the buffer whole.
 * Typed arrays are little-endian, as on every platform the renderer targets.
 *
 * The column sections (community, measures, fields: what a layout and an encoding read) come first,
 * the timeline and the event lists after them: a reader that lays out (readBakeColumns) stops after
 * the first few percent of the file instead of waiting for all of it (at 1M journeys ~20 of 189 MB).
 */
import { BAKE_VERSION, MEASURES, type BakeColumns, type BakedMosaic, type MeasureName } from './artefact';

export const BAKE_MAGIC = 'NOCTBAKE';
export const BAKE_CODEC_VERSION = 2;
const PREFIX = 16;

const TYPES = {
  Float32Array,
  Float64Array,
  Uint8Array,
  Uint16Array,
  Uint32Array,
  Int32Array,
} as const;
type TypeName = keyof typeof TYPES;
type AnyTyped = Float32Array | Float64Array | Uint8Array | Uint16Array | Uint32Array | Int32Array;

interface Section {
  path: string;
  type: TypeName;
  offset: number;
  length: number;
}

/** Error from decoding a file that is not a valid baked mosaic. */
export class BakeDecodeError extends Error {
  constructor(message: string) {
    super(`bake codec: ${message}`);
    this.name = 'BakeDecodeError';
  }
}

function typeName(a: AnyTyped): TypeName {
  for (const name of Object.keys(TYPES) as TypeName[]) if (a instanceof TYPES[name]) return name;
  throw new Error('bake codec: unsupported typed array');
}

const align8 = (n: number) => (n + 7) & ~7;

/** A section of BakeColumns: read by readBakeColumns, and written before the others. */
const isColumn = (path: string): boolean => path === 'community' || path.startsWith('measures.') || path.startsWith('fields.');

/** The typed arrays of a mosaic, by path ("measures.wellness", "fields.age_band.codes"), columns first. */
function arraysOf(b: BakedMosaic): Array<[string, AnyTyped]> {
  const out: Array<[string, AnyTyped]> = [['community', b.community]];
  for (const m of MEASURES) out.push([`measures.${m}`, b.measures[m]]);
  for (const [name, f] of Object.entries(b.fields)) {
    if (f.kind === 'numeric') out.push([`fields.${name}.values`, f.values]);
    else out.push([`fields.${name}.codes`, f.codes]);
  }
  out.push(['tier', b.tier], ['timeline', b.timeline], ['eventOffsets', b.eventOffsets], ['eventDates', b.eventDates], ['eventKinds', b.eventKinds]);
  return out;
}

/** Encode a mosaic into one buffer (see the file comment for the layout). */
export function encodeBake(b: BakedMosaic): Uint8Array {
  const arrays = arraysOf(b);
  const fieldsMeta: Record<string, { kind: string; categories?: string[] }> = Object.create(null); // names from the data
  for (const [name, f] of Object.entries(b.fields)) fieldsMeta[name] = f.kind === 'numeric' ? { kind: 'numeric' } : { kind: 'categorical', categories: f.categories };
  const meta = {
    format: b.format,
    version: b.version,
    installation: b.installation,
    journeyCount: b.journeyCount,
    window: b.window,
    precision: b.precision,
    privacy: b.privacy,
    costFlag: b.costFlag,
    communities: b.communities,
    fields: fieldsMeta,
    timelineSamples: b.timelineSamples,
    stories: b.stories,
    report: b.report,
  };
  // Offsets depend on the header length, and the header holds the offsets: lay out with a
  // provisional header, then widen until stable (numbers only grow, so this converges at once).
  const enc = new TextEncoder();
  let headerLen = 0;
  let sections: Section[] = [];
  let headerBytes = new Uint8Array(0);
  for (let pass = 0; pass < 4; pass++) {
    let offset = align8(PREFIX + headerLen);
    sections = arrays.map(([path, a]) => {
      const s: Section = { path, type: typeName(a), offset, length: a.length };
      offset = align8(offset + a.byteLength);
      return s;
    });
    headerBytes = enc.encode(JSON.stringify({ meta, sections }));
    const needed = align8(headerBytes.length);
    if (needed <= headerLen) break;
    headerLen = needed;
  }
  const last = sections[sections.length - 1];
  const total = align8(last.offset + arrays[arrays.length - 1][1].byteLength);
  const out = new Uint8Array(total);
  out.set(enc.encode(BAKE_MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, BAKE_CODEC_VERSION, true);
  view.setUint32(12, headerLen, true);
  out.fill(0x20, PREFIX, PREFIX + headerLen);
  out.set(headerBytes, PREFIX);
  arrays.forEach(([, a], i) => out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), sections[i].offset));
  return out;
}

interface Header {
  meta: Omit<BakedMosaic, 'fields'> & { fields: Record<string, { kind: string; categories?: string[] }> };
  sections: Section[];
}

/** The header's length, from the first PREFIX bytes: throws unless they open a bake this build reads. */
function readPrefix(bytes: Uint8Array): number {
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== BAKE_MAGIC) throw new BakeDecodeError(`not a baked mosaic (expected magic "${BAKE_MAGIC}", found ${JSON.stringify(magic)}); re-run \`noctiluca bake\``);
  const view = new DataView(bytes.buffer, bytes.byteOffset, PREFIX);
  const version = view.getUint32(8, true);
  if (version !== BAKE_CODEC_VERSION) throw new BakeDecodeError(`codec version ${version} is not supported (this build reads ${BAKE_CODEC_VERSION}); re-run \`noctiluca bake\``);
  return view.getUint32(12, true);
}

function readHeader(bytes: Uint8Array, headerLen: number): Header {
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX, PREFIX + headerLen)));
  } catch (err) {
    throw new BakeDecodeError(`header is not valid JSON (${err instanceof Error ? err.message : String(err)}): the file is corrupt`);
  }
  if (!header || typeof header !== 'object' || !header.meta || !Array.isArray(header.sections)) throw new BakeDecodeError('header lacks meta or sections: the file is corrupt');
  const meta = header.meta;
  if (meta.format !== 'noctiluca-bake' || meta.version !== BAKE_VERSION) throw new BakeDecodeError(`unexpected format ${String(meta.format)} version ${String(meta.version)}`);
  return header;
}

const sectionEnd = (s: Section): number => s.offset + s.length * (Object.hasOwn(TYPES, s.type) ? TYPES[s.type].BYTES_PER_ELEMENT : 1);

/** Views of the sections `pick` takes, into the `size` bytes of `ab` from `base`; checked to lie inside them. */
function sectionViews(ab: ArrayBuffer, base: number, size: number, header: Header, headerLen: number, pick: (path: string) => boolean) {
  const arrays = new Map<string, AnyTyped>();
  for (const s of header.sections) {
    if (!pick(s.path)) continue;
    // Own names only: a type of "constructor" is unknown, not Object.
    if (!Object.hasOwn(TYPES, s.type)) throw new BakeDecodeError(`section ${s.path}: unknown type ${String(s.type)}`);
    const Ctor = TYPES[s.type];
    if (!Number.isInteger(s.offset) || !Number.isInteger(s.length) || s.offset % 8 !== 0 || s.offset < PREFIX + headerLen || sectionEnd(s) > size) {
      throw new BakeDecodeError(`section ${s.path} (offset ${s.offset}, ${s.length} × ${s.type}) lies outside the file (${size} bytes): the file is truncated or corrupt`);
    }
    arrays.set(s.path, new Ctor(ab, base + s.offset, s.length));
  }
  return <T extends AnyTyped>(path: string, ctor: { new (...args: never[]): T }): T => {
    const a = arrays.get(path);
    if (!a) throw new BakeDecodeError(`section ${path} is missing`);
    if (!(a instanceof ctor)) throw new BakeDecodeError(`section ${path} has the wrong type`);
    return a as T;
  };
}

type Need = ReturnType<typeof sectionViews>;

/** The columns (BakeColumns) of a header and its sections. */
function columnsOf(meta: Header['meta'], need: Need): BakeColumns {
  const measures = {} as Record<MeasureName, Float32Array>;
  for (const m of MEASURES) measures[m] = need(`measures.${m}`, Float32Array);
  const fields: BakedMosaic['fields'] = Object.create(null); // names come from the data: no prototype to set
  for (const [name, f] of Object.entries(meta.fields ?? {})) {
    fields[name] =
      f.kind === 'numeric'
        ? { kind: 'numeric', values: need(`fields.${name}.values`, Float32Array) }
        : { kind: 'categorical', categories: f.categories ?? [], codes: need(`fields.${name}.codes`, Uint16Array) };
  }
  const columns = { journeyCount: meta.journeyCount, communities: meta.communities, community: need('community', Uint16Array), measures, fields };
  const J = columns.journeyCount;
  const sizes = [columns.community, ...Object.values(measures), ...Object.values(fields).map((f) => (f.kind === 'numeric' ? f.values : f.codes))];
  if (sizes.some((a) => a.length !== J)) throw new BakeDecodeError(`section sizes do not match journeyCount ${J}: the file is corrupt`);
  return columns;
}

/**
 * Decode a buffer made by encodeBake. Typed arrays are views into `buf` (zero-copy); a Uint8Array
 * whose offset is not 8-aligned is copied first. Throws BakeDecodeError on anything unexpected.
 */
export function decodeBake(buf: ArrayBuffer | Uint8Array): BakedMosaic {
  let ab: ArrayBuffer;
  let base = 0;
  if (buf instanceof Uint8Array) {
    if (buf.byteOffset % 8 === 0 && buf.buffer instanceof ArrayBuffer) {
      ab = buf.buffer;
      base = buf.byteOffset;
    } else ab = buf.slice().buffer as ArrayBuffer;
  } else ab = buf;
  const size = buf instanceof Uint8Array ? buf.byteLength : ab.byteLength;
  if (size < PREFIX) throw new BakeDecodeError(`file is ${size} bytes, too short to be a baked mosaic`);
  const bytes = new Uint8Array(ab, base, size);
  const headerLen = readPrefix(bytes);
  if (PREFIX + headerLen > size) throw new BakeDecodeError(`header length ${headerLen} runs past the end of the file (${size} bytes): the file is truncated`);
  const header = readHeader(bytes, headerLen);
  const need = sectionViews(ab, base, size, header, headerLen, () => true);
  const meta = header.meta;
  const columns = columnsOf(meta, need);
  const J = meta.journeyCount;
  const b: BakedMosaic = {
    format: 'noctiluca-bake',
    version: BAKE_VERSION,
    installation: meta.installation,
    window: meta.window,
    precision: meta.precision,
    privacy: meta.privacy,
    // Artefacts made before the flag was named recorded an event log's: cost stood in the way.
    costFlag: meta.costFlag === 'large-bill' ? 'large-bill' : 'barrier',
    tier: need('tier', Uint8Array),
    ...columns,
    timelineSamples: meta.timelineSamples,
    timeline: need('timeline', Uint8Array),
    eventOffsets: need('eventOffsets', Uint32Array),
    eventDates: need('eventDates', Float32Array),
    eventKinds: need('eventKinds', Uint8Array),
    stories: meta.stories ?? {},
    report: meta.report,
  };
  if (b.tier.length !== J || b.eventOffsets.length !== J + 1 || b.timeline.length !== J * b.timelineSamples * 2) {
    throw new BakeDecodeError(`section sizes do not match journeyCount ${J}: the file is corrupt`);
  }
  return b;
}

/**
 * The columns alone (what a layout and an encoding read) from a bake's body as it arrives: reads up
 * to the end of the column sections, then cancels the rest (the timeline and the event lists, most
 * of the file). A bake written before the columns came first is read until its last column, the
 * whole file or nearly. Throws BakeDecodeError as decodeBake does, a truncated body included.
 */
export async function readBakeColumns(body: ReadableStream<Uint8Array>): Promise<BakeColumns> {
  const reader = body.getReader();
  let chunks: Uint8Array[] = [];
  let have = 0;
  /** Reads until `n` bytes are in; false when the body ends first. */
  const pull = async (n: number): Promise<boolean> => {
    while (have < n) {
      const { done, value } = await reader.read();
      if (done) return false;
      chunks.push(value);
      have += value.byteLength;
    }
    return true;
  };
  /** What has arrived, as one 8-aligned buffer (the sections' views need it). */
  const joined = (): Uint8Array => {
    if (chunks.length !== 1 || chunks[0].byteOffset % 8 !== 0) {
      const all = new Uint8Array(have);
      let at = 0;
      for (const c of chunks) {
        all.set(c, at);
        at += c.byteLength;
      }
      chunks = [all];
    }
    return chunks[0];
  };
  try {
    if (!(await pull(PREFIX))) throw new BakeDecodeError(`file is ${have} bytes, too short to be a baked mosaic`);
    const headerLen = readPrefix(joined());
    if (!(await pull(PREFIX + headerLen))) throw new BakeDecodeError(`header length ${headerLen} runs past the end of the file (${have} bytes): the file is truncated`);
    const header = readHeader(joined(), headerLen);
    const end = Math.max(PREFIX + headerLen, ...header.sections.filter((s) => isColumn(s.path)).map(sectionEnd));
    await pull(end); // a body that ends first is named by sectionViews: its section lies outside the file
    const bytes = joined();
    return columnsOf(header.meta, sectionViews(bytes.buffer as ArrayBuffer, bytes.byteOffset, have, header, headerLen, isColumn));
  } finally {
    reader.cancel().catch(() => {});
  }
}
