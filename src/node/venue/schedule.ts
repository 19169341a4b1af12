/**
 * The venue's schedule as a pure function of the instant: open or closed, and which event runs.
 * Opening hours per weekday and dated exceptions are read in the venue's time zone (the wall clock
 * there, daylight saving included, through Intl); recurring events are cron patterns evaluated by
 * croner in the same zone. Nothing here keeps state: a server that restarts mid-event, or a test that
 * pins the clock, gets the same answer for the same instant.
 */
import { Cron } from 'croner';
import type { VenueEvent, VenueFile } from './venueFile.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** An opening from `start` to `end`, minutes after the day's midnight; `end` may pass 1440 (after midnight). */
export interface Interval {
  start: number;
  end: number;
}

/** "10:00-18:00, 19:00-23:30", "closed", "00:00-24:00"; a message saying what is wrong otherwise. */
export function parseHours(text: string): Interval[] | string {
  const t = text.trim().toLowerCase();
  if (t === 'closed' || t === '') return [];
  const out: Interval[] = [];
  for (const part of t.split(',')) {
    const m = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(part);
    if (!m) return `expected hours such as "10:00-18:00" or "10:00-13:00, 14:00-22:00" or "closed", got "${part.trim()}"`;
    const [h1, m1, h2, m2] = m.slice(1).map(Number);
    if (h1 > 23 || m1 > 59 || h2 > 24 || m2 > 59 || (h2 === 24 && m2 > 0)) return `"${part.trim()}": hours run from 00:00 to 24:00`;
    const start = h1 * 60 + m1;
    let end = h2 * 60 + m2;
    if (end === start) return `"${part.trim()}": opens and closes at the same minute`;
    if (end < start) end += 1440; // past midnight: belongs to the day it starts
    out.push({ start, end });
  }
  return out.sort((a, b) => a.start - b.start);
}

interface LocalParts {
  /** "2026-12-01" */
  date: string;
  weekday: Weekday;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function parts(ms: number, timeZone: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) out[p.type] = p.value;
  return out;
}

/** The wall clock in `timeZone` at instant `ms`. */
export function localParts(ms: number, timeZone: string): LocalParts {
  const p = parts(ms, timeZone);
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    weekday: p.weekday.toLowerCase().slice(0, 3) as Weekday,
    minutes: Number(p.hour) * 60 + Number(p.minute),
  };
}

/** The offset of `timeZone` from UTC at instant `ms`, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const p = parts(ms, timeZone);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant of a date-time: with an offset ("…+01:00", "…Z") as written; without one, the wall
 * clock in `timeZone` (a time that does not exist at a daylight-saving jump moves forward by the jump).
 */
export function instantOf(dateTime: string, timeZone: string): number {
  if (/(Z|[+-]\d{2}:\d{2})$/.test(dateTime)) return Date.parse(dateTime);
  const [d, t] = dateTime.split('T');
  const [y, mo, da] = d.split('-').map(Number);
  const [h, mi, s = 0] = t.split(':').map(Number);
  const guess = Date.UTC(y, mo - 1, da, h, mi, s);
  const first = guess - offsetAt(guess, timeZone);
  return guess - offsetAt(first, timeZone);
}

function previousDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

