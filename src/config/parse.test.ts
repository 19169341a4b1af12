import { describe, expect, it } from 'vitest';
import { defaultConfig, parseInstallationConfig, toDataSpec } from './index.ts';

const FILE = 'installations/test/installation.json';
const minimal = { $schema: '../installation.schema.json', version: 2, name: 'test', title: 'Test', data: { source: 'journeys.csv' } };

/** A minimal valid config with `patch` merged in (deeply, for plain objects). */
function withPatch(patch: Record<string, unknown>): string {
  const merge = (a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) {
      const av = out[k];
      out[k] =
        v && typeof v === 'object' && !Array.isArray(v) && av && typeof av === 'object' && !Array.isArray(av)
          ? merge(av as Record<string, unknown>, v as Record<string, unknown>)
          : v;
    }
    return out;
  };
  return JSON.stringify(merge(minimal, patch), null, 2);
}
const errorsOf = (text: string) => parseInstallationConfig(text, FILE).errors.map((e) => e.text);

describe('parseInstallationConfig: one message per kind of mistake', () => {
  const cases: { name: string; text: string; error: string }[] = [
    {
      name: 'wrong type',
      text: withPatch({ look: { bloom: { intensity: 'bright' } } }),
      error: `${FILE}: look.bloom.intensity: expected a number from 0 to 10, got "bright"`,
    },
    {
      name: 'out of range',
      text: withPatch({ layout: { gap: 1.5 } }),
      error: `${FILE}: layout.gap: expected a number from 0 to 0.9, got 1.5`,
    },
    {
      name: 'not an integer',
      text: withPatch({ look: { bloom: { levels: 2.5 } } }),
      error: `${FILE}: look.bloom.levels: expected an integer from 1 to 9, got 2.5`,
    },
    {
      name: 'bad enum, options listed',
      text: withPatch({ layout: { kind: 'square' } }),
      error: `${FILE}: layout.kind: expected one of "voronoi", "hex", "mask", got "square"`,
    },
    {
      name: 'unknown palette name',
      text: withPatch({ look: { palette: 'neon' } }),
      error: `${FILE}: look.palette: expected one of "noctiluca", "firefly", "gfp", "abyss", "foxfire", got "neon"`,
    },
    {
      name: 'unknown key with suggestion',
      text: withPatch({ look: { blom: { intensity: 1 } } }),
      error: `${FILE}: look.blom: unknown key; did you mean "bloom"?`,
    },
    {
      name: 'unknown key without a near match lists the keys',
      text: withPatch({ look: { bloom: { sparkle: 1 } } }),
      error: `${FILE}: look.bloom.sparkle: unknown key; expected one of "intensity", "threshold", "radius", "levels"`,
    },
    {
      name: 'missing required',
      text: JSON.stringify({ version: 2, name: 'test', title: 'Test', data: {} }),
      error: `${FILE}: data.source: missing; expected a non-empty string`,
    },
    {
      name: 'missing required section',
      text: JSON.stringify({ version: 2, name: 'test', title: 'Test' }),
      error: `${FILE}: data: missing; expected an object with "source"`,
    },
    {
      name: 'invalid JSON with line and column',
      text: '{\n  "version": 2,\n  "name": "test"\n  "title": "Test"\n}',
      error: `${FILE}:4:3: invalid JSON: expected "," or "}", got "\\""`,
    },
    {
      name: 'trailing comma',
      text: '{\n  "version": 2,\n}',
      error: `${FILE}:3:1: invalid JSON: expected a key in double quotes (JSON does not allow a comma before "}"), got "}"`,
    },
    {
      name: 'bad colour string',
      text: withPatch({ look: { background: 'navy' } }),
      error: `${FILE}: look.background: expected a colour "#rrggbb", got "navy"`,
    },
    {
      name: 'bad colour inside a custom palette',
      text: withPatch({ look: { palette: ['#000000', 'teal'] } }),
      error: `${FILE}: look.palette[1]: expected a colour "#rrggbb", got "teal"`,
    },
    {
      name: 'custom palette too short',
      text: withPatch({ look: { palette: ['#00ffcc'] } }),
      error: `${FILE}: look.palette: expected a list of at least 2 colours "#rrggbb", got ["#00ffcc"]`,
    },
    {
      name: 'domain of wrong length',
      text: withPatch({ encoding: { hue: { field: 'wellness', scale: { type: 'linear', domain: [0, 0.5, 1] } } } }),
      error: `${FILE}: encoding.hue.scale.domain: expected "auto" or [min, max] (2 numbers) for a linear scale, got [0,0.5,1]`,
    },
    {
      name: 'numbers as an ordinal domain',
      text: withPatch({ encoding: { pulsePhase: { field: 'community', scale: { type: 'ordinal', domain: [1, 2] } } } }),
      error: `${FILE}: encoding.pulsePhase.scale.domain: expected "auto" or a list of categories (strings) for an ordinal scale, got [1,2]`,
    },
    {
      name: 'log domain through zero',
      text: withPatch({ encoding: { glow: { field: 'events', scale: { type: 'log', domain: [0, 100] } } } }),
      error: `${FILE}: encoding.glow.scale.domain: expected [min, max] above 0 for a log scale, got [0,100]`,
    },
    {
      name: 'both field and value on a channel',
      text: withPatch({ encoding: { size: { field: 'events', value: 1 } } }),
      error: `${FILE}: encoding.size: has both "field" and "value"; use one: "field" maps data through a scale, "value" sets a constant`,
    },
    {
      name: 'neither field nor value on a channel',
      text: withPatch({ encoding: { order: {} } }),
      error: `${FILE}: encoding.order: expected an object with "field" or "value"`,
    },
    {
      name: 'misspelt field on a channel',
      text: withPatch({ encoding: { glow: { feild: 'events' } } }),
      error: `${FILE}: encoding.glow.feild: unknown key; did you mean "field"?`,
    },
    {
      name: 'misspelt key inside a field channel',
      text: withPatch({ encoding: { hue: { field: 'wellness', scael: { type: 'log' } } } }),
      error: `${FILE}: encoding.hue.scael: unknown key; did you mean "scale"?`,
    },
    {
      name: 'misspelt key inside a scale',
      text: withPatch({ encoding: { hue: { field: 'wellness', scale: { domian: [0, 1] } } } }),
      error: `${FILE}: encoding.hue.scale.domian: unknown key; did you mean "domain"?`,
    },
    {
      name: 'unknown top-level key',
      text: withPatch({ lok: {} }),
      error: `${FILE}: lok: unknown key; did you mean "look"?`,
    },
    {
      name: 'corner pin point out of range',
      text: withPatch({ display: { venue: { cornerPin: [[[0, 0], [1, 0], [1, 5], [0, 1]]] } } }),
      error: `${FILE}: display.venue.cornerPin[0][2][1]: expected a number from -1 to 2, got 5`,
    },
    {
      name: 'constant out of range',
      text: withPatch({ encoding: { hue: { value: 2 } } }),
      error: `${FILE}: encoding.hue.value: expected a number from 0 to 1, got 2`,
    },
    {
      name: 'unknown version',
      text: withPatch({ version: 1.5 }),
      error: `${FILE}: version: expected 2, got 1.5`,
    },
    {
      name: 'version as a string',
      text: withPatch({ version: '1' }),
      error: `${FILE}: version: expected 2, got "1"`,
    },
    {
      name: 'newer version refused',
      text: withPatch({ version: 3 }),
      error: `${FILE}: version: this file is config version 3, but this Noctiluca reads versions up to 2; update Noctiluca to open it (the file was not read)`,
    },
    {
      name: 'empty file',
      text: '  \n',
      error: `${FILE}: the file is empty; expected a JSON object such as { "version": 2, "name": …, "title": …, "data": { "source": … } }`,
    },
    {
      name: 'non-object root',
      text: '[{ "version": 2 }]',
      error: `${FILE}: expected a JSON object { … } at the top of the file, got [{"version":2}]`,
    },
    {
      name: 'bad name',
      text: withPatch({ name: 'My Piece' }),
      error: `${FILE}: name: expected a name of lowercase letters, digits and dashes (e.g. "harmonia"), got "My Piece"`,
    },
    {
      name: 'bad date in the window',
      text: withPatch({ data: { window: { start: '2140' } } }),
      error: `${FILE}: data.window.start: expected null or a date "YYYY-MM-DD", got "2140"`,
    },
    {
      name: 'window end before start',
      text: withPatch({ data: { window: { start: '2146-01-01', end: '2140-01-01' } } }),
      error: `${FILE}: data.window.end: expected a date after the window start "2146-01-01", got "2140-01-01"`,
    },
    {
      name: 'mask layout without its image',
      text: withPatch({ layout: { kind: 'mask' } }),
      error: `${FILE}: layout.mask: required when layout.kind is "mask": the path of a mask image (PNG, white and opaque = inside) in the installation folder`,
    },
    {
      name: 'dpr min above max',
      text: withPatch({ display: { dpr: { min: 3, max: 1 } } }),
      error: `${FILE}: display.dpr.min: expected at most dpr.max (1), got 3`,
    },
    {
      name: 'bad epoch',
      text: withPatch({ display: { venue: { epoch: 'tonight' } } }),
      error: `${FILE}: display.venue.epoch: expected null or an ISO date-time such as "2146-06-01T18:00:00Z", got "tonight"`,
    },
    {
      name: 'more corner pins than outputs',
      text: withPatch({ display: { venue: { cornerPin: [[[0, 0], [1, 0], [1, 1], [0, 1]], [[0, 0], [1, 0], [1, 1], [0, 1]]] } } }),
      error: `${FILE}: display.venue.cornerPin: expected at most 1 corner pins (one per output of the wall: columns × rows), got 2`,
    },
    {
      name: 'hold outside the timeline',
      text: withPatch({ motion: { hold: -0.5 } }),
      error: `${FILE}: motion.hold: expected null or a number from 0 to 1, got -0.5`,
    },
    {
      name: 'boolean given as a string',
      text: withPatch({ look: { dithering: 'yes' } }),
      error: `${FILE}: look.dithering: expected true or false, got "yes"`,
    },
    {
      name: 'comment in JSON',
      text: '{\n  // harmonia\n  "version": 2\n}',
      error: `${FILE}:2:3: invalid JSON: comments are not allowed in JSON; use "description" for notes`,
    },
  ];

  it.each(cases)('$name', ({ text, error }) => {
    const r = parseInstallationConfig(text, FILE);
    expect(r.config).toBeNull();
    expect(r.errors.map((e) => e.text)).toEqual([error]);
    const e = r.errors[0];
    expect(e.file).toBe(FILE);
    expect(e.text).toContain(e.message);
    if (e.path) expect(e.text).toBe(`${FILE}: ${e.path}: ${e.message}`);
  });

  it('gives the line and column of the offending value', () => {
    const r = parseInstallationConfig(withPatch({ look: { bloom: { intensity: 'bright' } } }), FILE);
    const text = withPatch({ look: { bloom: { intensity: 'bright' } } });
    const line = text.split('\n').findIndex((l) => l.includes('"intensity"')) + 1;
    expect(r.errors[0].line).toBe(line);
    expect(r.errors[0].column).toBeGreaterThan(1);
  });
});

