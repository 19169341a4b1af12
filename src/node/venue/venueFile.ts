/**
 * The venue file (e.g. `venue.json`): what one place runs, separate from the installations it plays.
 * The outputs (screens, projectors) and their windows, the opening hours and events in the venue's
 * time zone, the display-power command, the remote's password, the OSC port, the kiosk watchdog and
 * the logs. `npx noctiluca venue` and `npx noctiluca kiosk` read the same file.
 *
 * Validation as the installation config does it (src/config): every problem at once, each naming
 * the file, the JSON path and, where known, the line.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Cron } from 'croner';
import { z } from 'zod';
import { parseJson, pathKey, JsonSyntaxError, type JsonPosition } from '../../config/json.ts';
import { configMessage, shown, syntaxMessage, type ConfigMessage } from '../../config/messages.ts';
import { closest } from '../../config/suggest.ts';
import { parseHours, WEEKDAYS } from './schedule.ts';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a name of lowercase letters, digits and dashes (e.g. "harmonia")');

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function validCron(pattern: string): string | null {
  try {
    new Cron(pattern, { paused: true });
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

const hours = z.string().superRefine((v, ctx) => {
  const parsed = parseHours(v);
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
});

/** A local date-time in the venue's zone ("2026-12-31T20:00") or an instant with an offset. */
const dateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?$/, 'expected a date-time such as "2026-12-31T20:00" (venue time) or "2026-12-31T20:00+01:00"');

const cron = z.string().superRefine((v, ctx) => {
  const err = validCron(v);
  if (err) ctx.addIssue({ code: 'custom', message: `expected a cron pattern such as "0 20 * * FRI" (minute hour day month weekday): ${err}` });
});

const eventSettings = {
  note: z.string().default('').describe('What the event is, for the log and the remote.'),
  open: z.boolean().optional().describe('true lights the venue outside its hours; false keeps it dark inside them.'),
  installation: slug.optional().describe('Installation to play while the event runs.'),
  preset: slug.nullable().optional().describe('Preset to apply while the event runs (null: none).'),
  brightness: z.number().min(0).max(1).optional().describe('Brightness while the event runs.'),
  volume: z.number().min(0).max(1).optional().describe('Sound volume while the event runs (times each installation\'s sound.volume).'),
};

const event = z.union([
  z.strictObject({
    cron: cron.describe('When the event starts, as a cron pattern in the venue time zone (croner syntax).'),
    minutes: z.number().int().min(1).max(60 * 24 * 7).describe('How long it runs.'),
    ...eventSettings,
  }),
  z.strictObject({
    from: dateTime.describe('When it starts.'),
    to: dateTime.describe('When it ends.'),
    ...eventSettings,
  }),
]);

const command = z.string().min(1);

const power = z
  .strictObject({
    on: command.describe('Shell command that wakes the displays, e.g. "echo \'on 0\' | cec-client -s -d 1".'),
    off: command.describe('Shell command that puts them to sleep, e.g. "echo \'standby 0\' | cec-client -s -d 1".'),
    timeoutSeconds: z.number().int().min(1).max(300).default(30),
  })
  .describe('Display power (HDMI-CEC through cec-client, a projector\'s RS-232 or network command, …).');

const windowSpec = z.strictObject({
  x: z.number().int().default(0),
  y: z.number().int().default(0),
  width: z.number().int().min(16).max(16384).default(1920),
  height: z.number().int().min(16).max(16384).default(1080),
});

const output = z.strictObject({
  id: slug.describe('The output\'s name, in health, metrics, logs and its URL (/output/<id>).'),
  window: windowSpec.prefault({}).describe('Where its kiosk window goes and how large (one screen each).'),
});

