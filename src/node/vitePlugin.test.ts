import { resolveConfig, type IndexHtmlTransformContext } from 'vite';
import { describe, expect, it } from 'vitest';
import { deniedFiles, installationsPlugin, VITE_DEFAULT_DENY } from './vitePlugin.ts';

const root = new URL('../..', import.meta.url).pathname;

describe('the installations plugin keeps other pages out', () => {
  it('repeats Vite’s own deny list exactly (a list in the config replaces it)', async () => {
    const plain = await resolveConfig({ root, configFile: false, logLevel: 'silent' }, 'serve');
    expect(plain.server.fs.deny).toEqual(VITE_DEFAULT_DENY);
  });

  it('turns CORS off and denies the installations, the fixtures and raw data files to Vite’s file serving', async () => {
    const resolved = await resolveConfig({ root, configFile: false, logLevel: 'silent', plugins: [installationsPlugin('/tmp/elsewhere')] }, 'serve');
    expect(resolved.server.cors).toBe(false);
    expect(resolved.server.fs.deny).toEqual([...VITE_DEFAULT_DENY, ...deniedFiles('/tmp/elsewhere')]);
    expect(deniedFiles('/tmp/elsewhere')).toEqual(
      expect.arrayContaining([`${root}installations/**`, '/tmp/elsewhere', '/tmp/elsewhere/**', `${root}tests/fixtures/**`, '**/*.{csv,tsv,ndjson,jsonl}']),
    );
  });

  it('a folder name with glob characters is matched literally', () => {
    expect(deniedFiles('/tmp/a[1]*')).toContain('/tmp/a\\[1\\]\\*/**');
  });

  it('writes the session token into index.html in development only', async () => {
    const plugin = installationsPlugin('/tmp/elsewhere');
    await resolveConfig({ root, configFile: false, logLevel: 'silent', plugins: [plugin] }, 'serve');
    const hook = (plugin.transformIndexHtml as { handler: (html: string, ctx: IndexHtmlTransformContext) => unknown }).handler;
    const dev = hook('', { server: {} } as IndexHtmlTransformContext);
    expect(dev).toEqual([{ tag: 'meta', attrs: { name: 'noctiluca-session', content: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) }, injectTo: 'head' }]);
    expect(hook('', {} as IndexHtmlTransformContext)).toEqual([]);
  });
});