describe('all errors at once', () => {
  it('reports every mistake in the file, in file order', () => {
    const text = withPatch({
      name: 'Bad Name',
      data: { format: 'csv' },
      layout: { gapp: 0.1, seed: -1 },
      encoding: { hue: { field: 'wellness', value: 1 } },
      look: { blom: {}, bloom: { intensity: 'bright' }, toneMapping: 'filmic' },
      motion: { loopSeconds: 0 },
      display: { targetFps: 1000 },
    });
    const errors = errorsOf(text);
    expect(errors).toEqual([
      `${FILE}: name: expected a name of lowercase letters, digits and dashes (e.g. "harmonia"), got "Bad Name"`,
      `${FILE}: data.format: expected one of "event-log", "synthea-csv", "fhir", got "csv"`,
      `${FILE}: layout.gapp: unknown key; did you mean "gap"?`,
      `${FILE}: layout.seed: expected an integer from 0 to 2147483647, got -1`,
      `${FILE}: encoding.hue: has both "field" and "value"; use one: "field" maps data through a scale, "value" sets a constant`,
      `${FILE}: look.blom: unknown key; did you mean "bloom"?`,
      `${FILE}: look.bloom.intensity: expected a number from 0 to 10, got "bright"`,
      `${FILE}: look.toneMapping: expected one of "aces", "agx", got "filmic"`,
      `${FILE}: motion.loopSeconds: expected a number from 1 to 3600, got 0`,
      `${FILE}: display.targetFps: expected an integer from 15 to 240, got 1000`,
    ]);
  });
});

