/** Parsing of single cell values: dates, numbers, yes/no, event and access kinds. Pure. */
import { ACCESS_KINDS, CONSENT_TIERS, EVENT_KINDS, type AccessKind, type CareEvent, type ConsentTier, type EventKind } from './events';

const ISO_RE =
  /^([+-]?\d{4,6})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Decimal value of text[from, to) when all digits, else −1. */
function digits(text: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Parse an ISO 8601 calendar date (YYYY, YYYY-MM, YYYY-MM-DD, optionally with a time and zone) into
 * UTC milliseconds. Returns NaN when the text is not such a date or names an impossible day.
 */
export function parseIsoDate(text: string): number {
  // Fast path for the common YYYY-MM-DD (years ≥ 1000, where Date.UTC needs no help).
  if (text.length === 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
    const y = digits(text, 0, 4);
    const mo = digits(text, 5, 7);
    const d = digits(text, 8, 10);
    if (y >= 1000 && mo >= 1 && mo <= 12 && d >= 1) {
      const dim = mo === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[mo - 1];
      return d <= dim ? Date.UTC(y, mo - 1, d) : NaN;
    }
  }
  const m = ISO_RE.exec(text.trim());
  if (!m) return NaN;
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : 1;
  const day = m[3] ? Number(m[3]) : 1;
  if (month < 1 || month > 12) return NaN;
  const dim = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (day < 1 || day > dim) return NaN;
  const hh = m[4] ? Number(m[4]) : 0;
  const mm = m[5] ? Number(m[5]) : 0;
  const ss = m[6] ? Number(m[6]) : 0;
  if (hh > 24 || mm > 59 || ss > 60 || (hh === 24 && (mm > 0 || ss > 0))) return NaN;
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  let offsetMin = 0;
  const z = m[8];
  if (z && z !== 'Z') {
    const sign = z[0] === '-' ? -1 : 1;
    const digits = z.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return NaN;
    offsetMin = sign * (oh * 60 + om);
  }
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hh, mm, ss, ms);
  return d.getTime() - offsetMin * 60_000;
}

const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA_RE = /^[+-]?\d+,\d+$/;

/**
 * Parse a number cell. Empty → undefined; unparsable → NaN. A decimal comma ("3,5", as in
 * semicolon-separated European exports) is accepted.
 */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (NUMBER_RE.test(t)) return Number(t);
  if (DECIMAL_COMMA_RE.test(t)) return Number(t.replace(',', '.'));
  return NaN;
}

const TRUE = new Set(['true', 'yes', 'y', '1', 't', 'ja', 'oui', 'sí', 'si']);
const FALSE = new Set(['false', 'no', 'n', '0', 'f', 'nein', 'non']);

/** Parse a yes/no cell. Empty → undefined; unrecognised → null. */
export function parseBoolean(text: string): boolean | undefined | null {
  if (text === 'false') return false;
  if (text === 'true') return true;
  const t = text.trim().toLowerCase();
  if (t === '') return undefined;
  if (TRUE.has(t)) return true;
  if (FALSE.has(t)) return false;
  return null;
}

function slug(text: string): string {
  return text.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

const EVENT_SET = new Set<string>(EVENT_KINDS);
// A Map, not an object: "constructor" or "toString" in a cell must not find Object.prototype's.
const EVENT_ALIASES: ReadonlyMap<string, EventKind> = new Map([
  ['rootcanal', 'root-canal'],
  ['check-up', 'checkup'],
  ['exam', 'checkup'],
  ['ortho', 'orthodontic'],
  ['orthodontics', 'orthodontic'],
  ['no-show', 'missed'],
  ['noshow', 'missed'],
]);

/** Normalise an event cell to a kind; `null` when it is not a known kind (the caller maps it to "other" with a warning). */
export function parseEventKind(text: string): EventKind | null {
  if (EVENT_SET.has(text)) return text as EventKind;
  const s = slug(text);
  if (EVENT_SET.has(s)) return s as EventKind;
  return EVENT_ALIASES.get(s) ?? null;
}

/**
 * An event cell → kind with an installation's own names (config data.codes.events) before the
 * built-in ones: matched exactly (trimmed), then ignoring case. Maps, not objects: a name such as
 * "constructor" finds nothing it was not given.
 */
export function eventKindReader(own: Readonly<Record<string, EventKind>> = {}): (text: string) => EventKind | null {
  const entries = Object.entries(own);
  if (entries.length === 0) return parseEventKind;
  const exact = new Map(entries.map(([name, kind]) => [name.trim(), kind]));
  const folded = new Map(entries.map(([name, kind]) => [name.trim().toLowerCase(), kind]));
  return (text) => {
    const t = text.trim();
    return exact.get(t) ?? folded.get(t.toLowerCase()) ?? parseEventKind(text);
  };
}

const ACCESS_SET = new Set<string>(ACCESS_KINDS);

/** Normalise an access cell; `null` when unknown. */
export function parseAccessKind(text: string): AccessKind | null {
  if (ACCESS_SET.has(text)) return text as AccessKind;
  const s = slug(text);
  if (ACCESS_SET.has(s)) return s as AccessKind;
  if (s === 'mobile' || s === 'mobileunit') return 'mobile-unit';
  if (s === 'telehealth' || s === 'telemedicine') return 'tele';
  return null;
}

/** Spellings of each consent tier (after slugging: lower case, no spaces, `-` or `_`). */
const CONSENT_WORDS: Record<ConsentTier, readonly string[]> = {
  glow: ['glow', 'glowonly', 'none', 'no'],
  card: ['card', 'anonymisedcard', 'anonymizedcard', 'cardonly'],
  story: ['story', 'cardandstory', 'cardstory', 'card+story'],
};

/** Normalise a consent cell: `glow`, `card`, `story` (or the spellings above); `null` when unknown. */
export function parseConsent(text: string): ConsentTier | null {
  if (text === 'glow' || text === 'card' || text === 'story') return text;
  const s = text.trim().toLowerCase().replace(/[\s_-]+/g, '');
  for (const tier of Object.keys(CONSENT_WORDS) as ConsentTier[]) if (CONSENT_WORDS[tier].includes(s)) return tier;
  return null;
}

/**
 * A row's consent tier (index into CONSENT_TIERS) from its `consent` and legacy `consent_story`
 * answers: the lower of the two when both are given (consent_story yes reads as the story tier, no
 * as glow only); undefined when the row answers neither.
 */
export function rowTier(e: Pick<CareEvent, 'consent' | 'consentStory'>): number | undefined {
  const a = e.consent === undefined ? undefined : CONSENT_TIERS.indexOf(e.consent);
  const b = e.consentStory === undefined ? undefined : e.consentStory ? CONSENT_TIERS.indexOf('story') : 0;
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
