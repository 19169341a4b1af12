import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';

// The installations plugin (bake, config, importers) is loaded by Node through tsx, not bundled
// with this config: editing pipeline code must not restart the dev server.
register();
const pluginModule = pathToFileURL(new URL('./src/node/vitePlugin.ts', import.meta.url).pathname).href;
const { installationsPlugin } = (await import(/* @vite-ignore */ pluginModule)) as typeof import('./src/node/vitePlugin.ts');

export default defineConfig({
  // NOCTILUCA_INSTALLATIONS points the app at another installations folder (tests use a temporary one).
  plugins: [react(), installationsPlugin(process.env.NOCTILUCA_INSTALLATIONS || undefined)],
  server: { port: 5173, open: false },
  preview: { port: 4173 },
  build: { target: 'es2022', sourcemap: false },
  worker: { format: 'es' },
  // Pre-bundle the app's dependencies at start-up, so a first visit never triggers a reload.
  optimizeDeps: {
    entries: ['index.html'],
    include: ['react', 'react-dom/client', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'three', '@react-three/fiber', 'postprocessing', 'd3-delaunay', 'd3-hierarchy', 'simplex-noise', 'zod'],
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'], testTimeout: 30_000 },
      },
      {
        // Real Chromium (SwiftShader WebGL) against the real dev server: one file at a time on 2 cores.
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