describe('warnings', () => {
  const warningsOf = (text: string) => parseInstallationConfig(text, FILE);
  it.each([
    [{ motion: { loopSeconds: 4 } }, 'motion.loopSeconds: a 4 s loop plays each year of the window in a blink'],
    [{ data: { privacy: { minCommunitySize: 2 } } }, 'data.privacy.minCommunitySize: communities as small as 2 journeys'],
    [{ layout: { mask: 'mask.png' } }, 'layout.mask: the mask is ignored because layout.kind is "voronoi"'],
    [{ encoding: { pulsePhase: { field: 'community' } } }, 'encoding.pulsePhase.scale.type: "community" is categorical'],
    [{ $schema: 'https://example.com/other.json' }, '$schema: editors will not find the schema at "https://example.com/other.json"'],
    [{ motion: { breathing: { period: 1, depth: 0.5 } } }, 'motion.breathing.period: breathing every 1 s at depth 0.5 flickers'],
  ] as const)('%j warns, and still gives a config', (patch, warning) => {
    const r = warningsOf(withPatch(patch as Record<string, unknown>));
    expect(r.errors).toEqual([]);
    expect(r.config).not.toBeNull();
    expect(r.warnings.map((w) => w.text)).toHaveLength(1);
    expect(r.warnings[0].text).toContain(`${FILE}: ${warning}`);
  });

  it('warns about duplicate keys (the later wins)', () => {
    const r = parseInstallationConfig('{"version":2,"name":"a","name":"b","title":"T","data":{"source":"x.csv"}}', FILE);
    expect(r.config?.name).toBe('b');
    expect(r.warnings.map((w) => w.text)).toEqual([`${FILE}: name: duplicate key; the later value is used`]);
  });
});

