import { describe, expect, it } from 'vitest';
import { compileSchedule, instantOf, localParts, parseHours } from './schedule.ts';
import { parseVenueFile } from './venueFile.ts';

const TZ = 'Europe/Lisbon';
const schedule = (s: object) => {
  const { venue, errors } = parseVenueFile(JSON.stringify({ timeZone: TZ, schedule: s }), 'venue.json');
  expect(errors.map((e) => e.text)).toEqual([]);
  return compileSchedule(venue!.schedule, TZ);
};
const at = (local: string) => instantOf(local, TZ);

describe('parseHours', () => {
  it.each([
    ['10:00-18:00', [{ start: 600, end: 1080 }]],
    ['14:00-22:00, 10:00-13:00', [{ start: 600, end: 780 }, { start: 840, end: 1320 }]],
    ['18:00-02:00', [{ start: 1080, end: 1560 }]],
    ['00:00-24:00', [{ start: 0, end: 1440 }]],
    ['closed', []],
  ])('%s', (text, want) => expect(parseHours(text)).toEqual(want));
  it.each(['10-18', '25:00-26:00', '10:00-10:00', 'noon-late'])('refuses %s with a message', (text) => {
    expect(typeof parseHours(text)).toBe('string');
  });
});

describe('time zones', () => {
  it('reads the wall clock of the zone, across daylight saving', () => {
    // Lisbon is UTC+0 in winter and UTC+1 in summer.
    expect(instantOf('2026-01-15T10:00', TZ)).toBe(Date.parse('2026-01-15T10:00:00Z'));
    expect(instantOf('2026-07-15T10:00', TZ)).toBe(Date.parse('2026-07-15T09:00:00Z'));
    expect(instantOf('2026-07-15T10:00+02:00', TZ)).toBe(Date.parse('2026-07-15T08:00:00Z'));
    expect(localParts(Date.parse('2026-07-15T22:30:00Z'), TZ)).toEqual({ date: '2026-07-15', weekday: 'wed', minutes: 23 * 60 + 30 });
    expect(localParts(Date.parse('2026-07-15T23:30:00Z'), TZ)).toEqual({ date: '2026-07-16', weekday: 'thu', minutes: 30 });
  });
});

describe('schedule', () => {
  const week = { mon: '10:00-18:00', tue: '10:00-18:00', wed: '10:00-18:00', thu: '10:00-18:00', fri: '10:00-02:00', sat: '12:00-02:00' };

  it('opens and closes by the weekday hours, past midnight included; a missing day is closed', () => {
    const s = schedule({ hours: week });
    expect(s.at(at('2026-07-15T09:59')).open).toBe(false); // Wednesday
    expect(s.at(at('2026-07-15T10:00')).open).toBe(true);
    expect(s.at(at('2026-07-15T17:59')).reason).toBe('open until 18:00');
    expect(s.at(at('2026-07-15T18:00')).open).toBe(false);
    expect(s.at(at('2026-07-18T01:30')).open).toBe(true); // Saturday 01:30: Friday's night
    expect(s.at(at('2026-07-18T02:00')).open).toBe(false);
    expect(s.at(at('2026-07-19T14:00'))).toMatchObject({ open: false, reason: 'closed all sun' });
    expect(s.at(at('2026-07-19T01:00')).open).toBe(true); // Sunday 01:00: Saturday's night
    expect(s.at(at('2026-07-20T01:00')).open).toBe(false); // Monday 01:00: Sunday had no night
  });

  it('a dated exception replaces that day; an event can open or close outside the hours and carries settings', () => {
    const s = schedule({
      hours: week,
      exceptions: [{ date: '2026-12-25', hours: 'closed', note: 'Christmas' }],
      events: [
        { cron: '0 20 * * FRI', minutes: 120, preset: 'firefly-night', note: 'Friday nights' },
        { from: '2026-07-19T19:00', to: '2026-07-19T23:00', open: true, installation: 'oral-symphony', note: 'Sunday concert' },
      ],
    });
    expect(s.at(at('2026-12-25T12:00'))).toMatchObject({ open: false, reason: 'closed on 2026-12-25 (Christmas) all day' });
    const friday = s.at(at('2026-07-17T20:30'));
    expect(friday.open).toBe(true);
    expect(friday.event).toMatchObject({ note: 'Friday nights', startedAt: at('2026-07-17T20:00'), endsAt: at('2026-07-17T22:00'), settings: { preset: 'firefly-night' } });
    expect(s.at(at('2026-07-17T22:00')).event).toBeNull();
    const sunday = s.at(at('2026-07-19T19:30'));
    expect(sunday).toMatchObject({ open: true, reason: 'open for Sunday concert', event: { settings: { installation: 'oral-symphony' } } });
    expect(s.nextChange(at('2026-07-19T19:30'))).toBe(at('2026-07-19T23:00'));
    expect(s.nextChange(at('2026-07-15T17:30'))).toBe(at('2026-07-15T18:00'));
  });

  it('no schedule: always open', () => {
    expect(compileSchedule(undefined, TZ).at(0).open).toBe(true);
  });
});

describe('venue file messages', () => {
  it('name the file, the JSON path and the line', () => {
    const text = JSON.stringify(
      {
        timeZone: 'Mars/Olympus',
        outputs: [{ id: 'left' }, { id: 'left' }, { id: 'centre' }],
        wall: { columns: 2, rows: 1 },
        schedule: { hours: { mon: '10-18', funday: '10:00-11:00' }, events: [{ cron: 'every friday', minutes: 60 }] },
        remote: { password: 'short' },
        kiosk: { stalSeconds: 3 },
      },
      null,
      2,
    );
    const { venue, errors } = parseVenueFile(text, 'venues/hall.json');
    expect(venue).toBeNull();
    const texts = errors.map((e) => e.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        'venues/hall.json: timeZone: expected an IANA time zone such as "Europe/Lisbon", got "Mars/Olympus"',
        'venues/hall.json: outputs[1].id: "left" names two outputs; each needs its own id',
        'venues/hall.json: outputs[2]: a 2x1 wall has 2 outputs; this is output 3 of 3',
        'venues/hall.json: schedule.hours.mon: expected hours such as "10:00-18:00" or "10:00-13:00, 14:00-22:00" or "closed", got "10-18"',
        'venues/hall.json: remote.password: expected a password of at least 8 characters, got "short"',
        'venues/hall.json: kiosk.stalSeconds: unknown key; did you mean "staleSeconds"?',
      ]),
    );
    expect(texts.some((t) => t.startsWith('venues/hall.json: schedule.hours.funday: '))).toBe(true);
    expect(texts.some((t) => t.startsWith('venues/hall.json: schedule.events[0].cron: expected a cron pattern'))).toBe(true);
    expect(errors.find((e) => e.path === 'timeZone')?.line).toBe(2);
  });

  it('invalid JSON gives the line and column', () => {
    const { errors } = parseVenueFile('{\n  "outputs": [,]\n}', 'venue.json');
    expect(errors[0].text).toMatch(/^venue\.json:2:15: /);
  });
});