export const venueFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1).default('venue'),
    timeZone: z
      .string()
      .refine(validTimeZone, 'expected an IANA time zone such as "Europe/Lisbon"')
      .default(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
    installations: z.array(slug).min(1).optional().describe('What the venue plays; the first starts. The command line\'s names take precedence.'),
    server: z
      .strictObject({
        host: z.string().min(1).default('127.0.0.1').describe('Address to listen on: "0.0.0.0" for outputs and the remote on the LAN.'),
        port: z.number().int().min(0).max(65535).default(4180),
        allowedHosts: z
          .array(z.string().min(1))
          .default([])
          .describe('Host names the server answers to besides IP addresses and localhost, e.g. "venue-pc.local" (".example.org": the domain and its subdomains).'),
        dist: z.string().min(1).default('dist').describe('The built site (npm run build).'),
        installations: z.string().min(1).optional().describe('Installations folder presets are read from (default: the repository\'s).'),
      })
      .prefault({}),
    wall: z
      .strictObject({ columns: z.number().int().min(1).max(32), rows: z.number().int().min(1).max(32) })
      .optional()
      .describe('The grid the outputs form (default: the installation\'s display.venue.wall).'),
    outputs: z
      .array(output)
      .min(1)
      .default([{ id: 'main', window: { x: 0, y: 0, width: 1920, height: 1080 } }])
      .describe('The screens or projectors, in wall order (row by row from the top left): the first is wall output 0.'),
    schedule: z
      .strictObject({
        hours: z
          .partialRecord(z.enum(WEEKDAYS), hours)
          .describe('Opening hours per weekday, "10:00-18:00" or "10:00-13:00, 14:00-22:00" (an end before its start runs past midnight), "closed"; a missing day is closed.'),
        exceptions: z
          .array(
            z.strictObject({
              date: z.iso.date(),
              hours: hours.describe('The hours that day instead ("closed" for a holiday).'),
              note: z.string().default(''),
            }),
          )
          .default([]),
        events: z.array(event).default([]),
        fadeSeconds: z.number().min(0).max(600).default(5).describe('Fade to black at closing and back at opening.'),
        closed: z.enum(['black', 'poster']).default('black').describe('What outputs show while closed: black, or the installation\'s poster.'),
      })
      .optional(),
    power: power.optional(),
    remote: z
      .strictObject({ password: z.string().min(8, 'expected a password of at least 8 characters') })
      .optional()
      .describe('The phone remote at /remote; without a password it is off.'),
    osc: z
      .strictObject({
        port: z.number().int().min(0).max(65535).default(9000),
        host: z.string().min(1).optional().describe('Address to listen on (default: the server\'s).'),
        allow: z.array(z.string().min(1)).default([]).describe('Sender addresses accepted (the desks\'); empty: any.'),
      })
      .optional(),
    contributions: z
      .strictObject({
        installations: z.array(slug).min(1).optional().describe('Installations that take residents\' contributions (default: every one the venue plays).'),
        database: z
          .string()
          .regex(/^postgres(ql)?:\/\//, 'expected a PostgreSQL connection string such as "postgres://noctiluca@db.local/noctiluca"')
          .nullable()
          .default(null)
          .describe('An external PostgreSQL server (better: the NOCTILUCA_DATABASE_URL environment variable, which keeps its password out of the file); null: the embedded database.'),
        dataDir: z.string().min(1).nullable().default(null).describe('Folder of the embedded database and the published artefacts (default: NOCTILUCA_DATA_DIR, else ~/.local/share/noctiluca); never inside installations/.'),
        submitPerMinute: z.number().int().min(1).max(10_000).default(30).describe('Contributions one address may send a minute (a kiosk is one address).'),
        phoneRegion: z.string().regex(/^[A-Z]{2}$/, 'expected a two-letter region code such as "GB" or "PT"').default('GB').describe('Region whose phone numbers the moderators\' helpers look for in stories.'),
        publishDelaySeconds: z.number().min(0).max(60).default(2).describe('How long a publication waits after an approval or withdrawal, so several become one.'),
        kiosk: z.boolean().default(true).describe('/contribute opens as a kiosk page (large type, starts afresh after a contribution).'),
      })
      .optional()
      .describe('Residents\' contributions: the form at /contribute, moderation at /moderate (docs/CONTRIBUTIONS.md).'),
    health: z.strictObject({ staleSeconds: z.number().min(1).max(600).default(5) }).prefault({}),
    kiosk: z
      .strictObject({
        chromium: z.string().min(1).optional().describe('The browser (default: CHROMIUM_PATH or /usr/bin/chromium).'),
        args: z.array(z.string()).default([]).describe('Extra browser flags, e.g. "--use-angle=vulkan".'),
        profiles: z.string().min(1).default('~/.noctiluca-kiosk').describe('Folder of the browsers\' profiles, one per output.'),
        relaunch: cron.nullable().default('0 4 * * *').describe('Quiet hour(s) at which every browser is started afresh (cron, venue time zone); null: never.'),
        staleSeconds: z.number().min(2).max(600).default(20).describe('A browser whose page has not beaten for this long is restarted.'),
        startupSeconds: z.number().min(5).max(900).default(120).describe('How long a new browser may take to beat first.'),
        backoff: z
          .strictObject({ initialSeconds: z.number().min(0).max(600).default(1), maxSeconds: z.number().min(1).max(3600).default(60) })
          .prefault({}),
      })
      .prefault({}),
    logs: z
      .strictObject({
        dir: z.string().min(1).default('logs'),
        maxSize: z.string().regex(/^\d+[kmg]?$/, 'expected a size such as "10m" (k, m or g)').default('10m'),
        keep: z.number().int().min(1).max(1000).default(10).describe('Rotated files kept beside the current one.'),
      })
      .prefault({}),
  })
  .superRefine((v, ctx) => {
    const ids = new Set<string>();
    v.outputs.forEach((o, i) => {
      if (ids.has(o.id)) ctx.addIssue({ code: 'custom', path: ['outputs', i, 'id'], message: `"${o.id}" names two outputs; each needs its own id` });
      ids.add(o.id);
    });
    if (v.wall && v.outputs.length > v.wall.columns * v.wall.rows) {
      const n = v.wall.columns * v.wall.rows;
      ctx.addIssue({ code: 'custom', path: ['outputs', n], message: `a ${v.wall.columns}x${v.wall.rows} wall has ${n} outputs; this is output ${n + 1} of ${v.outputs.length}` });
    }
    v.schedule?.events.forEach((e, i) => {
      if ('from' in e && !(e.to > e.from)) ctx.addIssue({ code: 'custom', path: ['schedule', 'events', i, 'to'], message: `expected a time after "from" (${e.from})` });
    });
  });