function weekdayOf(date: string): Weekday {
  const [y, m, d] = date.split('-').map(Number);
  return WEEKDAYS[(new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7];
}

export type Schedule = NonNullable<VenueFile['schedule']>;

/** What the schedule says at one instant. */
export interface ScheduleState {
  open: boolean;
  /** Why, in words for health, the remote and the log. */
  reason: string;
  /** The event running (the one that started last), or null. */
  event: { key: string; note: string; startedAt: number; endsAt: number; settings: Pick<VenueEvent, 'installation' | 'preset' | 'brightness' | 'volume' | 'open'> } | null;
}

export interface CompiledSchedule {
  at(ms: number): ScheduleState;
  /** The next instant after `ms` (to the minute, within `horizonDays`) at which open/closed or the event changes, or null. */
  nextChange(ms: number, horizonDays?: number): number | null;
}

const fmt = (min: number) => `${String(Math.floor(min / 60) % 24).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

/** Compiles a venue's schedule (null: always open) for evaluation at any instant. */
export function compileSchedule(schedule: Schedule | undefined, timeZone: string): CompiledSchedule {
  if (!schedule) {
    return { at: () => ({ open: true, reason: 'no schedule: always open', event: null }), nextChange: () => null };
  }
  const weekly = new Map<Weekday, Interval[]>();
  for (const day of WEEKDAYS) {
    const h = schedule.hours[day];
    weekly.set(day, h === undefined ? [] : (parseHours(h) as Interval[]));
  }
  const exceptions = new Map(schedule.exceptions.map((e) => [e.date, { hours: parseHours(e.hours) as Interval[], note: e.note }]));
  const dayHours = (date: string) => exceptions.get(date)?.hours ?? weekly.get(weekdayOf(date))!;

  const events = schedule.events.map((e, i) => {
    const settings = { installation: e.installation, preset: e.preset, brightness: e.brightness, volume: e.volume, open: e.open };
    if ('cron' in e) {
      const job = new Cron(e.cron, { timezone: timeZone, paused: true });
      const span = e.minutes * 60_000;
      return {
        key: `events[${i}]`,
        note: e.note || e.cron,
        settings,
        /** The run that covers `ms`, if any. */
        covering(ms: number): { start: number; end: number } | null {
          const prev = job.previousRuns(1, new Date(ms + 1000))[0];
          if (!prev) return null;
          const start = prev.getTime();
          return ms >= start && ms < start + span ? { start, end: start + span } : null;
        },
      };
    }
    const start = instantOf(e.from, timeZone);
    const end = instantOf(e.to, timeZone);
    return {
      key: `events[${i}]`,
      note: e.note || `${e.from} to ${e.to}`,
      settings,
      covering: (ms: number) => (ms >= start && ms < end ? { start, end } : null),
    };
  });

  function hoursAt(ms: number): { open: boolean; reason: string } {
    const { date, minutes, weekday } = localParts(ms, timeZone);
    const today = dayHours(date);
    const exception = exceptions.get(date);
    for (const iv of today) if (minutes >= iv.start && minutes < iv.end) return { open: true, reason: `open until ${fmt(iv.end)}${exception?.note ? ` (${exception.note})` : ''}` };
    const yesterday = dayHours(previousDate(date));
    for (const iv of yesterday) if (iv.end > 1440 && minutes + 1440 < iv.end) return { open: true, reason: `open until ${fmt(iv.end)}` };
    const later = today.find((iv) => iv.start > minutes);
    const what = exception ? `closed on ${date}${exception.note ? ` (${exception.note})` : ''}` : 'closed';
    return { open: false, reason: later ? `${what}; opens at ${fmt(later.start)}` : today.length === 0 ? `${what} all ${exception ? 'day' : weekday}` : `${what} for the day` };
  }

  function at(ms: number): ScheduleState {
    let event: ScheduleState['event'] = null;
    for (const e of events) {
      const c = e.covering(ms);
      if (c && (!event || c.start >= event.startedAt)) event = { key: e.key, note: e.note, startedAt: c.start, endsAt: c.end, settings: e.settings };
    }
    const h = hoursAt(ms);
    if (event && event.settings.open !== undefined) {
      return { open: event.settings.open, reason: `${event.settings.open ? 'open' : 'closed'} for ${event.note}`, event };
    }
    return { ...h, event };
  }

  return {
    at,
    nextChange(ms, horizonDays = 8) {
      const now = at(ms);
      const step = 60_000;
      const first = Math.floor(ms / step) * step + step;
      for (let t = first; t < ms + horizonDays * 86_400_000; t += step) {
        const s = at(t);
        if (s.open !== now.open || (s.event?.key ?? null) !== (now.event?.key ?? null)) return t;
      }
      return null;
    },
  };
}