describe('migration', () => {
  const v0 = JSON.stringify({
    version: 0,
    name: 'old',
    title: 'Old',
    palette: 'firefly',
    data: { source: 'journeys.csv' },
    look: { bloomStrength: 2.5, bloomThreshold: 0.4, exposure: 1.2 },
    motion: { loop: 30 },
  });

  it('upgrades version 0 with a message naming every move', () => {
    const r = parseInstallationConfig(v0, FILE);
    expect(r.errors).toEqual([]);
    expect(r.migratedFrom).toBe(0);
    expect(r.config?.version).toBe(2);
    expect(r.config?.look.palette).toBe('firefly');
    expect(r.config?.look.bloom).toEqual({ intensity: 2.5, threshold: 0.4, radius: 0.75, levels: 5 });
    expect(r.config?.look.exposure).toBe(1.2);
    expect(r.config?.motion.loopSeconds).toBe(30);
    expect(r.warnings.map((w) => w.text)).toEqual([
      `${FILE}: version: config version 0 upgraded to version 2 while reading (palette → look.palette; look.bloomStrength → look.bloom.intensity; look.bloomThreshold → look.bloom.threshold; motion.loop → motion.loopSeconds); make these changes in the file and set "version": 2 to silence this`,
    ]);
  });

  it('upgrades version 1: drops the settings that never did anything, lowers constants to what was shown', () => {
    const v1 = JSON.stringify({
      version: 1,
      name: 'old',
      title: 'Old',
      data: { source: 'journeys.csv' },
      layout: { seed: 3, maxCells: 1000000 },
      encoding: { size: { value: 3 }, pulseRate: { value: 10 } },
      motion: { scrub: true, loopSeconds: 30 },
    });
    const r = parseInstallationConfig(v1, FILE);
    expect(r.errors).toEqual([]);
    expect(r.migratedFrom).toBe(1);
    expect(r.config?.version).toBe(2);
    expect(r.config?.layout.seed).toBe(3);
    expect('maxCells' in r.config!.layout).toBe(false);
    expect('scrub' in r.config!.motion).toBe(false);
    expect(r.config?.encoding.size).toEqual({ value: 1 });
    expect(r.config?.encoding.pulseRate).toEqual({ value: 8 });
    expect(r.warnings.map((w) => w.text)).toEqual([
      `${FILE}: version: config version 1 upgraded to version 2 while reading (layout.maxCells removed (every journey is drawn; nothing ever sampled them); motion.scrub removed (visitors never could scrub the timeline); encoding.size.value 3 → 1 (the most it ever showed); encoding.pulseRate.value 10 → 8 (the most it ever showed)); make these changes in the file and set "version": 2 to silence this`,
    ]);
  });

  it('a version 1 file with nothing to change is read as it is, with one note', () => {
    const r = parseInstallationConfig(JSON.stringify({ version: 1, name: 'old', title: 'Old', data: { source: 'j.csv' } }), FILE);
    expect(r.errors).toEqual([]);
    expect(r.config?.version).toBe(2);
    expect(r.warnings.map((w) => w.message)).toEqual(['config version 1 upgraded to version 2 while reading; make these changes in the file and set "version": 2 to silence this']);
  });

  it('keeps the new key when a v0 file has both', () => {
    const r = parseInstallationConfig(
      JSON.stringify({ version: 0, name: 'old', title: 'Old', palette: 'gfp', look: { palette: 'abyss' }, data: { source: 'j.csv' } }),
      FILE,
    );
    expect(r.config?.look.palette).toBe('abyss');
    expect(r.warnings[0].message).toContain('palette dropped because look.palette is set');
  });

  it('validates the migrated config like any other', () => {
    const r = parseInstallationConfig(
      JSON.stringify({ version: 0, name: 'old', title: 'Old', palette: 'neon', data: { source: 'j.csv' } }),
      FILE,
    );
    expect(r.migratedFrom).toBe(0);
    expect(r.errors.map((e) => e.text)).toEqual([
      `${FILE}: look.palette: expected one of "noctiluca", "firefly", "gfp", "abyss", "foxfire", got "neon"`,
    ]);
  });

  it('does not mutate the text it was given', () => {
    const before = v0;
    parseInstallationConfig(v0, FILE);
    expect(v0).toBe(before);
  });
});