export type VenueFile = z.output<typeof venueFileSchema>;
export type VenueEvent = NonNullable<VenueFile['schedule']>['events'][number];

export interface LoadedVenue {
  venue: VenueFile | null;
  errors: ConfigMessage[];
  /** The file as shown in messages, and the folder relative paths in it are read from. */
  file: string;
  dir: string;
}

/** Validates a venue file's text; `file` is used only in messages. Never throws. */
export function parseVenueFile(text: string, file: string): { venue: VenueFile | null; errors: ConfigMessage[] } {
  let parsed;
  try {
    parsed = parseJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { venue: null, errors: [syntaxMessage(file, e.reason, e.position)] };
    throw e;
  }
  const at = (path: readonly PropertyKey[]): JsonPosition | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const p = parsed.positions.get(pathKey(path.slice(0, n)));
      if (p) return p;
    }
    return undefined;
  };
  const result = venueFileSchema.safeParse(parsed.value);
  if (result.success) return { venue: result.data, errors: [] };
  const errors: ConfigMessage[] = [];
  const seen = new Set<string>();
  const add = (path: PropertyKey[], message: string) => {
    const m = configMessage(file, path, message, at(path));
    if (!seen.has(m.text)) errors.push(m), seen.add(m.text);
  };
  const valueAt = (path: readonly PropertyKey[]) =>
    path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), parsed.value);
  const explain = (issue: z.core.$ZodIssue, base: PropertyKey[]) => {
    const path = [...base, ...issue.path];
    const value = valueAt(path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const node = valueAt(path);
        for (const key of issue.keys) {
          const known = knownKeys(path, node);
          const near = closest(key, known);
          add([...path, key], `unknown key${near ? `; did you mean "${near}"?` : known.length ? ` (known: ${known.join(', ')})` : ''}`);
        }
        return;
      }
      case 'invalid_union': {
        // Events: a cron event or a dated one; say what the one meant is missing.
        const best = issue.errors.map((errs) => errs.filter((e) => e.code !== 'unrecognized_keys')).sort((a, b) => a.length - b.length)[0];
        if (best && best.length > 0 && best.length < 3) for (const e of best) explain(e, path);
        else add(path, `expected { "cron", "minutes", … } or { "from", "to", … }, got ${shown(value)}`);
        return;
      }
      case 'invalid_type':
        add(path, value === undefined ? `missing: expected ${issue.expected}` : `expected ${issue.expected}, got ${shown(value)}`);
        return;
      default:
        // Custom rules that say what they expect get the value; those that explain themselves do not.
        add(path, `${issue.message.replace(/^Invalid input: /, '')}${value !== undefined && (issue.code !== 'custom' || /^expected [^:]*$/.test(issue.message)) ? `, got ${shown(value)}` : ''}`);
    }
  };
  for (const issue of result.error.issues) explain(issue, []);
  return { venue: null, errors };
}

