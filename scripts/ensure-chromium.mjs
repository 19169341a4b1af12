#!/usr/bin/env node
// Browser tests and benchmarks drive Debian's Chromium. Make sure it is there: install it with
// apt-get when running as root, otherwise say how to install it and stop.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

const install = 'apt-get update && apt-get install -y chromium';
if (typeof process.getuid === 'function' && process.getuid() === 0) {
  console.log(`Chromium not found at ${path}; installing Debian's chromium (${install}) …`);
  const r = spawnSync('sh', ['-c', install], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.status === 0 && existsSync(path)) process.exit(0);
  console.error(`Installing chromium failed (exit ${r.status}). Install it by hand: sudo ${install}`);
  process.exit(1);
}
console.error(
  `Chromium is needed for the browser tests and was not found at ${path}.\n` +
    `Install Debian's chromium:  sudo ${install}\n` +
    `or point CHROMIUM_PATH at a Chromium binary.`,
);
process.exit(1);
