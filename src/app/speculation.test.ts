import { describe, expect, it } from 'vitest';
import { encodeBake } from '../bake/codec.ts';
import { defaultConfig } from '../config/index.ts';
import { copyColumns } from '../encode/cellTable.ts';
import { syntheticBake } from '../encode/testBake.ts';
import { CellBuilder, type PipelineRequest } from './cells.ts';
import { channelSpecs, gpuChannels, layoutRequest } from './requests.ts';
import { Speculation } from './speculation.ts';

const noMask = () => Promise.reject(new Error('no mask here'));
const journeys = syntheticBake(300, { seed: 3 });
const config = defaultConfig('test');
const text = JSON.stringify(config);
const bytes = () => encodeBake(journeys).slice().buffer as ArrayBuffer;
const build = (aspect: number, adopt = true): PipelineRequest => ({ type: 'build', key: 1, layout: layoutRequest(config, aspect, null), channels: channelSpecs(config, gpuChannels()), adopt });

describe('the early first build (speculation.ts)', () => {
  it('answers the first build with what that build computes, when it is the very request', async () => {
    const s = new Speculation(noMask);
    await s.start({ type: 'speculate', name: 'test', config: text, bake: bytes(), aspect: 16 / 9 });
    expect(await s.answer({ type: 'load', key: 1, columns: copyColumns(journeys) })).toBeNull();
    const early = await s.answer(build(16 / 9));
    const builder = new CellBuilder(noMask);
    await builder.handle({ type: 'load', key: 1, columns: copyColumns(journeys) });
    const own = await builder.handle(build(16 / 9));
    expect(early).not.toBeNull();
    if (early?.type !== 'built' || own.type !== 'built') throw new Error('not built');
    expect(early.geometry).toEqual(own.geometry);
    expect(early.columns).toEqual(own.columns);
    expect(early.layoutWarnings).toEqual(own.layoutWarnings);
  });

  it('declines another request, a build that does not adopt, and any after the first', async () => {
    const at = async (aspect: number, adopt: boolean) => {
      const s = new Speculation(noMask);
      await s.start({ type: 'speculate', name: 'test', config: text, bake: bytes(), aspect: 16 / 9 });
      return s.answer(build(aspect, adopt));
    };
    expect(await at(4 / 3, true)).toBeNull();
    expect(await at(16 / 9, false)).toBeNull();
    const s = new Speculation(noMask);
    await s.start({ type: 'speculate', name: 'test', config: text, bake: bytes(), aspect: 16 / 9 });
    expect(await s.answer(build(16 / 9))).not.toBeNull();
    expect(await s.answer(build(16 / 9))).toBeNull();
  });

  it('does nothing once the page core has spoken, or for a config that does not validate', async () => {
    const late = new Speculation(noMask);
    expect(await late.answer({ type: 'load', key: 1, columns: copyColumns(journeys) })).toBeNull();
    await late.start({ type: 'speculate', name: 'test', config: text, bake: bytes(), aspect: 16 / 9 });
    expect(await late.answer(build(16 / 9))).toBeNull();
    const invalid = new Speculation(noMask);
    await invalid.start({ type: 'speculate', name: 'test', config: '{"layout": 3}', bake: bytes(), aspect: 16 / 9 });
    expect(await invalid.answer(build(16 / 9))).toBeNull();
  });

  it('reads the bodies as streams, of the bake only its columns', async () => {
    const all = new Uint8Array(bytes());
    let sent = 0;
    let cancelled = false;
    const bake = new ReadableStream<Uint8Array>(
      {
        pull(c) {
          if (sent >= all.byteLength) return c.close();
          c.enqueue(all.slice(sent, sent + 1024));
          sent += 1024;
        },
        cancel: () => void (cancelled = true),
      },
      { highWaterMark: 0 },
    );
    const s = new Speculation(noMask);
    await s.start({ type: 'speculate', name: 'test', config: new Response(text).body!, bake, aspect: 16 / 9 });
    const early = await s.answer(build(16 / 9));
    const builder = new CellBuilder(noMask);
    await builder.handle({ type: 'load', key: 1, columns: copyColumns(journeys) });
    const own = await builder.handle(build(16 / 9));
    if (early?.type !== 'built' || own.type !== 'built') throw new Error('not built');
    expect(early.geometry).toEqual(own.geometry);
    expect(early.columns).toEqual(own.columns);
    expect(cancelled).toBe(true);
    expect(sent).toBeLessThan(all.byteLength); // where it stops exactly: src/bake/codec.test.ts
  });
});
