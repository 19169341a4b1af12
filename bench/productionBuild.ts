/**
 * One `vite build` of the project as a site ships it, for the benchmarks that measure a build
 * (bench/bundle.ts: its chunks; bench/server.ts: the pages metrics 1-3, 5 and 11 load). NODE_ENV is
 * production for the build even under vitest (which sets NODE_ENV=test, and Vite would then build
 * with import.meta.env.DEV true); `env` sets more variables for the build alone. Both are restored.
 */
import { join } from 'node:path';
import { build, type BuildEnvironmentOptions } from 'vite';

export async function productionBuild(root: string, options: BuildEnvironmentOptions, env: Record<string, string> = {}): Promise<void> {
  const vars = { ...env, NODE_ENV: 'production' };
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'error', mode: 'production', build: options });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