/** Keys the schema knows at a path of the venue file, for "did you mean". */
function knownKeys(path: PropertyKey[], node: unknown): string[] {
  let schema: z.ZodType = venueFileSchema;
  for (const seg of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, z.ZodType>)[String(seg)];
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else if (schema instanceof z.ZodRecord) schema = schema.valueType as z.ZodType;
    else return [];
    if (!schema) return [];
  }
  schema = unwrap(schema);
  if (schema instanceof z.ZodUnion) {
    const keys = (schema.options as z.ZodType[]).map(unwrap).filter((o): o is z.ZodObject => o instanceof z.ZodObject).map((o) => Object.keys(o.shape));
    const fit = keys.find((k) => node !== null && typeof node === 'object' && Object.keys(node).some((n) => k.includes(n) && (n === 'cron' || n === 'from')));
    return fit ?? [...new Set(keys.flat())];
  }
  if (schema instanceof z.ZodRecord) return [...WEEKDAYS];
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function unwrap(s: z.ZodType): z.ZodType {
  for (;;) {
    const def = (s as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } } })._zod.def;
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'prefault' || def.type === 'nullable') && def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else return s;
  }
}

/** Reads and validates a venue file (or the defaults: one output, always open, when `path` is null). */
export function loadVenueFile(path: string | null): LoadedVenue {
  if (path === null) {
    const { venue, errors } = parseVenueFile('{}', '(defaults)');
    return { venue, errors, file: '(defaults)', dir: process.cwd() };
  }
  const abs = resolve(path);
  const file = path;
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot be read';
    return { venue: null, errors: [configMessage(file, '', `${reason}; a venue file is JSON such as { "outputs": [{ "id": "main" }] } (see README, Running a venue)`)], file, dir: dirname(abs) };
  }
  return { ...parseVenueFile(text, file), file, dir: dirname(abs) };
}

/** A path from the venue file: `~` is the home folder, relative paths are the file's folder's. */
export function venuePath(dir: string, p: string): string {
  if (p === '~' || p.startsWith('~/')) return resolve(process.env.HOME ?? '/', p.slice(2));
  return isAbsolute(p) ? p : resolve(dir, p);
}

export interface VenueOutput {
  id: string;
  /** Its place on the wall, row by row from 0: its place in the list. */
  wallOutput: number;
  window: VenueFile['outputs'][number]['window'];
}

export function outputsOf(venue: VenueFile): VenueOutput[] {
  return venue.outputs.map((o, i) => ({ id: o.id, wallOutput: i, window: o.window }));
}
