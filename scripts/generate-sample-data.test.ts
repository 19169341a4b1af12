import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ACCESS_KINDS, EVENT_KINDS } from '../src/data/events.ts';
import {
  COLUMNS,
  HARMONIA_OUTAGE,
  csvHeader,
  csvLine,
  INSTALLATIONS,
  INSTALLATION_NAMES,
  dayOf,
  generateInstallation,
  installationCsvPath,
  toCsv,
  writeInstallation,
  type InstallationName,
  type SampleRow,
  type Tier,
} from './generate-sample-data.ts';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

function tierOf(name: InstallationName): Map<string, Tier> {
  return new Map(INSTALLATIONS[name].communities.map((c) => [c.name, c.tier]));
}

/** Non-missed events per journey-year in [from, to], over the journeys of one tier (exposure = each journey's active span). */
function visitsPerJourneyYear(rows: readonly SampleRow[], tiers: Map<string, Tier>, tier: Tier, from: string, to: string): number {
  const a = dayOf(from);
  const b = dayOf(to);
  const spans = new Map<string, [number, number]>();
  let visits = 0;
  for (const r of rows) {
    if (tiers.get(r.community) !== tier) continue;
    const d = dayOf(r.date);
    const s = spans.get(r.journey_id);
    if (s === undefined) spans.set(r.journey_id, [d, d]);
    else s[1] = d;
    if (d >= a && d <= b && r.event !== 'missed') visits++;
  }
  let years = 0;
  for (const [s, e] of spans.values()) years += Math.max(0, Math.min(e, b) - Math.max(s, a)) / 365.25;
  return visits / years;
}

