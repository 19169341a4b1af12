/**
 * Debian's Chromium, as the tests, the benchmarks and `noctiluca render` launch it. Without a GPU,
 * WebGL runs in SwiftShader. Background networking stays off: venues and CI machines are offline.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