describe('defaults', () => {
  it('a minimal config of version, name, title and data.source is complete', () => {
    const r = parseInstallationConfig(JSON.stringify({ version: 2, name: 'tiny', title: 'Tiny', data: { source: 'journeys.csv' } }), FILE);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    const c = r.config!;
    expect(c.layout).toEqual({ kind: 'voronoi', mask: null, groupBy: 'community', seed: 1, relaxation: 2, gap: 0.12 });
    expect(c.look.palette).toBe('noctiluca');
    expect(c.look.bloom).toEqual({ intensity: 1.2, threshold: 0.6, radius: 0.75, levels: 5 });
    expect(c.motion.hold).toBeNull();
    expect(c.motion.reducedMotion).toBe('respect');
    expect(c.display.venue).toEqual({ wall: { columns: 1, rows: 1, bezel: 0, overlap: 0, gamma: 2.2 }, epoch: null, cornerPin: [] });
    expect(c.encoding.hue).toEqual({ field: 'wellness', scale: { type: 'linear', domain: 'auto', range: [0, 1] } });
    expect(c.encoding.glow).toEqual({ field: 'visits_per_year', scale: { type: 'quantile', domain: 'auto', range: [0.2, 1] } });
    expect(c.encoding.size).toEqual({ value: 1 });
    expect(c.encoding.pulsePhase).toMatchObject({ field: 'community', scale: { type: 'ordinal' } });
  });

  it('fills scale defaults on a channel that names only a field', () => {
    const r = parseInstallationConfig(withPatch({ encoding: { size: { field: 'events' } } }), FILE);
    expect(r.config?.encoding.size).toEqual({ field: 'events', scale: { type: 'linear', domain: 'auto', range: [0.5, 1] } });
  });

  it('defaultConfig(name) is valid and round-trips through the parser', () => {
    const c = defaultConfig('fresh');
    expect(c.name).toBe('fresh');
    expect(c.data.source).toBe('journeys.csv');
    const r = parseInstallationConfig(JSON.stringify(c), FILE);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.config).toEqual(c);
  });

  it('toDataSpec gives exactly the DataSpec keys, with defaults', () => {
    const spec = toDataSpec(defaultConfig('fresh'));
    expect(spec).toEqual({
      source: 'journeys.csv',
      format: 'event-log',
      columns: {},
      window: { start: null, end: null, keep: 'journeys-with-care-inside' },
      timelineSamples: 64,
      privacy: { minCommunitySize: 11, datePrecision: 'year', synthetic: false },
      communityFrom: null,
      codes: { snomed: {}, events: {} },
    });
  });

  it('toDataSpec carries the configured values', () => {
    const r = parseInstallationConfig(
      withPatch({ data: { format: 'fhir', columns: { journey_id: 'Patient' }, window: { start: '2140-01-01' }, communityFrom: 'address.city', privacy: { datePrecision: 'month' } } }),
      FILE,
    );
    const spec = toDataSpec(r.config!);
    expect(spec.format).toBe('fhir');
    expect(spec.columns).toEqual({ journey_id: 'Patient' });
    expect(spec.window).toEqual({ start: '2140-01-01', end: null, keep: 'journeys-with-care-inside' });
    expect(spec.communityFrom).toBe('address.city');
    expect(spec.privacy).toEqual({ minCommunitySize: 11, datePrecision: 'month', synthetic: false });
  });

  it('accepts extra data columns as encoding fields (checked later against the data)', () => {
    const r = parseInstallationConfig(withPatch({ encoding: { hue: { field: 'age_band', scale: { type: 'ordinal', domain: ['0-17', '18-64', '65+'] } } } }), FILE);
    expect(r.errors).toEqual([]);
  });
});