describe('generate-sample-data: determinism', () => {
  it.each(INSTALLATION_NAMES)('%s: same seed gives the same bytes, a different seed different ones', (name) => {
    const a = toCsv(generateInstallation(name, { seed: 42, journeys: 200 }));
    const b = toCsv(generateInstallation(name, { seed: 42, journeys: 200 }));
    const c = toCsv(generateInstallation(name, { seed: 43, journeys: 200 }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it.each(INSTALLATION_NAMES)('%s: the committed journeys.csv matches the generator at the default seed', (name) => {
    expect(readFileSync(installationCsvPath(name), 'utf8')).toBe(toCsv(generateInstallation(name)));
  });

  it('writes the columns of each line in the header\'s order', () => {
    const row = Object.fromEntries(COLUMNS.map((c) => [c, c])) as unknown as SampleRow;
    expect(csvLine(row)).toBe(csvHeader());
  });

  it('streams the same bytes it builds in memory', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const rows = await writeInstallation('starter', {}, out);
    out.end();
    const rowsInMemory = generateInstallation('starter');
    expect(rows).toBe(rowsInMemory.length);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(toCsv(rowsInMemory));
  });

  it('--events stops at exactly that many rows, still sorted by journey', () => {
    const rows = generateInstallation('harmonia', { events: 5000 });
    expect(rows).toHaveLength(5000);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1].journey_id <= rows[i].journey_id).toBe(true);
  });
});

describe('generate-sample-data: row format', () => {
  it.each(INSTALLATION_NAMES)('%s: every row is well-formed, inside the window, sorted by journey then date', (name) => {
    const spec = INSTALLATIONS[name];
    const rows = generateInstallation(name);
    const journeys = new Set(rows.map((r) => r.journey_id));
    expect(journeys.size).toBe(spec.defaultJourneys);
    // Collect problems rather than calling expect per field: ~26,000 rows.
    const problems: string[] = [];
    const check = (ok: boolean, i: number, what: string) => {
      if (!ok && problems.length < 10) problems.push(`row ${i + 1}: ${what}: ${JSON.stringify(rows[i])}`);
    };
    const idPattern = new RegExp(`^${spec.idPrefix}-[0-9a-f]{8}$`);
    for (const [i, r] of rows.entries()) {
      check(Object.keys(r).join() === COLUMNS.join(), i, 'columns');
      check(idPattern.test(r.journey_id), i, 'journey_id');
      check(ISO.test(r.date) && new Date(`${r.date}T00:00:00Z`).toISOString().slice(0, 10) === r.date, i, 'date');
      check(r.date >= spec.window.start && r.date <= spec.window.end, i, 'date outside window');
      check((EVENT_KINDS as readonly string[]).includes(r.event), i, 'event');
      check((ACCESS_KINDS as readonly string[]).includes(r.access), i, 'access');
      check(r.cost_barrier === 'true' || r.cost_barrier === 'false', i, 'cost_barrier');
      check(r.consent === 'glow' || r.consent === 'card' || r.consent === 'story', i, 'consent');
      check(r.pain === '' || (/^\d+$/.test(r.pain) && +r.pain <= 10), i, 'pain');
      check(/^-?[01]\.\d{2}$/.test(r.sentiment) && Math.abs(+r.sentiment) <= 1, i, 'sentiment');
      if (i > 0) {
        const prev = rows[i - 1];
        check(prev.journey_id < r.journey_id || (prev.journey_id === r.journey_id && prev.date <= r.date), i, 'order');
      }
    }
    expect(problems).toEqual([]);
  });

  it('Harmonia has stories at every consent tier, a realistic mix of tiers, CSV quoting and non-ASCII text', () => {
    const rows = generateInstallation('harmonia');
    const stories = rows.filter((r) => r.story !== '');
    expect(stories.length).toBeGreaterThan(50);
    expect(stories.length).toBeLessThan(rows.length * 0.08);
    for (const tier of ['glow', 'card', 'story']) expect(stories.some((r) => r.consent === tier)).toBe(true);
    const share = (tier: string) => new Set(rows.filter((r) => r.consent === tier).map((r) => r.journey_id)).size / 3000;
    expect(share('story')).toBeGreaterThan(0.06);
    expect(share('story')).toBeLessThan(0.14);
    expect(share('card')).toBeGreaterThan(0.15);
    expect(share('card')).toBeLessThan(0.25);
    expect(share('glow')).toBeGreaterThan(0.6);
    const csv = toCsv(rows);
    expect(csv).toContain('""');
    expect(csv).toMatch(/,"[^"\n]*,[^"\n]*"\n/);
    expect(csv).toContain('Sørhavn');
    expect(csv).toContain('Café Row');
  });

  it('Harmonia: every community but one tiny one has at least 11 journeys', () => {
    const byCommunity = new Map<string, Set<string>>();
    for (const r of generateInstallation('harmonia')) {
      if (!byCommunity.has(r.community)) byCommunity.set(r.community, new Set());
      byCommunity.get(r.community)!.add(r.journey_id);
    }
    const small = [...byCommunity].filter(([, ids]) => ids.size < 11).map(([name]) => name);
    expect(small).toEqual(['Brinehollow']);
    expect(byCommunity.size).toBe(10);
  });

  it('--inject-errors adds the malformed rows the intake must report', () => {
    const rows = generateInstallation('harmonia', { journeys: 100, injectErrors: true });
    expect(rows.some((r) => r.journey_id === '')).toBe(true);
    expect(rows.some((r) => r.pain === '14')).toBe(true);
    expect(rows.some((r) => r.date === '2141-13-45')).toBe(true);
    expect(rows.some((r) => Number.isNaN(Number(r.sentiment)))).toBe(true);
  });
});

describe('generate-sample-data: the stories the data tells', () => {
  const harmonia = generateInstallation('harmonia');
  const tiers = tierOf('harmonia');
  const before = ['2139-01-01', '2142-05-31'] as const;
  const during = [HARMONIA_OUTAGE.start, HARMONIA_OUTAGE.end] as const;
  const after = ['2143-10-01', '2146-12-31'] as const;

  it('Harmonia: lower-income visits collapse during the outage and return afterwards', () => {
    const pre = visitsPerJourneyYear(harmonia, tiers, 'lower', ...before);
    const out = visitsPerJourneyYear(harmonia, tiers, 'lower', ...during);
    const post = visitsPerJourneyYear(harmonia, tiers, 'lower', ...after);
    expect(out / pre).toBeLessThan(0.3);
    expect(out / post).toBeLessThan(0.3);
  });

  it('Harmonia: affluent neighbourhoods barely notice the outage', () => {
    const pre = visitsPerJourneyYear(harmonia, tiers, 'affluent', ...before);
    const out = visitsPerJourneyYear(harmonia, tiers, 'affluent', ...during);
    const post = visitsPerJourneyYear(harmonia, tiers, 'affluent', ...after);
    expect(out / pre).toBeGreaterThan(0.8);
    expect(out / post).toBeGreaterThan(0.8);
  });

  it('Harmonia: during the outage lower-income care is missed, unreachable, costly and painful; emergencies follow', () => {
    const inRange = (r: SampleRow, [a, b]: readonly [string, string]) => r.date >= a && r.date <= b;
    const lowerOut = harmonia.filter((r) => tiers.get(r.community) === 'lower' && inRange(r, during));
    const lowerPre = harmonia.filter((r) => tiers.get(r.community) === 'lower' && inRange(r, before));
    const share = (rows: SampleRow[], f: (r: SampleRow) => boolean) => rows.filter(f).length / rows.length;
    expect(share(lowerOut, (r) => r.event === 'missed')).toBeGreaterThan(0.7);
    expect(share(lowerOut, (r) => r.access === 'none')).toBeGreaterThan(0.7);
    expect(share(lowerOut, (r) => r.cost_barrier === 'true')).toBeGreaterThan(0.7);
    const meanPain = (rows: SampleRow[]) => {
      const withPain = rows.filter((r) => r.pain !== '');
      return withPain.reduce((s, r) => s + Number(r.pain), 0) / withPain.length;
    };
    expect(meanPain(lowerOut)).toBeGreaterThan(meanPain(lowerPre) + 2);
    const rightAfter = ['2143-10-01', '2143-12-31'] as const;
    const emergencies = (tier: Tier, range: readonly [string, string]) =>
      harmonia.filter((r) => tiers.get(r.community) === tier && r.event === 'emergency' && inRange(r, range)).length;
    expect(emergencies('lower', rightAfter)).toBeGreaterThan(5 * emergencies('affluent', rightAfter));
  });

  it('Oral Symphony: nanobot care appears first in the affluent communities, later and partially elsewhere', () => {
    const rows = generateInstallation('oral-symphony');
    const groupOf = (community: string) => community.split(' — ')[0];
    const first = new Map<string, string>();
    const shareIn2147 = new Map<string, [number, number]>();
    for (const r of rows) {
      const g = groupOf(r.community);
      if (r.access === 'nanobot' && (!first.has(g) || r.date < first.get(g)!)) first.set(g, r.date);
      if (r.date.startsWith('2147')) {
        const s = shareIn2147.get(g) ?? [0, 0];
        s[1]++;
        if (r.access === 'nanobot') s[0]++;
        shareIn2147.set(g, s);
      }
    }
    const affluent = first.get('Smile Architects')!;
    expect(affluent < '2143-07-01').toBe(true);
    for (const g of ['Oral Reservation', 'Dental Liberation Square']) {
      expect(first.get(g)! > affluent).toBe(true);
      expect(first.get(g)! >= '2144-06-01').toBe(true);
      const [n, t] = shareIn2147.get(g)!;
      const [na, ta] = shareIn2147.get('Smile Architects')!;
      expect(n / t).toBeLessThan((na / ta) * 0.6);
    }
  });
});
