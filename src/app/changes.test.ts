import { describe, expect, it } from 'vitest';
import { defaultConfig, type InstallationConfig } from '../config/index.ts';
import { configChanges, type ConfigChanges } from './changes.ts';

type Edit = (c: InstallationConfig) => void;
const none: ConfigChanges = { data: false, layout: false, channels: [], look: false };

/** [what changes, the edit, what must be redone] */
const table: [string, Edit, Partial<ConfigChanges>][] = [
  ['nothing', () => {}, {}],
  ['the title (page state only)', (c) => (c.title = 'New'), {}],
  ['the credits', (c) => (c.credits = 'Us'), {}],
  ['data.source', (c) => (c.data.source = 'other.csv'), { data: true }],
  ['data.privacy.minCommunitySize', (c) => (c.data.privacy.minCommunitySize = 20), { data: true }],
  ['data.timelineSamples', (c) => (c.data.timelineSamples = 32), { data: true }],
  ['layout.gap (a uniform)', (c) => (c.layout.gap = 0.3), { look: true }],
  ['layout.seed (voronoi reads it)', (c) => (c.layout.seed = 9), { layout: true }],
  ['layout.relaxation (voronoi reads it)', (c) => (c.layout.relaxation = 5), { layout: true }],
  ['layout.kind', (c) => (c.layout.kind = 'hex'), { layout: true }],
  ['layout.groupBy', (c) => (c.layout.groupBy = null), { layout: true }],
  ['layout.mask, unread by voronoi', (c) => (c.layout.mask = 'm.png'), {}],
  ['layout.seed on hex (hex reads no seed)', (c) => ((c.layout.kind = 'hex'), (c.layout.seed = 9)), { layout: true }],
  ['encoding.hue.field: one channel', (c) => (c.encoding.hue = { field: 'emergency_share', scale: { type: 'linear', domain: 'auto', range: [0, 1] } }), { channels: ['hue'] }],
  ['encoding.glow.scale.range', (c) => ('field' in c.encoding.glow ? (c.encoding.glow.scale.range = [0.5, 1]) : null), { channels: ['glow'] }],
  ['encoding.size.value', (c) => (c.encoding.size = { value: 0.5 }), { channels: ['size'] }],
  ['two channels', (c) => ((c.encoding.size = { value: 0.5 }), (c.encoding.pulseRate = { value: 2 })), { channels: ['pulseRate', 'size'] }],
  ['a legend title (words only)', (c) => ('field' in c.encoding.hue ? (c.encoding.hue.legend = { title: 'Health' }) : null), { look: true }],
  ['encoding.order.field (the layout reads it)', (c) => (c.encoding.order = { field: 'last_date', scale: { type: 'linear', domain: 'auto', range: [0, 1] } }), { layout: true }],
  ['encoding.order.scale (the layout reads raw values)', (c) => ('field' in c.encoding.order ? (c.encoding.order.scale.type = 'quantile') : null), {}],
  ['look.palette', (c) => (c.look.palette = 'gfp'), { look: true }],
  ['look.bloom.intensity', (c) => (c.look.bloom.intensity = 2), { look: true }],
  ['motion.loopSeconds', (c) => (c.motion.loopSeconds = 30), { look: true }],
  ['display.dpr.max', (c) => (c.display.dpr.max = 1), { look: true }],
  ['data and a channel: the data wins, everything follows', (c) => ((c.data.source = 'x.csv'), (c.encoding.size = { value: 0.5 })), { data: true, channels: ['size'] }],
];

describe('configChanges: which change redoes what', () => {
  it.each(table)('%s', (_, edit, expected) => {
    const a = defaultConfig('t');
    const b = structuredClone(a);
    edit(b);
    expect(configChanges(a, b)).toEqual({ ...none, ...expected });
  });

  it('a layout setting hex does not read changes nothing on hex', () => {
    const a = defaultConfig('t');
    a.layout.kind = 'hex';
    const b = structuredClone(a);
    b.layout.seed = 99;
    b.layout.relaxation = 9;
    expect(configChanges(a, b)).toEqual(none);
  });
});
