/**
 * Names such as `constructor`, `toString` and `__proto__` are ordinary unknown names wherever data or
 * a config can put them: CSV headers, JSON keys, config keys, event kinds, community names. None
 * finds something of Object.prototype, none sets a prototype, none crashes (issue 14).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createBaker } from '../bake/bake';
import { decodeBake, encodeBake } from '../bake/codec';
import { parseInstallationConfig } from '../config/index';
import { fieldValues } from '../encode/cellTable';
import { parseEventLogText } from './eventLog';
import { readSyntheaCsv } from './import/synthea';
import { collectingSink, testSpec } from './testing';
import { parseEventKind, parseAccessKind } from './values';

const NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];
const spec = testSpec({ privacy: { minCommunitySize: 1, datePrecision: 'year' } });

describe('prototype names in data', () => {
  it('as event kinds and access kinds: unknown, read as "other" with a warning', () => {
    for (const n of NAMES) {
      expect(parseEventKind(n)).toBeNull();
      expect(parseAccessKind(n)).toBeNull();
    }
    const rows = NAMES.map((n, k) => `j${k},2140-01-01,${n},Harbour,${n}`).join('\n');
    const { events, issues } = (() => {
      const sink = collectingSink();
      parseEventLogText(`journey_id,date,event,community,access\n${rows}`, 'log.csv', spec, sink);
      return sink;
    })();
    expect(events.map((e) => e.kind)).toEqual(NAMES.map(() => 'other'));
    expect(issues.filter((i) => i.code === 'unknown-event')).toHaveLength(NAMES.length);
    expect(issues.filter((i) => i.code === 'unknown-access')).toHaveLength(NAMES.length);
  });

  it('as CSV headers, community names and values: kept, baked, encoded and decoded like any other', () => {
    const header = `journey_id,date,event,community,${NAMES.join(',')}`;
    const rows = NAMES.map((n, k) => `j${k},2140-01-01,checkup,${n},${NAMES.map((_, c) => (c === k ? n : `${k}`)).join(',')}`);
    const sink = collectingSink();
    parseEventLogText([header, ...rows].join('\n'), 'log.csv', spec, sink);
    expect(sink.issues).toEqual([]);
    expect(Object.keys(sink.events[0].extra!)).toEqual(NAMES);
    expect(sink.events.map((e) => e.community)).toEqual(NAMES);

    const baker = createBaker(spec, 'names');
    for (const e of sink.events) baker.event(e);
    const bake = decodeBake(encodeBake(baker.finish()));
    expect([...bake.communities].sort()).toEqual([...NAMES].sort());
    expect(Object.keys(bake.fields).sort()).toEqual([...NAMES].sort());
    for (const n of NAMES) {
      const f = fieldValues(bake, n);
      expect(f?.kind).toBe('categorical');
      expect(f && f.kind === 'categorical' && [...f.categories].sort()).toEqual([n, '1', '2', '3', '4', '0'].filter((v) => v !== String(NAMES.indexOf(n))).sort());
    }
    // A name the data does not have is unknown, whatever Object.prototype holds.
    expect(fieldValues({ ...bake, fields: Object.create(null) }, 'constructor')).toBeNull();
    expect(fieldValues(bake, 'isPrototypeOf')).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('as JSON keys: a record without the key has no such column', () => {
    // Written by hand: JSON.stringify leaves out an own "__proto__" made by an object literal.
    const withProto =
      '[{"journey_id":"a","date":"2140","event":"checkup","constructor":"c","__proto__":"p"},' +
      '{"journey_id":"b","date":"2140","event":"checkup"}]';
    const sink = collectingSink();
    parseEventLogText(withProto, 'log.json', spec, sink);
    expect(sink.events.map((e) => ({ ...e.extra }))).toEqual([
      { constructor: 'c', ['__proto__']: 'p' },
      { constructor: '', ['__proto__']: '' },
    ]);
    expect(Object.getPrototypeOf(sink.events[1].extra)).toBeNull();
  });
});

describe('prototype names in configs', () => {
  const base = { version: 1, name: 'x', title: 'X', data: { source: 'journeys.csv' } };
  it.each(NAMES)('"%s" as a key is an unknown key with a message', (n) => {
    for (const text of [
      `{"version":1,"name":"x","title":"X","data":{"source":"journeys.csv"},"${n}":1}`,
      `{"version":1,"name":"x","title":"X","data":{"source":"journeys.csv"},"look":{"${n}":{"a":1}}}`,
    ]) {
      const r = parseInstallationConfig(text, 'installation.json');
      expect(r.config).toBeNull();
      expect(r.errors.map((e) => e.text).join('\n')).toMatch(new RegExp(`${n.replace(/_/g, '_')}: unknown key`));
    }
  });

  it('as column names and encoding fields: plain strings', () => {
    const text = JSON.stringify({ ...base, data: { source: 'journeys.csv', columns: { story: 'constructor' } }, encoding: { hue: { field: 'toString' } } }).replace(
      '"columns":{',
      '"columns":{"__proto__":"x",',
    );
    const r = parseInstallationConfig(text, 'installation.json');
    expect(r.errors).toEqual([]);
    expect(Object.getPrototypeOf(r.config!.data.columns)).not.toBe('x');
    expect(r.config!.data.columns.story).toBe('constructor');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('prototype names in a Synthea export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'noctiluca-names-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counties named like Object.prototype members are counted like any other', async () => {
    cpSync(fileURLToPath(new URL('../../tests/fixtures/synthea/sample', import.meta.url)), dir, { recursive: true });
    const file = join(dir, 'patients.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    // COUNTY is column 21 (index 20); rename the county of every patient after the header.
    const renamed = lines.map((l, k) => {
      if (k === 0 || !l) return l;
      const f = l.split(',');
      f[20] = NAMES[k % NAMES.length];
      return f.join(',');
    });
    writeFileSync(file, renamed.join('\n'));
    const sink = collectingSink();
    const summary = await readSyntheaCsv(dir, testSpec({ format: 'synthea-csv', privacy: { minCommunitySize: 1, datePrecision: 'year' } }), sink);
    const tally = summary.tallies.communities;
    expect(Object.keys(tally).sort()).toEqual([...NAMES].sort());
    expect(Object.values(tally).every((n) => Number.isInteger(n) && n > 0)).toBe(true);
    expect(new Set(sink.events.map((e) => e.community))).toEqual(new Set(NAMES.filter((n) => sink.events.some((e) => e.community === n))));
  });
});
