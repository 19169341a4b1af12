/**
 * What a moderator should look at in a story before approving it: names of people, phone numbers,
 * e-mail addresses and exact dates (and street addresses and web links, which identify as surely).
 * Each finding is a span of the text with its kind, so the moderator's page marks it and the
 * resident's preview can say what to remove. Helpers, not judges: they err towards flagging, and a
 * moderator decides. Names come from compromise (a lexicon of given names and titles), phone
 * numbers from libphonenumber (plus any run of seven or more digits), dates from chrono (day and
 * month together, weekdays, ISO and numeric dates), e-mail addresses and links from patterns.
 */
import * as chrono from 'chrono-node';
import nlp from 'compromise';
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';

export type FlagKind = 'name' | 'phone' | 'email' | 'date' | 'address' | 'link';

export interface Flag {
  kind: FlagKind;
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
  text: string;
}

export const FLAG_WORDS: Record<FlagKind, string> = {
  name: 'a name',
  phone: 'a phone number',
  email: 'an e-mail address',
  date: 'an exact date',
  address: 'an address',
  link: 'a web link',
};

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"]+/giu;
const DIGITS = /(?:\+?\d[\d\s().-]{5,}\d)/g;
const STREET = /\b\d{1,5}\s+(?:[A-Z][\p{L}'-]+\s){0,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Way|Close|Court|Ct|Place|Pl|Square|Sq|Boulevard|Blvd|Terrace|Crescent|Row|Rua|Avenida|Strasse|Straße)\b/gu;
const POSTCODE = /\b(?:[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|\d{5}(?:-\d{4})|\d{4}-\d{3})\b/g;

function all(re: RegExp, text: string, kind: FlagKind): Flag[] {
  return [...text.matchAll(re)].map((m) => ({ kind, start: m.index!, end: m.index! + m[0].length, text: m[0] }));
}

/** Findings in `text`, in order, overlapping spans merged into the first kind found. */
export function flagStory(text: string, region: CountryCode = 'GB'): Flag[] {
  if (!text) return [];
  const found: Flag[] = [...all(EMAIL, text, 'email'), ...all(LINK, text, 'link'), ...all(STREET, text, 'address'), ...all(POSTCODE, text, 'address')];
  for (const p of findPhoneNumbersInText(text, { defaultCountry: region })) {
    found.push({ kind: 'phone', start: p.startsAt, end: p.endsAt, text: text.slice(p.startsAt, p.endsAt) });
  }
  for (const m of text.matchAll(DIGITS)) {
    if (m[0].replace(/\D/g, '').length >= 7) found.push({ kind: 'phone', start: m.index!, end: m.index! + m[0].length, text: m[0] });
  }
  // Exact dates: chrono's results that know the day (or the weekday), not a bare year or month.
  for (const r of chrono.parse(text, new Date(Date.UTC(2000, 0, 1)))) {
    const c = r.start;
    if (c.isCertain('day') || c.isCertain('weekday')) found.push({ kind: 'date', start: r.index, end: r.index + r.text.length, text: r.text });
  }
  const doc = nlp(text);
  for (const p of doc.people().json({ offset: true }) as Array<{ text: string; offset: { start: number; length: number } }>) {
    const t = p.text.replace(/[\s.,;:!?'"]+$/u, '');
    if (t) found.push({ kind: 'name', start: p.offset.start, end: p.offset.start + t.length, text: t });
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Flag[] = [];
  for (const f of found) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) {
      if (f.end > last.end) (last.end = f.end), (last.text = text.slice(last.start, last.end));
      continue;
    }
    out.push({ ...f });
  }
  return out;
}

/** The findings in one sentence for a person: "a phone number (“07911 123456”) and a name (“Sarah”)". */
export function flagSummary(flags: Flag[]): string {
  const parts = flags.slice(0, 6).map((f) => `${FLAG_WORDS[f.kind]} (“${f.text.length > 40 ? `${f.text.slice(0, 40)}…` : f.text}”)`);
  if (flags.length > 6) parts.push(`${flags.length - 6} more`);
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : (parts[0] ?? '');
}
